import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { spruceApiRequest, type SpruceContext, type SpruceResponse, type SpruceRequest } from '../transport';
import { conversationLabel, memberLabel } from './labels';
import { memberName, organizationMembers, pickableMembers } from './members';

interface SpruceConversation {
	id: string;
	title?: string;
	subtitle?: string;
	type?: string;
	appURL?: string;
	isReadOnly?: boolean;
	archived?: boolean;
}

const PAGE_SIZE = 200;
/** With a filter and some matches, scan at most this many pages per call; the editor asks for more on scroll. */
const MAX_PAGES_PER_SEARCH = 10;
const ENOUGH_MATCHES = 20;
/** Without any match yet, keep scanning up to this long, so a rare match still shows up. */
const SEARCH_BUDGET_MS = 8_000;

function conversationItem(conversation: SpruceConversation): INodeListSearchItems {
	const title = conversation.title || conversation.id;
	const details = [conversation.subtitle, conversation.type, conversation.isReadOnly ? 'read-only, cannot post' : undefined];
	return {
		name: conversationLabel(title, details.filter((detail): detail is string => !!detail)),
		value: conversation.id,
		url: conversation.appURL,
	};
}

function matches(conversation: SpruceConversation, filter: string): boolean {
	return `${conversation.title ?? ''}\n${conversation.subtitle ?? ''}`.toLowerCase().includes(filter);
}

/**
 * Conversations, most recent activity first, read-only ones after the others. Without a filter
 * this is one Spruce page per call.
 * Spruce has no text search, so with a filter pages are scanned until a screenful of matches (or
 * a few pages with some matches, or a time budget) and the pagination token lets the editor
 * continue the scan on scroll instead of fetching every conversation up front.
 */
export async function searchConversations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const needle = (filter ?? '').trim().toLowerCase();
	const writable: INodeListSearchItems[] = [];
	const readOnly: INodeListSearchItems[] = [];
	let token = paginationToken || undefined;
	const started = Date.now();
	for (let page = 1; ; page++) {
		const { body } = await spruceApiRequest.call<SpruceContext, [SpruceRequest], Promise<SpruceResponse<IDataObject>>>(this, {
			method: 'GET',
			path: '/conversations',
			qs: { orderBy: 'last_message', pageSize: PAGE_SIZE, paginationToken: token },
			action: 'list conversations',
			brief: true,
		});
		for (const conversation of (body.conversations as SpruceConversation[] | undefined) ?? []) {
			if (needle && !matches(conversation, needle)) continue;
			(conversation.isReadOnly ? readOnly : writable).push(conversationItem(conversation));
		}
		token = body.hasMore === true && typeof body.paginationToken === 'string' ? body.paginationToken : undefined;
		const found = writable.length + readOnly.length;
		if (!token || !needle || found >= ENOUGH_MATCHES) break;
		if (found > 0 && page >= MAX_PAGES_PER_SEARCH) break;
		if (Date.now() - started > SEARCH_BUDGET_MS) break;
	}
	// Read-only conversations take no posts: they come last (of what this call returns).
	return { results: [...writable, ...readOnly], paginationToken: token };
}

/** "Send As": the organization, then teammates and teams, searchable by name. */
export async function searchMembers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const members = pickableMembers(await organizationMembers(this), ['organization', 'teammate', 'team'], filter);
	return { results: members.map((member) => ({ name: memberLabel(memberName(member), member.type), value: member.id })) };
}
