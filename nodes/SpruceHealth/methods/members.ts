import type { IDataObject } from 'n8n-workflow';

import { connectionFor, spruceApiRequestAllPages, type SpruceContext } from '../transport';

export interface SpruceMember {
	id: string;
	type: 'teammate' | 'team' | 'organization' | string;
	displayName?: string;
	name?: string;
	isSuspended?: boolean;
}

export function memberName(member: SpruceMember): string {
	return member.displayName || member.name || member.id;
}

const CACHE_MS = 60_000;
const cache = new Map<string, { at: number; members: Promise<SpruceMember[]> }>();

/**
 * Every member of the organization (all pages). Kept for a minute per organization, so a picker
 * fetches the list once when it opens, not again on every keystroke.
 */
export async function organizationMembers(ctx: SpruceContext): Promise<SpruceMember[]> {
	const { key } = await connectionFor(ctx);
	const hit = cache.get(key);
	if (hit && Date.now() - hit.at < CACHE_MS) return await hit.members;
	const members = spruceApiRequestAllPages
		.call<SpruceContext, Parameters<typeof spruceApiRequestAllPages>, Promise<IDataObject[]>>(ctx, {
			path: '/organization/members',
			listKey: 'members',
			pageSize: 500,
			action: 'list the organization\'s members',
		})
		.then((list) => list as unknown as SpruceMember[]);
	cache.set(key, { at: Date.now(), members });
	members.catch(() => cache.delete(key));
	return await members;
}
