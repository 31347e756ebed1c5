/** POST /conversations/{id}/messages, checked strictly against conversation_messagePost. */
import type * as http from 'node:http';
import { ApiError, badParameter, isPlainObject, newId } from '../http';
import type { SandboxConversation, SandboxMember, Store } from '../store';
import { findConversation } from './conversations';
import { jsonBody, type Route } from './route';

export const MAX_ATTACHMENTS = 5;

const MESSAGE_FIELDS = new Set(['body', 'author', 'attachments', 'internal', 'stayArchived']);
const BODY_ELEMENT_FIELDS = new Set(['type', 'value']);
const ATTACHMENT_FIELDS = new Set(['attachmentId', 'title']);

export interface ValidMessage {
	body: { type: string; value: string }[];
	author?: string;
	attachments?: { attachmentId: string; title: string }[];
	internal?: boolean;
	stayArchived?: boolean;
}

export function validateMessage(
	raw: unknown,
	conversation: SandboxConversation,
	members: Map<string, SandboxMember>,
	mediaIds: Set<string>,
): ValidMessage {
	if (!isPlainObject(raw)) throw badParameter('The request body must be a JSON object');
	for (const key of Object.keys(raw)) {
		if (!MESSAGE_FIELDS.has(key)) throw badParameter(`Unknown field "${key}"`);
	}

	const message: ValidMessage = { body: [] };

	if (raw.body === undefined) throw badParameter('body is required');
	if (!Array.isArray(raw.body)) throw badParameter('body must be an array');
	if (raw.body.length === 0) throw badParameter('body must contain at least one element');
	let hasPage = false;
	raw.body.forEach((element: unknown, i: number) => {
		const where = `body[${i}]`;
		if (!isPlainObject(element)) throw badParameter(`${where} must be an object`);
		for (const key of Object.keys(element)) {
			if (!BODY_ELEMENT_FIELDS.has(key)) throw badParameter(`Unknown field "${where}.${key}"`);
		}
		const { type, value } = element;
		if (typeof type !== 'string') throw badParameter(`${where}.type must be a string`);
		if (type !== 'text' && type !== 'page') throw badParameter(`${where}.type must be "text" or "page"`);
		if (typeof value !== 'string') throw badParameter(`${where}.value must be a string`);
		if (type === 'text' && value.trim() === '') throw badParameter(`${where}.value must not be blank`);
		if (type === 'page') {
			const member = members.get(value);
			if (!member || member.type === 'organization') throw badParameter(`${where}.value is not a teammate or team id`);
			hasPage = true;
		}
		message.body.push({ type, value });
	});

	if (raw.author !== undefined) {
		if (typeof raw.author !== 'string') throw badParameter('author must be a string');
		if (!members.has(raw.author)) throw badParameter('author is not a member of the organization');
		message.author = raw.author;
	}

	if (raw.attachments !== undefined) {
		if (!Array.isArray(raw.attachments)) throw badParameter('attachments must be an array');
		if (raw.attachments.length > MAX_ATTACHMENTS) throw badParameter(`attachments can hold at most ${MAX_ATTACHMENTS} items`);
		message.attachments = raw.attachments.map((attachment: unknown, i: number) => {
			const where = `attachments[${i}]`;
			if (!isPlainObject(attachment)) throw badParameter(`${where} must be an object`);
			for (const key of Object.keys(attachment)) {
				if (!ATTACHMENT_FIELDS.has(key)) throw badParameter(`Unknown field "${where}.${key}"`);
			}
			const { attachmentId, title } = attachment;
			if (typeof attachmentId !== 'string' || attachmentId === '') {
				throw badParameter(`${where}.attachmentId must be a non-empty string`);
			}
			if (typeof title !== 'string' || title === '') throw badParameter(`${where}.title must be a non-empty string`);
			if (!mediaIds.has(attachmentId)) throw badParameter('Invalid attachment ID');
			return { attachmentId, title };
		});
	}

	for (const flag of ['internal', 'stayArchived'] as const) {
		const value = raw[flag];
		if (value === undefined) continue;
		if (typeof value !== 'boolean') throw badParameter(`${flag} must be a boolean`);
		message[flag] = value;
	}

	if (hasPage && message.internal !== true) throw badParameter('Messages with page elements must be internal (internal: true)');
	if (conversation.type === 'note' && message.internal !== true) {
		throw badParameter('Note conversations accept internal messages only (internal: true)');
	}
	return message;
}

function postMessage(store: Store, conversationId: string, req: http.IncomingMessage, body: Buffer): string {
	const { conversation } = findConversation(store, conversationId);
	const key = store.idempotencyKeyOf(req);
	if (conversation.isReadOnly) {
		throw new ApiError(400, 'CONVERSATION_READ_ONLY', 'This conversation is read-only; messages cannot be posted to it.');
	}
	const message = validateMessage(jsonBody(body), conversation, store.data.memberById, store.mediaIds);

	const now = Date.now();
	store.claimKey(`/conversations/${conversationId}/messages`, key, now);
	const requestId = `asyncRequest_${newId(10)}`;
	const ledger = store.ledger();
	ledger.messages.push({
		seq: ledger.messages.length + 1,
		conversationId,
		idempotencyKey: key,
		requestId,
		...message,
		receivedAt: new Date(now).toISOString(),
	});
	store.deliver(conversation, message, requestId);
	return JSON.stringify({ requestId });
}

export const messageRoutes: Route[] = [
	{
		method: 'POST',
		path: '/conversations/{id}/messages',
		faultTarget: 'messages',
		perConversation: true,
		handle: ({ store, params, req, body }) => postMessage(store, params[0], req, body),
	},
];
