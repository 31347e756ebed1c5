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
			brief: true,
		})
		.then((list) => list as unknown as SpruceMember[]);
	cache.set(key, { at: Date.now(), members });
	members.catch(() => cache.delete(key));
	return await members;
}

const TYPE_ORDER: Record<string, number> = { organization: 0, teammate: 1, team: 2 };

/**
 * Members a picker offers, in the one order both pickers use: the organization, teammates, then
 * teams, each group in Spruce's order; suspended teammates left out.
 */
export function pickableMembers(members: SpruceMember[], types: string[], filter = ''): SpruceMember[] {
	const needle = filter.trim().toLowerCase();
	return members
		.filter((member) => types.includes(member.type) && !member.isSuspended)
		.filter((member) => !needle || memberName(member).toLowerCase().includes(needle))
		.sort((a, b) => (TYPE_ORDER[a.type] ?? 3) - (TYPE_ORDER[b.type] ?? 3));
}
