/** Conversations: list, get, create (secure or note), update (archive, assign, tags). */
import { ApiError, badParameter, decodeToken, encodeToken, isPlainObject, newId, pageJson, parsePageSize } from '../http';
import { freshConversation } from '../seed';
import { countAtLeast, type SandboxConversation, type Store } from '../store';
import { conversationTagsOf } from './labels';
import { validateMessage } from './messages';
import { jsonBody, type Route, type RouteContext } from './route';


function listConversations(store: Store, query: URLSearchParams): string {
	const orderBy = query.get('orderBy');
	if (orderBy === null) throw badParameter('orderBy is required ("created" or "last_message")');
	if (orderBy !== 'created' && orderBy !== 'last_message') {
		throw badParameter('orderBy must be "created" or "last_message"');
	}
	const pageSize = parsePageSize(query.get('pageSize'), 1, 200, 50);
	// Conversations that came alive in this session (created, written to) come first.
	const order = store.webhooks.activity.withLiveConversations(orderBy, store.data.orders[orderBy], store.data.conversationById);
	const list = `conversations:${orderBy}`;
	const token = query.get('paginationToken');
	const startFrom = query.get('startFrom');
	if (token !== null && startFrom !== null) throw badParameter('Only one of startFrom or paginationToken can be provided');

	let offset = 0;
	let windowEnd = order.json.length;
	if (token !== null) {
		({ offset, end: windowEnd } = decodeToken(token, list, order.json.length));
	} else if (startFrom !== null) {
		const min = Date.parse(startFrom);
		if (!/^\d{4}-\d{2}-\d{2}T/.test(startFrom) || Number.isNaN(min)) {
			throw badParameter('startFrom must be an RFC 3339 date-time');
		}
		windowEnd = countAtLeast(order.times, min);
	}
	const end = Math.min(windowEnd, offset + pageSize);
	const next = end < windowEnd ? encodeToken(list, end, windowEnd) : null;
	return pageJson('conversations', order.json.slice(offset, end), windowEnd, next);
}

export function findConversation(store: Store, id: string): { conversation: SandboxConversation; json: string } {
	const found = store.data.conversationById.get(id) ?? store.webhooks.activity.conversation(id);
	if (!found) throw new ApiError(404, 'NOT_FOUND', 'Conversation not found');
	return found;
}

/** A conversation made through the API, added to the store. */
export function newConversation(
	store: Store,
	fields: Pick<SandboxConversation, 'type' | 'title' | 'subtitle'> & { associatedContactIds?: string[] },
): SandboxConversation {
	const conversation = freshConversation(store.nextId('t_'), fields);
	store.putConversation(conversation);
	return conversation;
}

function createConversation(ctx: RouteContext): { status: number; body: string } {
	const { store } = ctx;
	const raw = jsonBody(ctx.body);
	if (!isPlainObject(raw)) throw badParameter('The body must be a JSON object');
	const key = store.idempotencyKeyOf(ctx.req);
	const type = raw.type as 'secure' | 'note';
	const details = (isPlainObject(raw[type]) ? raw[type] : {}) as Record<string, unknown>;
	if (type === 'secure' && !(details.destinationContactIds as string[] | undefined)?.length) {
		throw badParameter('secure.destinationContactIds is required');
	}
	const contactIds = ((type === 'secure' ? details.destinationContactIds : details.associatedContactIds) ?? []) as string[];
	for (const id of contactIds) if (!store.contacts.has(id)) throw badParameter(`Invalid Contact ID "${id}"`);
	const message = isPlainObject(details.message)
		? validateMessage(details.message, { type } as SandboxConversation, store.data.memberById, store.mediaIds)
		: null;
	store.claimKey(ctx.path, key);
	const names = contactIds.map((c) => store.contacts.get(c)!.displayName);
	const conversation = newConversation(store, {
		title: type === 'note' ? String(details.title ?? 'Note') : names.join(', '),
		subtitle: type === 'note' ? 'Note' : String(details.subject ?? 'Secure conversation'),
		type,
		associatedContactIds: contactIds,
	});
	const answer: Record<string, unknown> = { conversation };
	if (message) {
		const requestId = `asyncRequest_${newId(10)}`;
		store.deliver(conversation, message, requestId);
		answer.postMessageRequestId = requestId;
	}
	return { status: 201, body: JSON.stringify(answer) };
}

function updateConversation(ctx: RouteContext): string {
	const { store } = ctx;
	const { conversation } = findConversation(store, ctx.params[0]);
	const raw = jsonBody(ctx.body) as Record<string, unknown>;
	const key = store.idempotencyKeyOf(ctx.req);
	const updated = { ...conversation } as SandboxConversation & Record<string, unknown>;
	if (typeof raw.archived === 'boolean') updated.archived = raw.archived;
	if (typeof raw.assignToMemberId === 'string') {
		const member = store.data.memberById.get(raw.assignToMemberId);
		if (!member || member.type === 'organization') throw badParameter('assignToMemberId is not a teammate or team');
		updated.assignedToMemberId = raw.assignToMemberId;
	}
	if (Array.isArray(raw.tagIds)) {
		// tagIds of an update must be among the organization's conversation tags
		const known = conversationTagsOf(store);
		updated.tags = (raw.tagIds as string[]).map((tagId) => {
			const tag = known.find((t) => t.id === tagId);
			if (!tag) throw badParameter(`Invalid tag ID "${tagId}"`);
			return { id: tag.id, value: tag.value };
		}) as unknown as string[];
	}
	store.claimKey(ctx.path, key);
	store.putConversation(updated);
	return JSON.stringify(updated);
}

export const conversationRoutes: Route[] = [
	{ method: 'POST', path: '/conversations', handle: createConversation },
	{ method: 'PATCH', path: '/conversations/{id}', handle: updateConversation },
	{ method: 'GET', path: '/conversations', handle: ({ store, query }) => listConversations(store, query) },
	{
		method: 'GET',
		path: '/conversations/{id}',
		handle: ({ store, params }) => `{"conversation":${findConversation(store, params[0]).json}}`,
	},
];
