/** The sandbox's data and memory: seed indexes, practice data, idempotency keys, uploaded media. */
import type * as http from 'node:http';

import { ApiError, badParameter } from './http';
import { increment, type MutableLedger } from './ledger';
import {
	ATTACHMENT_BYTES,
	seedContacts,
	seedItems,
	type SandboxContact,
	type SandboxItem,
} from './practice';
import { buildSeedData, type SandboxConversation, type SandboxMember, type SeedData } from './seed';
import type { Item } from './activity';
import { WebhookHub } from './webhooks';

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

interface ConversationOrder {
	json: string[];
	/** the ordering timestamp (ms), descending */
	times: number[];
}

export class DataIndex {
	readonly organizationJson: string;
	readonly memberJson: string[];
	readonly memberById = new Map<string, SandboxMember>();
	readonly conversationById = new Map<string, { conversation: SandboxConversation; json: string }>();
	orders: Record<'created' | 'last_message', ConversationOrder>;

	constructor(data: SeedData) {
		this.organizationJson = JSON.stringify(data.organization);
		this.memberJson = data.members.map((m) => JSON.stringify(m));
		for (const m of data.members) this.memberById.set(m.id, m);
		for (const c of data.conversations) this.conversationById.set(c.id, { conversation: c, json: JSON.stringify(c) });
		this.orders = {
			created: this.order(data.conversations, (c) => c.createdAt),
			last_message: this.order(data.conversations, (c) => c.lastMessageAt),
		};
	}

	/** Adds or replaces a conversation (created or updated through the API). */
	put(conversation: SandboxConversation): void {
		this.conversationById.set(conversation.id, { conversation, json: JSON.stringify(conversation) });
		const all = [...this.conversationById.values()].map((entry) => entry.conversation);
		this.orders = {
			created: this.order(all, (c) => c.createdAt),
			last_message: this.order(all, (c) => c.lastMessageAt),
		};
	}

	private order(conversations: SandboxConversation[], field: (c: SandboxConversation) => string): ConversationOrder {
		const withTimes = conversations.map((c, i) => ({ c, i, t: Date.parse(field(c)) }));
		// newest first; ties keep the data order
		withTimes.sort((a, b) => b.t - a.t || a.i - b.i);
		return {
			json: withTimes.map((x) => this.conversationById.get(x.c.id)!.json),
			times: withTimes.map((x) => x.t),
		};
	}
}

/** How many leading entries of a descending list are >= min. */
export function countAtLeast(timesDescending: number[], min: number): number {
	let lo = 0;
	let hi = timesDescending.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (timesDescending[mid] >= min) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

export interface StoreOptions {
	extraConversations?: number;
	extraMembers?: number;
	/** generated contacts after the seed ones (entity_CG000001…) */
	extraContacts?: number;
	/** generated items in t_0001, older than its seed items */
	extraItems?: number;
}

/** Runs `fn` after `ms` (the server's timers, cleared on close). */
export type Scheduler = (ms: number, fn: () => void) => void;

export class Store {
	data: DataIndex;
	contacts = new Map<string, SandboxContact>();
	items: SandboxItem[] = [];
	/** the bytes served at each attachment's signed URL, by `${itemId}/${index}` */
	readonly files = new Map<string, Buffer>(Object.entries(ATTACHMENT_BYTES));
	/** how long after a post its item appears in the conversation (null: never) */
	deliveryDelayMs: number | null = 0;
	/** Spruce's webhook side and the live layer (items, conversations, contacts made while running) */
	readonly webhooks = new WebhookHub({
		conversation: (id) => this.data.conversationById.get(id)?.conversation,
		member: (id) => this.data.memberById.get(id),
	});
	/** set once the API changed a conversation: reset() rebuilds the index then */
	private conversationsChanged = false;
	private sequence = 0;
	/** `${path}\n${key}` -> when it was recorded */
	private readonly idempotency = new Map<string, number>();
	/** every media id uploaded since start (kept across reset() so attachment ids stay valid) */
	readonly mediaIds = new Set<string>();
	/** data a route file keeps for its resource (tags, scheduled messages…), seeded again by reset() */
	private readonly states = new Map<string, unknown>();

	constructor(
		private readonly options: StoreOptions,
		/** the ledger current at answer time */
		readonly ledger: () => MutableLedger,
		readonly later: Scheduler,
	) {
		this.data = new DataIndex(buildSeedData(options));
		this.resetPractice();
	}

	/** Forgets keys and puts contacts, items and changed conversations back as seeded. */
	reset(): void {
		this.idempotency.clear();
		this.states.clear();
		this.webhooks.reset();
		this.resetPractice();
		if (this.conversationsChanged) {
			this.data = new DataIndex(buildSeedData(this.options));
			this.conversationsChanged = false;
		}
	}

	private resetPractice(): void {
		this.contacts = new Map(seedContacts(this.options.extraContacts ?? 0).map((c) => [c.id, c]));
		this.items = seedItems(this.options.extraItems ?? 0);
	}

	/** A route file's data for its resource: made by `seed` on first use and after every reset(). */
	state<T>(name: string, seed: () => T): T {
		if (!this.states.has(name)) this.states.set(name, seed());
		return this.states.get(name) as T;
	}

	putConversation(conversation: SandboxConversation): void {
		this.conversationsChanged = true;
		this.data.put(conversation);
	}

	/** A fresh id with a prefix, e.g. nextId('entity_C') */
	nextId(prefix: string): string {
		this.sequence++;
		return `${prefix}N${String(this.sequence).padStart(5, '0')}`;
	}

	/**
	 * A posted message becomes an item of its conversation after `deliveryDelayMs` (and its
	 * conversationItem.created event goes out then), carrying the post's requestId (what Wait for
	 * Delivery looks for).
	 */
	deliver(conversation: SandboxConversation, message: Parameters<WebhookHub['messagePosted']>[1], requestId: string): void {
		if (this.deliveryDelayMs === null) return;
		const add = () => this.webhooks.messagePosted(conversation, message, requestId);
		if (this.deliveryDelayMs === 0) add();
		else this.later(this.deliveryDelayMs, add);
	}

	/** A conversation's items: the seeded ones and those that happened while running, oldest first. */
	itemsOf(conversationId: string): Array<SandboxItem | Item> {
		const seeded = this.items.filter((item) => item.conversationId === conversationId);
		const live = this.webhooks.activity.itemsOf(conversationId);
		return [...seeded, ...live].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
	}

	/** The request's `s-idempotency-key`, or null; over 255 characters is a 400. */
	idempotencyKeyOf(req: http.IncomingMessage): string | null {
		const header = req.headers['s-idempotency-key'];
		const raw = Array.isArray(header) ? header[0] : header;
		const key = raw === undefined || raw === '' ? null : raw;
		if (key !== null && key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
			throw badParameter(`s-idempotency-key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
		}
		return key;
	}

	/**
	 * Records a write's key for its path (call it once the write is valid and about to happen);
	 * a key seen on the same path in the last 24 h is a 422, as Spruce answers it.
	 */
	claimKey(path: string, key: string | null, now = Date.now()): void {
		if (key === null) return;
		const slot = `/v1${path}\n${key}`;
		const seenAt = this.idempotency.get(slot);
		if (seenAt !== undefined && now - seenAt < IDEMPOTENCY_TTL_MS) {
			throw new ApiError(422, 'DUPLICATE_REQUEST', 'A request with this idempotency key was already received.');
		}
		this.idempotency.set(slot, now);
		increment(this.ledger().countsByKey, key);
	}
}

export type { SandboxContact, SandboxConversation, SandboxItem, SandboxMember, SeedData };
