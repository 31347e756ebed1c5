import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { spruceApiRequest, type SpruceContext, type SpruceResponse, type SpruceRequest } from '../transport';
import { memberName, organizationMembers } from './members';

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
	const details = [conversation.subtitle, conversation.type, conversation.isReadOnly ? 'read-only' : undefined]
		.filter(Boolean)
		.join(' · ');
	return {
		name: details ? `${title} — ${details}` : title,
		value: conversation.id,
		url: conversation.appURL,
	};
}

function matches(conversation: SpruceConversation, filter: string): boolean {
	return `${conversation.title ?? ''}\n${conversation.subtitle ?? ''}`.toLowerCase().includes(filter);
}

/**
 * Conversations, most recent activity first. Without a filter this is one Spruce page per call.
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
	const results: INodeListSearchItems[] = [];
	let token = paginationToken || undefined;
	const started = Date.now();
	for (let page = 1; ; page++) {
		const { body } = await spruceApiRequest.call<SpruceContext, [SpruceRequest], Promise<SpruceResponse<IDataObject>>>(this, {
			method: 'GET',
			path: '/conversations',
			qs: { orderBy: 'last_message', pageSize: PAGE_SIZE, paginationToken: token },
			action: 'list conversations',
		});
		for (const conversation of (body.conversations as SpruceConversation[] | undefined) ?? []) {
			if (!needle || matches(conversation, needle)) results.push(conversationItem(conversation));
		}
		token = body.hasMore === true && typeof body.paginationToken === 'string' ? body.paginationToken : undefined;
		if (!token || !needle || results.length >= ENOUGH_MATCHES) break;
		if (results.length > 0 && page >= MAX_PAGES_PER_SEARCH) break;
		if (Date.now() - started > SEARCH_BUDGET_MS) break;
	}
	return { results, paginationToken: token };
}

/** "Send As": the organization, then teammates and teams, searchable by name. */
export async function searchMembers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const needle = (filter ?? '').trim().toLowerCase();
	const members = await organizationMembers(this);
	const order: Record<string, number> = { organization: 0, teammate: 1, team: 2 };
	const results = members
		.filter((member) => !member.isSuspended)
		.filter((member) => !needle || memberName(member).toLowerCase().includes(needle))
		.sort((a, b) => (order[a.type] ?? 3) - (order[b.type] ?? 3))
		.map((member) => ({
			name:
				member.type === 'organization'
					? `${memberName(member)} (organization)`
					: `${memberName(member)} (${member.type})`,
			value: member.id,
		}));
	return { results };
}

interface SpruceContactSummary {
	id: string;
	displayName?: string;
	phoneNumbers?: Array<{ displayValue?: string; value?: string }>;
	emailAddresses?: Array<{ value?: string }>;
	appURL?: string;
}

/** Contacts by name, phone or email (Spruce's free-text search), one page per call. */
export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const text = (filter ?? '').trim();
	const { body } = await spruceApiRequest.call<SpruceContext, [SpruceRequest], Promise<SpruceResponse<IDataObject>>>(this, {
		...(text ? { method: 'POST', path: '/contacts/search', body: { freeText: text } } : { method: 'GET', path: '/contacts' }),
		qs: { pageSize: 100, paginationToken: paginationToken || undefined },
		action: text ? 'search contacts' : 'list contacts',
	});
	const results = ((body.contacts as SpruceContactSummary[] | undefined) ?? []).map((contact) => {
		const reach = contact.phoneNumbers?.[0]?.displayValue ?? contact.emailAddresses?.[0]?.value;
		const name = contact.displayName || contact.id;
		return { name: reach && reach !== name ? `${name} — ${reach}` : name, value: contact.id, url: contact.appURL };
	});
	const next = body.hasMore === true && typeof body.paginationToken === 'string' ? body.paginationToken : undefined;
	return { results, paginationToken: next };
}

interface SpruceInternalEndpoint {
	endpoint: { id: string; channel?: string; displayValue?: string; label?: string };
	owner?: { displayName?: string; name?: string };
}

const CHANNEL_NAMES: Record<string, string> = { phone: 'Phone', email: 'Email', fax: 'Fax', secure: 'Spruce Link' };

/** The organization's phone lines, email addresses, fax numbers and Spruce Links. */
export async function searchInternalEndpoints(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const needle = (filter ?? '').trim().toLowerCase();
	const { body } = await spruceApiRequest.call<SpruceContext, [SpruceRequest], Promise<SpruceResponse<IDataObject>>>(this, {
		method: 'GET',
		path: '/internalendpoints',
		action: "list the organization's phone lines and addresses",
	});
	const results = ((body.internalEndpoints as SpruceInternalEndpoint[] | undefined) ?? [])
		.map(({ endpoint, owner }) => {
			const channel = CHANNEL_NAMES[endpoint.channel ?? ''] ?? endpoint.channel ?? 'Endpoint';
			const who = owner?.displayName ?? owner?.name;
			const label = [endpoint.displayValue ?? endpoint.id, endpoint.label, who].filter(Boolean).join(' · ');
			return { name: `${channel}: ${label}`, value: endpoint.id };
		})
		.filter((item) => !needle || item.name.toLowerCase().includes(needle));
	return { results };
}
export { searchPhoneLines, searchSavedMessages, searchTeams, searchWebhookEndpoints } from './organizationLists';
