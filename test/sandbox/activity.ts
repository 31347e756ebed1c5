/**
 * What happens in the sandbox while it runs: conversation items (messages posted through the API,
 * inbound messages injected), the conversations they move to the top of the `last_message` order,
 * conversations and contacts created. The seed data itself never changes; this is the live layer over it that
 * the polling trigger reads (`GET /conversations/{id}/items`, `GET /conversations` by
 * last_message, `POST /contacts/search` by created time).
 */
import type { SandboxConversation } from './seed';

export type Item = Record<string, unknown> & {
	id: string;
	conversationId: string;
	createdAt: string;
};
export type Contact = Record<string, unknown> & { id: string; created: string };

const MAX_ITEMS_PER_CONVERSATION = 1_000;

/** A bad request, answered 400 BAD_PARAMETER by the server. */
export class ActivityError extends Error {}

function encodeToken(list: string, offset: number): string {
	return Buffer.from(JSON.stringify({ l: list, o: offset })).toString('base64url');
}

function decodeToken(token: string, list: string): number {
	try {
		const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
			l?: string;
			o?: number;
		};
		if (parsed.l === list && Number.isInteger(parsed.o) && parsed.o! > 0) return parsed.o!;
	} catch {
		// falls through to the error below
	}
	throw new ActivityError('Invalid pagination token');
}

function parseTime(raw: string | null, name: string): number | undefined {
	if (raw === null) return undefined;
	const ms = Date.parse(raw);
	if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(ms))
		throw new ActivityError(`${name} must be an RFC 3339 date-time`);
	return ms;
}

function pageSizeOf(raw: string | null, fallback: number): number {
	if (raw === null) return fallback;
	const size = Number(raw);
	if (!/^\d+$/.test(raw) || size < 1 || size > 200)
		throw new ActivityError('pageSize must be an integer from 1 to 200');
	return size;
}

/** One page of a list, Spruce style: `{ <key>: [...], hasMore, paginationToken?, totalCount }`. */
function page<T>(
	key: string,
	list: string,
	all: T[],
	query: URLSearchParams,
	startFromFilter: (t: T, min: number) => boolean,
) {
	const token = query.get('paginationToken');
	const startFrom = parseTime(query.get('startFrom'), 'startFrom');
	if (token !== null && startFrom !== undefined)
		throw new ActivityError('Only one of startFrom or paginationToken can be provided');
	const window = startFrom === undefined ? all : all.filter((x) => startFromFilter(x, startFrom));
	const offset = token === null ? 0 : decodeToken(token, `${list}:${window.length}`);
	const size = pageSizeOf(query.get('pageSize'), 50);
	const slice = window.slice(offset, offset + size);
	const hasMore = offset + size < window.length;
	return {
		[key]: slice,
		totalCount: window.length,
		hasMore,
		...(hasMore ? { paginationToken: encodeToken(`${list}:${window.length}`, offset + size) } : {}),
	};
}

export class SandboxActivity {
	private readonly items = new Map<string, Item[]>();
	private readonly lastMessageAt = new Map<string, string>();
	private contacts: Contact[] = [];
	private readonly conversations = new Map<
		string,
		{ conversation: SandboxConversation; json: string }
	>();

	record(item: Item, options: { moveConversation: boolean }): void {
		const list = this.items.get(item.conversationId) ?? [];
		// oldest first; a backdated item goes where its time puts it
		let at = list.length;
		while (at > 0 && Date.parse(list[at - 1].createdAt) > Date.parse(item.createdAt)) at--;
		list.splice(at, 0, item);
		// Benchmarks post many thousands of messages: keep the newest per conversation only.
		if (list.length > MAX_ITEMS_PER_CONVERSATION) list.shift();
		this.items.set(item.conversationId, list);
		const last = this.lastMessageAt.get(item.conversationId);
		if (options.moveConversation && (!last || Date.parse(last) < Date.parse(item.createdAt))) {
			this.lastMessageAt.set(item.conversationId, item.createdAt);
		}
	}

	addContact(contact: Contact): void {
		this.contacts.push(contact);
	}

