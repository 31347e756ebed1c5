/** GET /organization/members/{id} and GET /teams/{id}/members. */
import { ApiError } from '../http';
import type { Store } from '../store';
import { pageOf } from './paging';
import type { Route } from './route';

/** Who is on each seed team. */
export const TEAM_MEMBERS: Record<string, string[]> = {
	entity_TEAM01: ['entity_TM002', 'entity_TM003', 'entity_TM004'],
	entity_TEAM02: ['entity_TM001'],
};

function member(store: Store, id: string) {
	const found = store.data.memberById.get(id);
	if (!found) throw new ApiError(404, 'NOT_FOUND', 'Member not found');
	return found;
}

export const memberRoutes: Route[] = [
	{
		method: 'GET',
		path: '/organization/members/{id}',
		handle: ({ store, params }) => JSON.stringify(member(store, params[0])),
	},
	{
		method: 'GET',
		path: '/teams/{id}/members',
		handle: ({ store, params, query }) => {
			const team = member(store, params[0]);
			if (team.type !== 'team') throw new ApiError(404, 'NOT_FOUND', 'Team not found');
			const members = (TEAM_MEMBERS[team.id] ?? []).map((id) => member(store, id));
			return pageOf(members, query, 'members', { min: 1, max: 500, size: 100 });
		},
	},
];
