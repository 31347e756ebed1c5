/**
 * Scheduled messages: schedule in a conversation (`sendAt` must be in the future), list per
 * conversation (one answer, no paging) or for the organization (pages Spruce sizes), delete.
 */
import { ApiError, badParameter, isPlainObject } from '../http';
import { ORG_ID } from '../seed';
import type { Store } from '../store';
import { findConversation } from './conversations';
import { validateMessage } from './messages';
import { pageOf } from './paging';
import { jsonBody, type Route, type RouteContext } from './route';

/** GET /scheduledmessages takes no pageSize: the sandbox answers this many per page. */
export const SCHEDULED_PAGE_SIZE = 3;

export interface SandboxScheduledMessage {
	id: string;
	conversationId: string;
	createdAt: string;
	modifiedAt: string;
	isInternalNote: boolean;
	message: { text: string; attachments: unknown[]; pagedInternalMemberIds: string[] };
	scheduledToSendAt: string;
	sendAsInternalMemberId: string;
	object: 'scheduledMessage';
}

function scheduled(
	id: string,
	conversationId: string,
	text: string,
	sendAt: string,
	author = ORG_ID,
): SandboxScheduledMessage {
	const at = '2025-06-01T08:00:00.000Z';
	return {
		id,
		conversationId,
		createdAt: at,
		modifiedAt: at,
		isInternalNote: false,
		message: { text, attachments: [], pagedInternalMemberIds: [] },
		scheduledToSendAt: sendAt,
		sendAsInternalMemberId: author,
		object: 'scheduledMessage',
	};
}

const seed = () => [
	scheduled(
		'sm_0001',
		't_0001',
		'Reminder: your appointment is tomorrow at 10:00.',
		'2099-01-01T10:00:00.000Z',
	),
	scheduled('sm_0002', 't_0002', 'Your lab results are ready.', '2099-01-02T10:00:00.000Z'),
];

export const scheduledMessagesOf = (store: Store) => store.state('scheduledMessages', seed);

function schedule(ctx: RouteContext): { status: number; body: string } {
	const { store } = ctx;
	const { conversation } = findConversation(store, ctx.params[0]);
	const raw = jsonBody(ctx.body);
	if (!isPlainObject(raw)) throw badParameter('The request body must be a JSON object');
	const key = store.idempotencyKeyOf(ctx.req);
	const sendAt = typeof raw.sendAt === 'string' ? Date.parse(raw.sendAt) : NaN;
	if (Number.isNaN(sendAt)) throw badParameter('sendAt is required (an RFC 3339 date and time)');
	if (sendAt <= Date.now()) throw badParameter('sendAt must be in the future');
	const message = validateMessage(raw.message, conversation, store.data.memberById, store.mediaIds);
	store.claimKey(ctx.path, key);
	const now = new Date().toISOString();
	const created: SandboxScheduledMessage = {
		...scheduled(
			store.nextId('sm_'),
			conversation.id,
			'',
			new Date(sendAt).toISOString(),
			message.author ?? ORG_ID,
		),
		createdAt: now,
		modifiedAt: now,
		isInternalNote: message.internal === true,
		message: {
			text: message.body
				.filter((e) => e.type === 'text')
				.map((e) => e.value)
				.join(' '),
			attachments: [],
			pagedInternalMemberIds: message.body.filter((e) => e.type === 'page').map((e) => e.value),
		},
	};
	scheduledMessagesOf(store).push(created);
	return { status: 201, body: JSON.stringify({ scheduledMessage: created }) };
}

export const scheduledMessageRoutes: Route[] = [
	{ method: 'POST', path: '/conversations/{id}/scheduledmessages', handle: schedule },
	{
		method: 'GET',
		path: '/conversations/{id}/scheduledmessages',
		handle: ({ store, params }) => {
			findConversation(store, params[0]);
			const scheduledMessages = scheduledMessagesOf(store).filter(
				(m) => m.conversationId === params[0],
			);
			return JSON.stringify({ scheduledMessages });
		},
	},
	{
		method: 'GET',
		path: '/scheduledmessages',
		handle: ({ store, query }) =>
			pageOf(scheduledMessagesOf(store), query, 'scheduledMessages', { size: SCHEDULED_PAGE_SIZE }),
	},
	{
		method: 'DELETE',
		path: '/scheduledmessages/{id}',
		handle: ({ store, params }) => {
			const list = scheduledMessagesOf(store);
			const at = list.findIndex((m) => m.id === params[0]);
			if (at < 0) throw new ApiError(404, 'NOT_FOUND', 'Scheduled message not found');
			list.splice(at, 1);
			return '{}';
		},
	},
];
