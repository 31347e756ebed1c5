import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { spruceApiRequestAllPages, type SpruceContext, type SpruceListRequest } from '../transport';
import { memberName, organizationMembers } from './members';

/** Pickers read at most this many pages of a list (each as large as the route allows). */
const MAX_PAGES = 4;

function readList(ctx: SpruceContext, request: Omit<SpruceListRequest, 'maxPages'>) {
	return spruceApiRequestAllPages.call<SpruceContext, [SpruceListRequest], Promise<IDataObject[]>>(
		ctx,
		{
			...request,
			maxPages: MAX_PAGES,
		},
	);
}

function searchable(
	entries: Array<{ name: string; value: string }>,
	filter?: string,
): INodeListSearchResult {
	const needle = (filter ?? '').trim().toLowerCase();
	return {
		results: entries.filter((entry) => !needle || entry.name.toLowerCase().includes(needle)),
	};
}

/** Teams of the organization, by name. */
export async function searchTeams(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const teams = (await organizationMembers(this)).filter((member) => member.type === 'team');
	return searchable(
		teams.map((team) => ({ name: memberName(team), value: team.id })),
		filter,
	);
}

export async function searchPhoneLines(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const lines = await readList(this, {
		path: '/phonelines',
		listKey: 'phonelines',
		action: "list the organization's phone lines",
	});
	return searchable(
		lines.map((line) => ({ name: String(line.name ?? line.id), value: String(line.id) })),
		filter,
	);
}

export async function searchSavedMessages(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const saved = await readList(this, {
		path: '/savedmessages',
		listKey: 'savedMessages',
		pageSize: 500,
		action: "list the organization's saved messages",
	});
	return searchable(
		saved.map((message) => ({
			name: `${String(message.title ?? message.id)}${message.internal === true ? ' (internal note)' : ''}`,
			value: String(message.id),
		})),
		filter,
	);
}

export async function searchWebhookEndpoints(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const endpoints = await readList(this, {
		path: '/webhooks/endpoints',
		listKey: 'endpoints',
		action: 'list the webhook endpoints',
	});
	return searchable(
		endpoints.map((endpoint) => ({
			name: `${String(endpoint.name ?? endpoint.id)} — ${String(endpoint.url ?? '')}`,
			value: String(endpoint.id),
		})),
		filter,
	);
}

/** Messages waiting to be sent, soonest first: "2026-06-01 09:00 UTC — Reminder: your appoint…". */
export async function searchScheduledMessages(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const scheduled = await readList(this, {
		path: '/scheduledmessages',
		listKey: 'scheduledMessages',
		action: 'list the scheduled messages',
	});
	const when = (entry: IDataObject) => String(entry.scheduledToSendAt ?? '');
	return searchable(
		scheduled
			.sort((a, b) => when(a).localeCompare(when(b)))
			.map((entry) => {
				const text = String((entry.message as IDataObject | undefined)?.text ?? '');
				const at = when(entry).replace('T', ' ').slice(0, 16);
				return {
					name: `${at} UTC — ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`,
					value: String(entry.id),
				};
			}),
		filter,
	);
}

async function labelOptions(
	ctx: ILoadOptionsFunctions,
	path: string,
	listKey: string,
	field: string,
	noun: string,
) {
	const labels = await readList(ctx, { path, listKey, pageSize: 500, action: `list the ${noun}s` });
	return labels
		.map(
			(label): INodePropertyOptions => ({
				name: String(label[field] ?? label.id),
				value: String(label.id),
			}),
		)
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Contact tags, for tag pickers. */
export async function getContactTags(this: ILoadOptionsFunctions) {
	return await labelOptions(this, '/contacts/tags', 'tags', 'value', 'contact tag');
}

/** Conversation tags, for tag pickers. */
export async function getConversationTags(this: ILoadOptionsFunctions) {
	return await labelOptions(this, '/conversations/tags', 'tags', 'value', 'conversation tag');
}

/** Custom contact fields, for field pickers. */
export async function getContactFields(this: ILoadOptionsFunctions) {
	return await labelOptions(this, '/contacts/fields', 'fields', 'name', 'contact field');
}
