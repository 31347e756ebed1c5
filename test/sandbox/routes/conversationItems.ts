/** Conversation items: list per conversation, get, delete; transcriptions; attachment files at signed URLs. */
import type * as http from 'node:http';

import { ApiError, badParameter, decodeToken, encodeToken, newId } from '../http';
import type { Item } from '../activity';
import { TRANSCRIPTIONS, type SandboxItem } from '../practice';
import type { Store } from '../store';
import { findConversation } from './conversations';
import type { Route } from './route';

/** Where the sandbox serves attachment bytes; no token needed, as with Spruce's signed URLs. */
export const FILES_PREFIX = '/_files/';

/** An item as the API shows it: attachment URLs signed for the host that asked. */
export function itemJson(item: SandboxItem | Item, req: http.IncomingMessage): SandboxItem | Item {
	const origin = `http://${req.headers.host}`;
	const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
	return {
		...item,
		attachments: ((item.attachments ?? []) as SandboxItem['attachments']).map((attachment, index) => ({
			...attachment,
			data: {
				...attachment.data,
				signedUrl: { url: `${origin}${FILES_PREFIX}${item.id}/${index}?signature=${newId(8)}`, expiresAt },
			},
		})),
	};
}

function findItem(store: Store, id: string): SandboxItem {
	const item = store.items.find((i) => i.id === id);
	if (!item) throw new ApiError(404, 'NOT_FOUND', 'Conversation item not found');
	return item;
}

function listItems(store: Store, conversationId: string, query: URLSearchParams, req: http.IncomingMessage): string {
	findConversation(store, conversationId);
	const raw = query.get('pageSize');
	const pageSize = raw === null ? 50 : Number(raw);
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) throw badParameter('pageSize must be an integer from 1 to 200');
	const order = query.get('order') ?? 'newest_first';
	const list = store.itemsOf(conversationId);
	if (order === 'newest_first') list.reverse();
	const name = `items:${conversationId}:${order}`;
	const token = query.get('paginationToken');
	const startFrom = query.get('startFrom');
	if (token !== null && startFrom !== null) throw badParameter('Only one of startFrom or paginationToken can be provided');
	// The page window, as indexes into the whole ordered list (a token carries it on).
	let offset = 0;
	let end = list.length;
	if (token !== null) {
		({ offset, end } = decodeToken(token, name, list.length));
	} else if (startFrom !== null) {
		const min = Date.parse(startFrom);
		if (!/^\d{4}-\d{2}-\d{2}T/.test(startFrom) || Number.isNaN(min)) throw badParameter('startFrom must be an RFC 3339 date-time');
		const recent = list.filter((i) => Date.parse(i.createdAt) >= min).length;
		if (order === 'newest_first') end = recent;
		else offset = list.length - recent;
	}
	const stop = Math.min(end, offset + pageSize);
	const next = stop < end ? encodeToken(name, stop, end) : null;
	return JSON.stringify({
		conversationItems: list.slice(offset, stop).map((i) => itemJson(i, req)),
		totalCount: end - offset,
		hasMore: next !== null,
		...(next ? { paginationToken: next } : {}),
	});
}

export const conversationItemRoutes: Route[] = [
	{
		method: 'GET',
		path: '/conversations/{id}/items',
		handle: ({ store, params, query, req }) => listItems(store, params[0], query, req),
	},
	{
		method: 'GET',
		path: '/conversationItems/{id}',
		handle: ({ store, params, req }) => JSON.stringify({ conversationItem: itemJson(findItem(store, params[0]), req) }),
	},
	{
		method: 'DELETE',
		path: '/conversationItems/{id}',
		handle: ({ store, params }) => {
			const item = findItem(store, params[0]);
			if (!item.canDelete) throw badParameter('This conversation item cannot be deleted');
			store.items = store.items.filter((i) => i !== item);
			return JSON.stringify({ requestId: `asyncRequest_${newId(10)}` });
		},
	},
	{
		method: 'GET',
		path: '/transcriptions/{id}',
		handle: ({ params }) => {
			const transcription = TRANSCRIPTIONS[params[0]];
			if (!transcription) throw new ApiError(404, 'NOT_FOUND', 'Transcription not found');
			return JSON.stringify({ transcription });
		},
	},
];
