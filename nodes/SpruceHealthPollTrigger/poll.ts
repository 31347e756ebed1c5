import type {
	IDataObject,
	INodeExecutionData,
	INodePropertyOptions,
	IPollFunctions,
} from 'n8n-workflow';

import {
	pathSegment,
	spruceApiRequestAllPages,
	type SpruceContext,
} from '../SpruceHealth/transport';
import {
	conversationTypeOf,
	eventItem,
	kindOfEvent,
	passesFilters,
	readFilters,
	type EventFilters,
} from '../SpruceHealthTrigger/shared/events';
import { RecentKeys } from '../SpruceHealthTrigger/shared/recentKeys';

/** Spruce's lists are eventually consistent: each poll looks this far behind its last start. */
export const LOOK_BACK_MS = 5 * 60_000;
/** Far more items than a practice gets in a look-back window; bounds the static data. */
const MAX_SEEN = 5_000;
const PAGE_SIZE = 200;

export const POLL_EVENTS: INodePropertyOptions[] = [
	{ name: 'New Contact', value: 'contact.created' },
	{ name: 'New Conversation', value: 'conversation.created' },
	{
		name: 'New Message or Call',
		value: 'conversationItem.created',
		description: 'A message, call, voicemail, fax or note in any conversation',
	},
];

interface Found {
	key: string;
	time: number;
	resource: IDataObject;
}

interface PollState extends IDataObject {
	/** When the last successful poll started (ISO). */
	cursor?: string;
	/** When the trigger was first activated: nothing older is ever emitted. */
	startedAt?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const timeOf = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : Number.NaN);

async function listAll(
	ctx: IPollFunctions,
	path: string,
	listKey: string,
	options: { qs?: IDataObject; startFrom?: number; maxPages: number; action: string },
): Promise<IDataObject[]> {
	return await spruceApiRequestAllPages.call<
		SpruceContext,
		Parameters<typeof spruceApiRequestAllPages>,
		Promise<IDataObject[]>
	>(ctx, {
		path,
		listKey,
		qs: options.qs,
		firstPageQs:
			options.startFrom === undefined ? undefined : { startFrom: iso(options.startFrom) },
		pageSize: PAGE_SIZE,
		maxPages: options.maxPages,
		action: options.action,
	});
}

/** Messages and calls created since `since`, in conversations that had a message since then. */
async function newItems(
	ctx: IPollFunctions,
	filters: EventFilters,
	since: number,
	perConversation?: number,
) {
	const conversations = await listAll(ctx, '/conversations', 'conversations', {
		qs: { orderBy: 'last_message' },
		startFrom: since,
		maxPages: perConversation ? 1 : 25,
		action: 'list conversations with new messages',
	});
	const found: Found[] = [];
	for (const conversation of conversations) {
		// Skip a conversation the filter rules out before asking for its items.
		if (
			!passesFilters(
				'conversation',
				conversation,
				{ ...filters, direction: 'any' },
				conversationTypeOf('conversation', conversation),
			)
		) {
			continue;
		}
		const id = pathSegment(ctx.getNode(), String(conversation.id), 'conversation id');
		const items = await listAll(ctx, `/conversations/${id}/items`, 'conversationItems', {
			qs: { order: perConversation ? 'newest_first' : 'oldest_first' },
			startFrom: since,
			maxPages: perConversation ? 1 : 10,
			action: 'list the new messages of a conversation',
		});
		for (const item of items) {
			const resource = { ...item, conversation };
			const time = timeOf(item.createdAt);
			if (
				time < since ||
				!passesFilters(
					'conversationItem',
					resource,
					filters,
					conversationTypeOf('conversationItem', resource),
				)
			)
				continue;
			found.push({ key: String(item.id), time, resource });
		}
		if (perConversation && found.length) break;
	}
	return found;
}