	/** `GET /conversations/{id}/items?order=newest_first|oldest_first&startFrom&pageSize&paginationToken` */
	listItems(conversationId: string, query: URLSearchParams): string {
		const order = query.get('order') ?? 'newest_first';
		if (order !== 'newest_first' && order !== 'oldest_first') {
			throw new ActivityError('order must be "newest_first" or "oldest_first"');
		}
		const all = [...(this.items.get(conversationId) ?? [])];
		if (order === 'newest_first') all.reverse();
		const body = page(
			'conversationItems',
			`items:${conversationId}:${order}`,
			all,
			query,
			(item, min) => Date.parse(item.createdAt) >= min,
		);
		return JSON.stringify(body);
	}

	/** A conversation created in this session. */
	addConversation(conversation: SandboxConversation): void {
		this.conversations.set(conversation.id, { conversation, json: JSON.stringify(conversation) });
	}

	/** A conversation created in this session, as the server keeps its seed ones. */
	conversation(id: string): { conversation: SandboxConversation; json: string } | undefined {
		return this.conversations.get(id);
	}

	/**
	 * A list order with this session's changes on top, newest first: for `created`, the
	 * conversations created; for `last_message`, those and the ones that got inbound messages,
	 * with their new `lastMessageAt` (the seed's times are all older). Messages posted through the
	 * API do not move conversations, so other tests keep the seed order.
	 */
	withLiveConversations(
		orderBy: 'created' | 'last_message',
		order: { json: string[]; times: number[] },
		byId: Map<string, { conversation: SandboxConversation; json: string }>,
	): { json: string[]; times: number[] } {
		const live = new Map<string, number>();
		for (const { conversation } of this.conversations.values()) {
			const time = orderBy === 'created' ? conversation.createdAt : conversation.lastMessageAt;
			live.set(conversation.id, Date.parse(time));
		}
		if (orderBy === 'last_message') {
			for (const [id, at] of this.lastMessageAt) live.set(id, Date.parse(at));
		}
		if (live.size === 0) return order;
		const top = [...live.entries()].sort((a, b) => b[1] - a[1]);
		const json: string[] = [];
		const times: number[] = [];
		for (const [id, time] of top) {
			const found = byId.get(id) ?? this.conversations.get(id);
			if (!found) continue;
			const shown =
				orderBy === 'created'
					? found.conversation
					: { ...found.conversation, lastMessageAt: new Date(time).toISOString() };
			json.push(JSON.stringify(shown));
			times.push(time);
		}
		const moved = new Set(top.map(([id]) => byId.get(id)?.json));
		order.json.forEach((entry, i) => {
			if (moved.has(entry)) return;
			json.push(entry);
			times.push(order.times[i]);
		});
		return { json, times };
	}

	/** `POST /contacts/search` with `structured.createdTimeFilter` (greater_than[_or_equal_to]) only. */
	searchContacts(body: unknown, query: URLSearchParams): string {
		const filters = ((body as { structured?: { createdTimeFilter?: unknown } })?.structured
			?.createdTimeFilter ?? []) as Array<{
			createdTimes?: Array<{ time: string; comparison: string }>;
		}>;
		let min = Number.NEGATIVE_INFINITY;
		let strict = false;
		for (const { time, comparison } of filters.flatMap((f) => f.createdTimes ?? [])) {
			const ms = parseTime(time, 'createdTimeFilter.time')!;
			if (comparison !== 'greater_than' && comparison !== 'greater_than_or_equal_to') {
				throw new ActivityError(
					'the sandbox searches contacts by greater_than[_or_equal_to] created time only',
				);
			}
			min = ms;
			strict = comparison === 'greater_than';
		}
		const matching = this.contacts
			.filter((c) => (strict ? Date.parse(c.created) > min : Date.parse(c.created) >= min))
			.sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
		return JSON.stringify(page('contacts', `contacts:${min}`, matching, query, () => true));
	}

	reset(): void {
		this.items.clear();
		this.lastMessageAt.clear();
		this.conversations.clear();
		this.contacts = [];
	}
}
