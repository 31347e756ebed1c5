/** Conversations: list and get. */
import { ApiError, badParameter, decodeToken, encodeToken, pageJson, parsePageSize } from '../http';
import { countAtLeast, type SandboxConversation, type Store } from '../store';
import type { Route } from './route';

function listConversations(store: Store, query: URLSearchParams): string {
	const orderBy = query.get('orderBy');
	if (orderBy === null) throw badParameter('orderBy is required ("created" or "last_message")');
	if (orderBy !== 'created' && orderBy !== 'last_message') {
		throw badParameter('orderBy must be "created" or "last_message"');
	}
	const pageSize = parsePageSize(query.get('pageSize'), 1, 200, 50);
	const order = store.data.orders[orderBy];
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
	const found = store.data.conversationById.get(id);
	if (!found) throw new ApiError(404, 'NOT_FOUND', 'Conversation not found');
	return found;
}

export const conversationRoutes: Route[] = [
	{ method: 'GET', path: '/conversations', handle: ({ store, query }) => listConversations(store, query) },
	{
		method: 'GET',
		path: '/conversations/{id}',
		handle: ({ store, params }) => `{"conversation":${findConversation(store, params[0]).json}}`,
	},
];