async function newConversations(
	ctx: IPollFunctions,
	filters: EventFilters,
	since: number,
	maxPages = 25,
) {
	const conversations = await listAll(ctx, '/conversations', 'conversations', {
		qs: { orderBy: 'created' },
		startFrom: since,
		maxPages,
		action: 'list new conversations',
	});
	return conversations
		.map((c) => ({ key: String(c.id), time: timeOf(c.createdAt), resource: c }))
		.filter(
			(f) =>
				f.time >= since &&
				passesFilters(
					'conversation',
					f.resource,
					filters,
					conversationTypeOf('conversation', f.resource),
				),
		);
}

async function newContacts(ctx: IPollFunctions, since: number, maxPages = 25) {
	const contacts = await spruceApiRequestAllPages.call<
		SpruceContext,
		Parameters<typeof spruceApiRequestAllPages>,
		Promise<IDataObject[]>
	>(ctx, {
		method: 'POST',
		path: '/contacts/search',
		body: {
			structured: {
				createdTimeFilter: [
					{
						createdTimes: [{ time: iso(since), comparison: 'greater_than_or_equal_to' }],
						match: 'all',
					},
				],
			},
		},
		listKey: 'contacts',
		pageSize: PAGE_SIZE,
		maxPages,
		action: 'search for new contacts',
	});
	return contacts
		.map((c) => ({ key: String(c.id), time: timeOf(c.created), resource: c }))
		.filter((f) => f.time >= since);
}

async function find(
	ctx: IPollFunctions,
	event: string,
	filters: EventFilters,
	since: number,
	latestOnly: boolean,
) {
	switch (event) {
		case 'conversationItem.created':
			return await newItems(ctx, filters, since, latestOnly ? 1 : undefined);
		case 'conversation.created':
			return await newConversations(ctx, filters, since, latestOnly ? 1 : undefined);
		default:
			return await newContacts(ctx, since, latestOnly ? 1 : undefined);
	}
}

const toItems = (ctx: IPollFunctions, event: string, found: Found[]): INodeExecutionData[][] => [
	ctx.helpers.returnJsonArray(found.map((f) => eventItem(event, iso(f.time), f.resource))),
];

/**
 * One poll. The first one after activation only notes the time (no flood of history). Later
 * ones ask for everything since the last poll's start minus a look-back window, drop what was
 * already emitted (a bounded memory of ids, kept until an id can no longer come back), and
 * move the cursor only once every request has succeeded: a failed poll is simply repeated, and
 * a poll run twice emits nothing twice. A manual run returns the latest matching event and
 * changes nothing.
 */
export async function pollSpruce(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const event = this.getNodeParameter('event') as string;
	const filters = readFilters(this.getNodeParameter('filters', {}) as IDataObject);
	const startedPoll = Date.now();

	if (this.getMode() === 'manual') {
		const found = await find(this, event, filters, 0, true);
		const latest = found.sort((a, b) => b.time - a.time).slice(0, 1);
		return latest.length ? toItems(this, event, latest) : null;
	}

	const state = this.getWorkflowStaticData('node') as PollState;
	const cursor = timeOf(state.cursor);
	if (Number.isNaN(cursor)) {
		state.cursor = iso(startedPoll);
		state.startedAt = iso(startedPoll);
		return null;
	}
	const startedAt = timeOf(state.startedAt);
	const since = Math.max(cursor - LOOK_BACK_MS, Number.isNaN(startedAt) ? 0 : startedAt);
	const found = await find(this, event, filters, since, false);

	const seen = new RecentKeys(
		state,
		`seen:${kindOfEvent(event)}`,
		{ max: MAX_SEEN, ttlMs: LOOK_BACK_MS + 60_000 },
		startedPoll,
	);
	const fresh = found.sort((a, b) => a.time - b.time).filter((f) => seen.add(f.key, f.time));
	state.cursor = iso(startedPoll);
	return fresh.length ? toItems(this, event, fresh) : null;
}
