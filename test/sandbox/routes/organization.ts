/** GET /organization and GET /organization/members. */
import { decodeToken, encodeToken, pageJson, parsePageSize } from '../http';
import type { Store } from '../store';
import type { Route } from './route';

function listMembers(store: Store, query: URLSearchParams): string {
	const pageSize = parsePageSize(query.get('pageSize'), 2, 500, 100);
	const total = store.data.memberJson.length;
	const token = query.get('paginationToken');
	const offset = token ? decodeToken(token, 'members', total).offset : 0;
	const end = Math.min(total, offset + pageSize);
	const next = end < total ? encodeToken('members', end, total) : null;
	return pageJson('members', store.data.memberJson.slice(offset, end), total, next);
}

export const organizationRoutes: Route[] = [
	{
		method: 'GET',
		path: '/organization',
		handle: ({ store }) => `{"organization":${store.data.organizationJson}}`,
	},
	{ method: 'GET', path: '/organization/members', handle: ({ store, query }) => listMembers(store, query) },
];
