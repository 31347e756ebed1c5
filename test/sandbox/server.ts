/**
 * A local Spruce-compatible HTTP server for tests, the demo, fault-injection runs and benchmarks.
 * Node standard library only. See README.md beside this file.
 */
import * as http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';

import { MultipartError, multipartBoundary, parseMultipart, type MultipartPart } from './multipart';
import { buildSeedData, type SandboxConversation, type SandboxMember, type SeedData } from './seed';
import { WebhookHub } from './webhooks';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type FaultKind =
	| 'fail-before' // answer 500 without recording anything
	| 'fail-after' // record the message / media, then answer 500
	| 'reset-after' // record, then destroy the socket without answering
	| 'stall-after' // record, then send nothing; destroy the socket after stallMs or on close()
	| 'rate-limit' // 429 with a Retry-After header
	| 'rate-limit-no-header' // 429 without Retry-After
	| 'cut-after' // record, send the headers and half of the body, then destroy the socket
	| 'drip-after' // record, then send the answer one byte every dripMs
	| 'drip-500' // a 500 sent one byte every dripMs, nothing recorded
	| 'reject-422' // a 422 that is not the duplicate answer (a validation error), nothing recorded
	| 'html-200' // 200 text/html (a captive portal or a proxy's block page), nothing recorded
	| 'empty-200' // 200 with the JSON body {}, nothing recorded
	| 'redirect' // 302 to redirectTo, nothing recorded
	| 'echo-token'; // 400 whose type, message and s-request-id repeat the request's token

/** The faults a retry with the same idempotency key recovers from (the fault proof mixes these). */
export const TRANSIENT_FAULT_KINDS: readonly FaultKind[] = [
	'fail-before',
	'fail-after',
	'reset-after',
	'stall-after',
	'rate-limit',
	'rate-limit-no-header',
	'cut-after',
	'drip-after',
	'drip-500',
	'html-200',
	'empty-200',
];

export const FAULT_KINDS: readonly FaultKind[] = [...TRANSIENT_FAULT_KINDS, 'reject-422', 'redirect', 'echo-token'];

export interface FaultPlan {
	/** which requests faults may hit: 'messages' = POST /conversations/{id}/messages, 'media' = POST /media, 'all' = every API route */
	target?: 'messages' | 'media' | 'all';
	/** applied, in order, to the next matching requests (one each) */
	sequence?: Array<FaultKind | 'none'>;
	/** 0..1: after the sequence is used up, each matching request is faulted with this probability */
	rate?: number;
	/** the kinds drawn from (uniformly) when `rate` fires; required when rate > 0 */
	kinds?: FaultKind[];
	/** seed of the PRNG behind rate/kinds (default 1: runs are reproducible) */
	seed?: number;
	/** how long 'stall-after' holds the socket before destroying it (default 60_000) */
	stallMs?: number;
	/** the Retry-After value (seconds) of the 'rate-limit' fault (default 1) */
	retryAfterSeconds?: number;
	/** the pause between two bytes of the 'drip-*' faults (default 200) */
	dripMs?: number;
	/** where the 'redirect' fault sends the client (default https://example.com/v1) */
	redirectTo?: string;
}

export interface RateLimitOptions {
	limit: number;
	windowMs: number;
	dailyLimit?: number;
	/** default 86_400_000 */
	dailyWindowMs?: number;
	/** send Retry-After on the 429 (default true) */
	retryAfter?: boolean;
}

export interface SandboxOptions {
	/** default '127.0.0.1' */
	host?: string;
	/** default 0 = a free port */
	port?: number;
	/** default 'sandbox-token' */
	token?: string;
	/** delay before each API answer (default 0) */
	latencyMs?: number;
	/** default null = no limit and no s-ratelimit-* headers */
	rateLimit?: RateLimitOptions | null;
	faults?: FaultPlan | null;
	/** generated conversations added after the seed */
	extraConversations?: number;
	/** generated teammates added after the seed */
	extraMembers?: number;
}

export interface RecordedMessage {
	seq: number;
	conversationId: string;
	idempotencyKey: string | null;
	requestId: string;
	body: { type: string; value: string }[];
	author?: string;
	attachments?: { attachmentId: string; title: string }[];
	internal?: boolean;
	stayArchived?: boolean;
	receivedAt: string;
}

export interface RecordedMedia {
	id: string;
	fileName: string | null;
	contentType: string | null;
	size: number;
	sha256: string;
	receivedAt: string;
}

export interface Ledger {
	messages: RecordedMessage[];
	media: RecordedMedia[];
	/** idempotency key -> number of messages RECORDED with it (1 for exactly-once) */
	countsByKey: Record<string, number>;
	requests: {
		total: number;
		byRoute: Record<string, number>;
		/** by HTTP status; requests answered by 'reset-after' / 'stall-after' count as "reset" / "stalled" */
		status: Record<string, number>;
		rateLimited: number;
		faulted: number;
	};
	maxInFlight: number;
	maxInFlightPerConversation: number;
}

export interface Sandbox {
	/** base URL including /v1, e.g. http://127.0.0.1:PORT/v1 */
	url: string;
	/** http://127.0.0.1:PORT */
	origin: string;
	token: string;
	/** snapshot (deep copy) */
	ledger(): Ledger;
	/** clears ledger, idempotency keys, counters, faults and the rate-limit window; keeps data and options */
	reset(): void;
	setFaults(plan: FaultPlan | null): void;
	configure(opts: { latencyMs?: number; rateLimit?: RateLimitOptions | null }): void;
	/** closes the server and destroys open sockets (stalled ones included) */
	close(): Promise<void>;
	/** Spruce's side of webhooks: endpoints, deliveries, knobs (see webhooks.ts) */
	webhooks: WebhookHub;
}

/** Keys of `Ledger.requests.byRoute`. */
export const ROUTES = {
	organization: 'GET /organization',
	members: 'GET /organization/members',
	conversations: 'GET /conversations',
	conversation: 'GET /conversations/{id}',
	messages: 'POST /conversations/{id}/messages',
	media: 'POST /media',
	unknown: 'unknown',
} as const;

export const DEFAULT_TOKEN = 'sandbox-token';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
export const MAX_ATTACHMENTS = 5;
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;
export const MEDIA_BODY_LIMIT_BYTES = 25 * 1024 * 1024;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const DEFAULT_DAILY_WINDOW_MS = 24 * 60 * 60 * 1000;
const DEFAULT_STALL_MS = 60_000;
const DEFAULT_DRIP_MS = 200;
const KEEP_ALIVE_TIMEOUT_MS = 10 * 60_000;

// ---------------------------------------------------------------------------------------------
// Errors and small helpers
// ---------------------------------------------------------------------------------------------

/** An answer in Spruce's error shape `{statusCode, type, message}`. */
class ApiError extends Error {
	constructor(
		readonly statusCode: number,
		readonly type: string,
		message: string,
	) {
		super(message);
	}
}

function badParameter(message: string): ApiError {
	return new ApiError(400, 'BAD_PARAMETER', message);
}

function errorBody(statusCode: number, type: string, message: string): string {
	return JSON.stringify({ statusCode, type, message });
}

function newId(bytes = 13): string {
	return randomBytes(bytes).toString('hex').toUpperCase();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLoopback(address: string | undefined): boolean {
	if (!address) return false;
	return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** mulberry32: a tiny deterministic PRNG (the benchmark's jitter proxy uses it too). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// ---------------------------------------------------------------------------------------------
// Option validation
// ---------------------------------------------------------------------------------------------

function assertNonNegativeNumber(value: unknown, name: string): void {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new TypeError(`${name} must be a non-negative number`);
	}
}

function assertPositiveInteger(value: unknown, name: string): void {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		throw new TypeError(`${name} must be a positive integer`);
	}
}

function validateRateLimit(input: RateLimitOptions | null | undefined): RateLimitOptions | null {
	if (input === null || input === undefined) return null;
	if (!isPlainObject(input as unknown)) throw new TypeError('rateLimit must be an object or null');
	const options = input as RateLimitOptions;
	assertPositiveInteger(options.limit, 'rateLimit.limit');
	assertPositiveInteger(options.windowMs, 'rateLimit.windowMs');
	if (options.dailyLimit !== undefined) assertPositiveInteger(options.dailyLimit, 'rateLimit.dailyLimit');
	if (options.dailyWindowMs !== undefined) assertPositiveInteger(options.dailyWindowMs, 'rateLimit.dailyWindowMs');
	if (options.retryAfter !== undefined && typeof options.retryAfter !== 'boolean') {
		throw new TypeError('rateLimit.retryAfter must be a boolean');
	}
	return { ...options };
}

function validateFaultPlan(input: FaultPlan | null | undefined): FaultPlan | null {
	if (input === null || input === undefined) return null;
	if (!isPlainObject(input as unknown)) throw new TypeError('the fault plan must be an object or null');
	const plan = input as FaultPlan;
	if (plan.target !== undefined && !['messages', 'media', 'all'].includes(plan.target)) {
		throw new TypeError(`fault target must be 'messages', 'media' or 'all', not ${JSON.stringify(plan.target)}`);
	}
	if (plan.sequence !== undefined) {
		if (!Array.isArray(plan.sequence)) throw new TypeError('fault sequence must be an array');
		for (const kind of plan.sequence) {
			if (kind !== 'none' && !FAULT_KINDS.includes(kind)) throw new TypeError(`unknown fault kind ${JSON.stringify(kind)}`);
		}
	}
	if (plan.rate !== undefined && (typeof plan.rate !== 'number' || !(plan.rate >= 0 && plan.rate <= 1))) {
		throw new TypeError('fault rate must be a number from 0 to 1');
	}
	if (plan.kinds !== undefined) {
		if (!Array.isArray(plan.kinds)) throw new TypeError('fault kinds must be an array');
		for (const kind of plan.kinds) {
			if (!FAULT_KINDS.includes(kind)) throw new TypeError(`unknown fault kind ${JSON.stringify(kind)}`);
		}
	}
	if ((plan.rate ?? 0) > 0 && (plan.kinds ?? []).length === 0) {
		throw new TypeError('fault kinds must list at least one kind when rate > 0');
	}
	if (plan.seed !== undefined && (typeof plan.seed !== 'number' || !Number.isFinite(plan.seed))) {
		throw new TypeError('fault seed must be a number');
	}
	if (plan.stallMs !== undefined) assertNonNegativeNumber(plan.stallMs, 'stallMs');
	if (plan.retryAfterSeconds !== undefined) assertNonNegativeNumber(plan.retryAfterSeconds, 'retryAfterSeconds');
	if (plan.dripMs !== undefined) assertNonNegativeNumber(plan.dripMs, 'dripMs');
	if (plan.redirectTo !== undefined && typeof plan.redirectTo !== 'string') {
		throw new TypeError('redirectTo must be a string');
	}
	return {
		...plan,
		sequence: plan.sequence ? [...plan.sequence] : undefined,
		kinds: plan.kinds ? [...plan.kinds] : undefined,
	};
}

// ---------------------------------------------------------------------------------------------
// Rate limiting: fixed windows, started by the first request after the previous one ended
// ---------------------------------------------------------------------------------------------

class FixedWindow {
	private start = Number.NEGATIVE_INFINITY;
	private count = 0;

	constructor(
		readonly limit: number,
		readonly windowMs: number,
	) {}

	private expired(now: number): boolean {
		return now >= this.start + this.windowMs;
	}

	remaining(now: number): number {
		return this.expired(now) ? this.limit : Math.max(0, this.limit - this.count);
	}

	hasRoom(now: number): boolean {
		return this.remaining(now) > 0;
	}

	take(now: number): void {
		if (this.expired(now)) {
			this.start = now;
			this.count = 0;
		}
		this.count++;
	}

	msUntilReset(now: number): number {
		return this.expired(now) ? 0 : this.start + this.windowMs - now;
	}
}

class RateLimiter {
	private readonly minute: FixedWindow;
	private readonly daily: FixedWindow | null;
	private readonly sendRetryAfter: boolean;

	constructor(options: RateLimitOptions) {
		this.minute = new FixedWindow(options.limit, options.windowMs);
		this.daily =
			options.dailyLimit !== undefined
				? new FixedWindow(options.dailyLimit, options.dailyWindowMs ?? DEFAULT_DAILY_WINDOW_MS)
				: null;
		this.sendRetryAfter = options.retryAfter ?? true;
	}

	/** Counts the request if every window has room; otherwise returns the seconds until they all do. */
	take(now: number): { allowed: true } | { allowed: false; retryAfterSeconds: number | null } {
		const windows = this.daily ? [this.minute, this.daily] : [this.minute];
		const full = windows.filter((w) => !w.hasRoom(now));
		if (full.length > 0) {
			const waitMs = Math.max(...full.map((w) => w.msUntilReset(now)));
			return { allowed: false, retryAfterSeconds: this.sendRetryAfter ? Math.max(1, Math.ceil(waitMs / 1000)) : null };
		}
		for (const w of windows) w.take(now);
		return { allowed: true };
	}

	headers(now: number): Record<string, string> {
		const headers: Record<string, string> = {
			's-ratelimit-limit': String(this.minute.limit),
			's-ratelimit-remaining': String(this.minute.remaining(now)),
		};
		if (this.daily) {
			headers['s-ratelimit-daily-limit'] = String(this.daily.limit);
			headers['s-ratelimit-daily-remaining'] = String(this.daily.remaining(now));
		}
		return headers;
	}
}

// ---------------------------------------------------------------------------------------------
// Fault injection
// ---------------------------------------------------------------------------------------------

type RouteKind = 'organization' | 'members' | 'conversations' | 'conversation' | 'messages' | 'media' | 'webhooks';

class FaultInjector {
	private index = 0;
	private readonly random: () => number;

	constructor(readonly plan: FaultPlan) {
		this.random = mulberry32(plan.seed ?? 1);
	}

	/** The fault for the next request of this route, consuming one sequence entry or one draw. */
	next(route: RouteKind): FaultKind | null {
		const target = this.plan.target ?? 'messages';
		if (target !== 'all' && target !== route) return null;
		const sequence = this.plan.sequence ?? [];
		if (this.index < sequence.length) {
			const kind = sequence[this.index++];
			return kind === 'none' ? null : kind;
		}
		const rate = this.plan.rate ?? 0;
		const kinds = this.plan.kinds ?? [];
		if (rate > 0 && kinds.length > 0 && this.random() < rate) {
			return kinds[Math.min(kinds.length - 1, Math.floor(this.random() * kinds.length))];
		}
		return null;
	}
}

type AfterFault = 'fail-after' | 'reset-after' | 'stall-after' | 'cut-after' | 'drip-after';

function isAfterFault(kind: FaultKind | null): kind is AfterFault {
	return (
		kind === 'fail-after' || kind === 'reset-after' || kind === 'stall-after' || kind === 'cut-after' || kind === 'drip-after'
	);
}

// ---------------------------------------------------------------------------------------------
// Data indexes: precomputed JSON and sort orders, so a request costs O(page size)
// ---------------------------------------------------------------------------------------------

interface ConversationOrder {
	json: string[];
	/** the ordering timestamp (ms), descending */
	times: number[];
}

class DataIndex {
	readonly organizationJson: string;
	readonly memberJson: string[];
	readonly memberById = new Map<string, SandboxMember>();
	readonly conversationById = new Map<string, { conversation: SandboxConversation; json: string }>();
	readonly orders: Record<'created' | 'last_message', ConversationOrder>;

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
function countAtLeast(timesDescending: number[], min: number): number {
	let lo = 0;
	let hi = timesDescending.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (timesDescending[mid] >= min) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

// ---------------------------------------------------------------------------------------------
// Pagination tokens: opaque base64url of {list, offset, end}
// ---------------------------------------------------------------------------------------------

function encodeToken(list: string, offset: number, end: number): string {
	return Buffer.from(JSON.stringify({ l: list, o: offset, e: end })).toString('base64url');
}

function decodeToken(token: string, list: string, maxEnd: number): { offset: number; end: number } {
	const invalid = badParameter('Invalid pagination token');
	if (!/^[A-Za-z0-9_-]+$/.test(token)) throw invalid;
	let parsed: unknown;
	try {
		parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
	} catch {
		throw invalid;
	}
	if (!isPlainObject(parsed) || parsed.l !== list) throw invalid;
	const { o, e } = parsed;
	if (!Number.isInteger(o) || !Number.isInteger(e)) throw invalid;
	const offset = o as number;
	const end = e as number;
	if (end < 0 || end > maxEnd || offset < 1 || offset > end) throw invalid;
	return { offset, end };
}

function parsePageSize(raw: string | null, min: number, max: number, fallback: number): number {
	if (raw === null) return fallback;
	if (!/^\d+$/.test(raw)) throw badParameter(`pageSize must be an integer from ${min} to ${max}`);
	const size = Number(raw);
	if (size < min || size > max) throw badParameter(`pageSize must be an integer from ${min} to ${max}`);
	return size;
}

function pageJson(key: string, items: string[], totalCount: number, nextToken: string | null): string {
	const token = nextToken === null ? '' : `,"paginationToken":${JSON.stringify(nextToken)}`;
	return `{"${key}":[${items.join(',')}],"totalCount":${totalCount},"hasMore":${nextToken !== null}${token}}`;
}

// ---------------------------------------------------------------------------------------------
// Message validation (conversation_messagePost)
// ---------------------------------------------------------------------------------------------

const MESSAGE_FIELDS = new Set(['body', 'author', 'attachments', 'internal', 'stayArchived']);
const BODY_ELEMENT_FIELDS = new Set(['type', 'value']);
const ATTACHMENT_FIELDS = new Set(['attachmentId', 'title']);

interface ValidMessage {
	body: { type: string; value: string }[];
	author?: string;
	attachments?: { attachmentId: string; title: string }[];
	internal?: boolean;
	stayArchived?: boolean;
}

function validateMessage(
	raw: unknown,
	conversation: SandboxConversation,
	members: Map<string, SandboxMember>,
	mediaIds: Set<string>,
): ValidMessage {
	if (!isPlainObject(raw)) throw badParameter('The request body must be a JSON object');
	for (const key of Object.keys(raw)) {
		if (!MESSAGE_FIELDS.has(key)) throw badParameter(`Unknown field "${key}"`);
	}

	const message: ValidMessage = { body: [] };

	if (raw.body === undefined) throw badParameter('body is required');
	if (!Array.isArray(raw.body)) throw badParameter('body must be an array');
	if (raw.body.length === 0) throw badParameter('body must contain at least one element');
	let hasPage = false;
	raw.body.forEach((element: unknown, i: number) => {
		const where = `body[${i}]`;
		if (!isPlainObject(element)) throw badParameter(`${where} must be an object`);
		for (const key of Object.keys(element)) {
			if (!BODY_ELEMENT_FIELDS.has(key)) throw badParameter(`Unknown field "${where}.${key}"`);
		}
		const { type, value } = element;
		if (typeof type !== 'string') throw badParameter(`${where}.type must be a string`);
		if (type !== 'text' && type !== 'page') throw badParameter(`${where}.type must be "text" or "page"`);
		if (typeof value !== 'string') throw badParameter(`${where}.value must be a string`);
		if (type === 'text' && value.trim() === '') throw badParameter(`${where}.value must not be blank`);
		if (type === 'page') {
			const member = members.get(value);
			if (!member || member.type === 'organization') throw badParameter(`${where}.value is not a teammate or team id`);
			hasPage = true;
		}
		message.body.push({ type, value });
	});

	if (raw.author !== undefined) {
		if (typeof raw.author !== 'string') throw badParameter('author must be a string');
		if (!members.has(raw.author)) throw badParameter('author is not a member of the organization');
		message.author = raw.author;
	}

	if (raw.attachments !== undefined) {
		if (!Array.isArray(raw.attachments)) throw badParameter('attachments must be an array');
		if (raw.attachments.length > MAX_ATTACHMENTS) throw badParameter(`attachments can hold at most ${MAX_ATTACHMENTS} items`);
		message.attachments = raw.attachments.map((attachment: unknown, i: number) => {
			const where = `attachments[${i}]`;
			if (!isPlainObject(attachment)) throw badParameter(`${where} must be an object`);
			for (const key of Object.keys(attachment)) {
				if (!ATTACHMENT_FIELDS.has(key)) throw badParameter(`Unknown field "${where}.${key}"`);
			}
			const { attachmentId, title } = attachment;
			if (typeof attachmentId !== 'string' || attachmentId === '') {
				throw badParameter(`${where}.attachmentId must be a non-empty string`);
			}
			if (typeof title !== 'string' || title === '') throw badParameter(`${where}.title must be a non-empty string`);
			if (!mediaIds.has(attachmentId)) throw badParameter('Invalid attachment ID');
			return { attachmentId, title };
		});
	}

	for (const flag of ['internal', 'stayArchived'] as const) {
		const value = raw[flag];
		if (value === undefined) continue;
		if (typeof value !== 'boolean') throw badParameter(`${flag} must be a boolean`);
		message[flag] = value;
	}

	if (hasPage && message.internal !== true) throw badParameter('Messages with page elements must be internal (internal: true)');
	if (conversation.type === 'note' && message.internal !== true) {
		throw badParameter('Note conversations accept internal messages only (internal: true)');
	}
	return message;
}

// ---------------------------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------------------------

type BodyResult = { tooLarge: false; data: Buffer } | { tooLarge: true };

/** Buffers the body up to `limit` bytes; beyond that keeps draining (so the 413 can be read) but drops the bytes. */
function readBody(req: http.IncomingMessage, limit: number): Promise<BodyResult> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
		req.on('data', (chunk: Buffer) => {
			if (tooLarge) return;
			size += chunk.length;
			if (size > limit) {
				tooLarge = true;
				chunks.length = 0;
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(tooLarge ? { tooLarge: true } : { tooLarge: false, data: Buffer.concat(chunks, size) }));
		req.on('error', reject);
		req.on('close', () => {
			if (!req.complete) reject(new Error('request aborted'));
		});
	});
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

interface Answer {
	status: number;
	body: string;
	headers?: Record<string, string>;
}

interface MutableLedger {
	messages: RecordedMessage[];
	media: RecordedMedia[];
	countsByKey: Map<string, number>;
	total: number;
	byRoute: Map<string, number>;
	status: Map<string, number>;
	rateLimited: number;
	faulted: number;
	maxInFlight: number;
	maxInFlightPerConversation: number;
}

function emptyLedger(): MutableLedger {
	return {
		messages: [],
		media: [],
		countsByKey: new Map(),
		total: 0,
		byRoute: new Map(),
		status: new Map(),
		rateLimited: 0,
		faulted: 0,
		maxInFlight: 0,
		maxInFlightPerConversation: 0,
	};
}

function increment(map: Map<string, number>, key: string): void {
	map.set(key, (map.get(key) ?? 0) + 1);
}

interface MatchedRoute {
	kind: RouteKind;
	key: string;
	conversationId?: string;
	apiPath?: string;
}

function matchRoute(method: string, apiPath: string): MatchedRoute | null {
	const segments = apiPath.split('/').slice(1); // apiPath starts with '/'
	const webhookRoute = WebhookHub.routeKey(method, apiPath);
	if (webhookRoute) return { kind: 'webhooks', key: webhookRoute, apiPath };
	if (method === 'GET') {
		if (apiPath === '/organization') return { kind: 'organization', key: ROUTES.organization };
		if (apiPath === '/organization/members') return { kind: 'members', key: ROUTES.members };
		if (apiPath === '/conversations') return { kind: 'conversations', key: ROUTES.conversations };
		if (segments.length === 2 && segments[0] === 'conversations' && segments[1] !== '') {
			return { kind: 'conversation', key: ROUTES.conversation, conversationId: safeDecode(segments[1]) };
		}
	} else if (method === 'POST') {
		if (apiPath === '/media') return { kind: 'media', key: ROUTES.media };
		if (segments.length === 3 && segments[0] === 'conversations' && segments[1] !== '' && segments[2] === 'messages') {
			return { kind: 'messages', key: ROUTES.messages, conversationId: safeDecode(segments[1]) };
		}
	}
	return null;
}

function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

class SandboxServer {
	private readonly data: DataIndex;
	private readonly token: string;
	private latencyMs: number;
	private rateLimitOptions: RateLimitOptions | null;
	private limiter: RateLimiter | null;
	private faults: FaultInjector | null;
	private ledgerState = emptyLedger();
	/** `${path}\n${key}` -> when it was recorded */
	private idempotency = new Map<string, number>();
	/** every media id uploaded since start (kept across reset() so attachment ids stay valid) */
	private readonly mediaIds = new Set<string>();
	private inFlight = 0;
	private readonly inFlightByConversation = new Map<string, number>();
	readonly webhooks = new WebhookHub({
		conversation: (id) => this.data.conversationById.get(id)?.conversation,
		member: (id) => this.data.memberById.get(id),
	});

	private readonly sockets = new Set<Socket>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private closed = false;
	readonly server: http.Server;

	constructor(options: SandboxOptions) {
		this.token = options.token ?? DEFAULT_TOKEN;
		this.latencyMs = options.latencyMs ?? 0;
		assertNonNegativeNumber(this.latencyMs, 'latencyMs');
		this.rateLimitOptions = validateRateLimit(options.rateLimit);
		this.limiter = this.rateLimitOptions ? new RateLimiter(this.rateLimitOptions) : null;
		const plan = validateFaultPlan(options.faults);
		this.faults = plan ? new FaultInjector(plan) : null;
		this.data = new DataIndex(
			buildSeedData({ extraConversations: options.extraConversations, extraMembers: options.extraMembers }),
		);

		this.server = http.createServer((req, res) => {
			this.handle(req, res).catch((error) => {
				// a bug in the sandbox itself: answer 500 rather than hang the client
				if (!res.headersSent && !res.destroyed) {
					this.send(res, { status: 500, body: errorBody(500, 'INTERNAL', `Sandbox error: ${String(error)}`) });
				}
			});
		});
		// Idle keep-alive sockets stay open for a long time: with Node's default 5 s the server
		// sometimes closes a socket just as a client reuses it ("other side closed"), a flake
		// in tests that has nothing to do with the code under test. close() destroys them.
		this.server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
		this.server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	// ----- handle API -------------------------------------------------------------------------

	ledger(): Ledger {
		const l = this.ledgerState;
		return structuredClone({
			messages: l.messages,
			media: l.media,
			countsByKey: Object.fromEntries(l.countsByKey),
			requests: {
				total: l.total,
				byRoute: Object.fromEntries(l.byRoute),
				status: Object.fromEntries(l.status),
				rateLimited: l.rateLimited,
				faulted: l.faulted,
			},
			maxInFlight: l.maxInFlight,
			maxInFlightPerConversation: l.maxInFlightPerConversation,
		});
	}

	reset(): void {
		this.ledgerState = emptyLedger();
		this.ledgerState.maxInFlight = this.inFlight;
		this.ledgerState.maxInFlightPerConversation = Math.max(0, ...this.inFlightByConversation.values());
		this.idempotency.clear();
		this.webhooks.reset();
		this.faults = null;
		this.limiter = this.rateLimitOptions ? new RateLimiter(this.rateLimitOptions) : null;
	}

	setFaults(plan: FaultPlan | null): void {
		const valid = validateFaultPlan(plan);
		this.faults = valid ? new FaultInjector(valid) : null;
	}

	configure(opts: { latencyMs?: number; rateLimit?: RateLimitOptions | null }): void {
		if (opts.latencyMs !== undefined) assertNonNegativeNumber(opts.latencyMs, 'latencyMs');
		const rateLimit = opts.rateLimit !== undefined ? validateRateLimit(opts.rateLimit) : undefined;
		if (opts.latencyMs !== undefined) this.latencyMs = opts.latencyMs;
		if (rateLimit !== undefined) {
			this.rateLimitOptions = rateLimit;
			this.limiter = rateLimit ? new RateLimiter(rateLimit) : null;
		}
	}

	currentConfig(): { latencyMs: number; rateLimit: RateLimitOptions | null; faults: FaultPlan | null } {
		return { latencyMs: this.latencyMs, rateLimit: this.rateLimitOptions, faults: this.faults?.plan ?? null };
	}

	listen(host: string, port: number): Promise<AddressInfo> {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				this.server.off('error', reject);
				resolve(this.server.address() as AddressInfo);
			});
		});
	}

	close(): Promise<void> {
		if (this.closed) return Promise.resolve();
		this.closed = true;
		this.webhooks.close();
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		return new Promise((resolve) => {
			this.server.close(() => resolve());
			for (const socket of this.sockets) socket.destroy();
		});
	}

	/** A timer that close() clears; returns its cancel function. */
	private later(ms: number, fn: () => void): () => void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			fn();
		}, ms);
		this.timers.add(timer);
		return () => {
			clearTimeout(timer);
			this.timers.delete(timer);
		};
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => this.later(ms, resolve));
	}

	// ----- plumbing -----------------------------------------------------------------------------

	private send(res: http.ServerResponse, answer: Answer): void {
		if (res.headersSent || res.destroyed) return;
		res.writeHead(answer.status, this.headersFor(answer));
		res.end(answer.body);
	}

	private headersFor(answer: Answer): Record<string, string> {
		return {
			'content-type': 'application/json',
			's-request-id': newId(),
			...answer.headers,
			'content-length': String(Buffer.byteLength(answer.body)),
		};
	}

	/** Sends the headers and half of the body, then drops the connection. */
	private sendCutOff(req: http.IncomingMessage, res: http.ServerResponse, answer: Answer): void {
		res.writeHead(answer.status, this.headersFor(answer));
		const body = Buffer.from(answer.body);
		res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.destroy());
	}

	/** Sends the headers at once, then the body one byte every `dripMs`. */
	private async sendDripFed(res: http.ServerResponse, answer: Answer, dripMs: number): Promise<void> {
		res.writeHead(answer.status, this.headersFor(answer));
		const body = Buffer.from(answer.body);
		for (let i = 0; i < body.length; i++) {
			if (res.destroyed || this.closed) return;
			res.write(body.subarray(i, i + 1));
			await this.sleep(dripMs);
		}
		res.end();
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const rawUrl = req.url ?? '/';
		const q = rawUrl.indexOf('?');
		const pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
		const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));

		if (pathname.startsWith('/_sandbox/')) return this.handleControl(req, res, pathname);
		if (pathname === '/v1' || pathname.startsWith('/v1/')) return this.handleApi(req, res, pathname.slice(3) || '/', query);
		req.resume();
		this.send(res, { status: 404, body: errorBody(404, 'NOT_FOUND', `No route ${req.method} ${pathname}`) });
	}

	private async handleControl(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
		if (!isLoopback(req.socket.remoteAddress)) {
			req.resume();
			return this.send(res, { status: 403, body: errorBody(403, 'FORBIDDEN', 'Control routes answer loopback clients only.') });
		}
		let body: BodyResult;
		try {
			body = await readBody(req, JSON_BODY_LIMIT_BYTES);
		} catch {
			return;
		}
		const ok = (payload: unknown): void => this.send(res, { status: 200, body: JSON.stringify(payload) });
		const bad = (message: string): void => this.send(res, { status: 400, body: errorBody(400, 'BAD_PARAMETER', message) });
		const parse = (): { value: unknown } | null => {
			if (body.tooLarge) return null;
			const text = body.data.toString('utf8').trim();
			if (text === '') return { value: undefined };
			try {
				return { value: JSON.parse(text) };
			} catch {
				return null;
			}
		};
		const route = `${req.method} ${pathname}`;
		try {
			switch (route) {
				case 'GET /_sandbox/ledger':
					return ok(this.ledger());
				case 'GET /_sandbox/config':
					return ok(this.currentConfig());
				case 'POST /_sandbox/reset':
					this.reset();
					return ok({ ok: true });
				case 'POST /_sandbox/faults': {
					const parsed = parse();
					if (!parsed) return bad('The body must be a JSON fault plan or null');
					this.setFaults((parsed.value ?? null) as FaultPlan | null);
					return ok({ ok: true, faults: this.faults?.plan ?? null });
				}
				case 'POST /_sandbox/config': {
					const parsed = parse();
					if (!parsed || !isPlainObject(parsed.value)) return bad('The body must be a JSON object {latencyMs?, rateLimit?}');
					this.configure(parsed.value as { latencyMs?: number; rateLimit?: RateLimitOptions | null });
					return ok({ ok: true, ...this.currentConfig() });
				}
				default:
					if (pathname.startsWith('/_sandbox/webhooks')) return ok(this.webhooks.control(route, parse()?.value));
					return this.send(res, { status: 404, body: errorBody(404, 'NOT_FOUND', `No control route ${route}`) });
			}
		} catch (error) {
			return bad(error instanceof Error ? error.message : String(error));
		}
	}

	private async handleApi(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		apiPath: string,
		query: URLSearchParams,
	): Promise<void> {
		const method = req.method ?? 'GET';
		const route = matchRoute(method, apiPath);
		const ledger = this.ledgerState;
		ledger.total++;
		increment(ledger.byRoute, route?.key ?? ROUTES.unknown);

		// in-flight accounting spans body, latency and answer, until the response or socket closes
		const conversationKey = route?.kind === 'messages' ? route.conversationId! : null;
		this.inFlight++;
		this.ledgerState.maxInFlight = Math.max(this.ledgerState.maxInFlight, this.inFlight);
		if (conversationKey !== null) {
			const n = (this.inFlightByConversation.get(conversationKey) ?? 0) + 1;
			this.inFlightByConversation.set(conversationKey, n);
			this.ledgerState.maxInFlightPerConversation = Math.max(this.ledgerState.maxInFlightPerConversation, n);
		}
		res.once('close', () => {
			this.inFlight--;
			if (conversationKey !== null) {
				const n = (this.inFlightByConversation.get(conversationKey) ?? 1) - 1;
				if (n <= 0) this.inFlightByConversation.delete(conversationKey);
				else this.inFlightByConversation.set(conversationKey, n);
			}
		});

		let body: BodyResult;
		try {
			body = await readBody(req, route?.kind === 'media' ? MEDIA_BODY_LIMIT_BYTES : JSON_BODY_LIMIT_BYTES);
		} catch {
			return; // the client went away while sending
		}
		if (this.latencyMs > 0) await this.sleep(this.latencyMs);

		// counters go to the ledger current at answer time (a reset() during latency starts afresh)
		const counted = (answer: Answer): void => {
			increment(this.ledgerState.status, String(answer.status));
			this.send(res, answer);
		};

		const now = Date.now();
		if (!this.isAuthorized(req.headers.authorization)) {
			return counted({
				status: 403,
				body: errorBody(403, 'FORBIDDEN', 'The API token is missing, invalid or disabled.'),
				headers: this.limiter?.headers(now),
			});
		}

		let rateHeaders: Record<string, string> | undefined;
		if (this.limiter) {
			const verdict = this.limiter.take(now);
			rateHeaders = this.limiter.headers(now);
			if (!verdict.allowed) {
				this.ledgerState.rateLimited++;
				const headers = { ...rateHeaders };
				if (verdict.retryAfterSeconds !== null) headers['retry-after'] = String(verdict.retryAfterSeconds);
				return counted({ status: 429, body: errorBody(429, 'RATE_LIMITED', 'Too many requests; slow down.'), headers });
			}
		}
		const answer = (status: number, payload: string): Answer => ({ status, body: payload, headers: rateHeaders });

		if (body.tooLarge) {
			const limit = route?.kind === 'media' ? MEDIA_BODY_LIMIT_BYTES : JSON_BODY_LIMIT_BYTES;
			return counted(answer(413, errorBody(413, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${limit} bytes.`)));
		}
		if (!route) {
			return counted(answer(404, errorBody(404, 'NOT_FOUND', `No route ${method} /v1${apiPath}`)));
		}

		const fault = this.faults?.next(route.kind) ?? null;
		const plan = this.faults?.plan;
		const dripMs = plan?.dripMs ?? DEFAULT_DRIP_MS;
		if (fault === 'fail-before') {
			this.ledgerState.faulted++;
			return counted(answer(500, errorBody(500, 'INTERNAL', 'Injected fault: fail-before.')));
		}
		if (fault === 'drip-500') {
			this.ledgerState.faulted++;
			increment(this.ledgerState.status, '500');
			return this.sendDripFed(res, answer(500, errorBody(500, 'INTERNAL', 'Injected fault: drip-500.')), dripMs);
		}
		if (fault === 'reject-422') {
			this.ledgerState.faulted++;
			return counted(answer(422, errorBody(422, 'INVALID_REQUEST', 'Injected fault: the message cannot be posted.')));
		}
		if (fault === 'html-200') {
			this.ledgerState.faulted++;
			const page = '<!DOCTYPE html><html><head><title>Network login</title></head><body>Sign in to use this Wi-Fi.</body></html>';
			return counted({ status: 200, body: page, headers: { 'content-type': 'text/html; charset=utf-8' } });
		}
		if (fault === 'empty-200') {
			this.ledgerState.faulted++;
			return counted(answer(200, '{}'));
		}
		if (fault === 'redirect') {
			this.ledgerState.faulted++;
			return counted({ status: 302, body: '', headers: { location: plan?.redirectTo ?? 'https://example.com/v1' } });
		}
		if (fault === 'echo-token') {
			this.ledgerState.faulted++;
			const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
			const a = answer(400, errorBody(400, `BAD_${token}`, `Token ${token} is not allowed here.`));
			a.headers = { ...a.headers, 's-request-id': `req-${token}` };
			return counted(a);
		}
		if (fault === 'rate-limit' || fault === 'rate-limit-no-header') {
			this.ledgerState.faulted++;
			const a = answer(429, errorBody(429, 'RATE_LIMITED', `Injected fault: ${fault}.`));
			if (fault === 'rate-limit') {
				a.headers = { ...rateHeaders, 'retry-after': String(this.faults?.plan.retryAfterSeconds ?? 1) };
			}
			return counted(a);
		}

		let result: Answer;
		try {
			result = answer(200, this.route(route, req, query, body.data));
		} catch (error) {
			if (!(error instanceof ApiError)) throw error;
			result = answer(error.statusCode, errorBody(error.statusCode, error.type, error.message));
		}

		if (result.status === 200 && isAfterFault(fault)) {
			this.ledgerState.faulted++;
			if (fault === 'fail-after') {
				return counted(answer(500, errorBody(500, 'INTERNAL', 'Injected fault: fail-after.')));
			}
			if (fault === 'reset-after') {
				increment(this.ledgerState.status, 'reset');
				req.socket.destroy();
				return;
			}
			if (fault === 'cut-after') {
				increment(this.ledgerState.status, 'cut');
				return this.sendCutOff(req, res, result);
			}
			if (fault === 'drip-after') {
				increment(this.ledgerState.status, 'dripped');
				return this.sendDripFed(res, result, dripMs);
			}
			increment(this.ledgerState.status, 'stalled');
			const socket = req.socket;
			const stallMs = this.faults?.plan.stallMs ?? DEFAULT_STALL_MS;
			const cancel = this.later(stallMs, () => socket.destroy());
			socket.once('close', cancel);
			return;
		}
		return counted(result);
	}

	private isAuthorized(header: string | undefined): boolean {
		if (!header) return false;
		const match = /^Bearer\s+(.+)$/i.exec(header.trim());
		return match !== null && match[1] === this.token;
	}

	// ----- routes ------------------------------------------------------------------------------

	/** Answers a matched, authorized request with the 200 body, or throws an ApiError. */
	private route(route: MatchedRoute, req: http.IncomingMessage, query: URLSearchParams, body: Buffer): string {
		switch (route.kind) {
			case 'organization':
				return `{"organization":${this.data.organizationJson}}`;
			case 'members':
				return this.listMembers(query);
			case 'conversations':
				return this.listConversations(query);
			case 'conversation':
				return `{"conversation":${this.findConversation(route.conversationId!).json}}`;
			case 'messages':
				return this.postMessage(route.conversationId!, req, body);
			case 'media':
				return this.uploadMedia(req, body);
			case 'webhooks': {
				const answer = this.webhooks.api(req.method ?? 'GET', route.apiPath!, body, query);
				if ('type' in answer) throw new ApiError(answer.status, answer.type, answer.message);
				return answer.body;
			}
		}
	}

	private listMembers(query: URLSearchParams): string {
		const pageSize = parsePageSize(query.get('pageSize'), 2, 500, 100);
		const total = this.data.memberJson.length;
		const token = query.get('paginationToken');
		const offset = token ? decodeToken(token, 'members', total).offset : 0;
		const end = Math.min(total, offset + pageSize);
		const next = end < total ? encodeToken('members', end, total) : null;
		return pageJson('members', this.data.memberJson.slice(offset, end), total, next);
	}

	private listConversations(query: URLSearchParams): string {
		const orderBy = query.get('orderBy');
		if (orderBy === null) throw badParameter('orderBy is required ("created" or "last_message")');
		if (orderBy !== 'created' && orderBy !== 'last_message') {
			throw badParameter('orderBy must be "created" or "last_message"');
		}
		const pageSize = parsePageSize(query.get('pageSize'), 1, 200, 50);
		let order = this.data.orders[orderBy];
		const list = `conversations:${orderBy}`;
		const token = query.get('paginationToken');
		const startFrom = query.get('startFrom');
		if (token !== null && startFrom !== null) throw badParameter('Only one of startFrom or paginationToken can be provided');

		order = this.webhooks.activity.withLiveConversations(orderBy, order, this.data.conversationById);
		let offset = 0;
		let windowEnd = order.json.length;
		if (token !== null) {
			({ offset, end: windowEnd } = decodeToken(token, list, order.json.length));
		} else if (startFrom !== null) {
			const min = Date.parse(startFrom);
			if (!/^\d{4}-\d{2}-\d{2}T/.test(startFrom) || Number.isNaN(min)) {
				throw badParameter('startFrom must be an RFC 3339 date-time');
			}
			windowEnd = countAtLeast(order.times, min);
		}
		const end = Math.min(windowEnd, offset + pageSize);
		const next = end < windowEnd ? encodeToken(list, end, windowEnd) : null;
		return pageJson('conversations', order.json.slice(offset, end), windowEnd, next);
	}

	private findConversation(id: string): { conversation: SandboxConversation; json: string } {
		const found = this.data.conversationById.get(id) ?? this.webhooks.activity.conversation(id);
		if (!found) throw new ApiError(404, 'NOT_FOUND', 'Conversation not found');
		return found;
	}

	private postMessage(conversationId: string, req: http.IncomingMessage, body: Buffer): string {
		const { conversation } = this.findConversation(conversationId);

		const keyHeader = req.headers['s-idempotency-key'];
		const rawKey = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
		const key = rawKey === undefined || rawKey === '' ? null : rawKey;
		if (key !== null && key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
			throw badParameter(`s-idempotency-key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
		}
		if (conversation.isReadOnly) {
			throw new ApiError(400, 'CONVERSATION_READ_ONLY', 'This conversation is read-only; messages cannot be posted to it.');
		}

		let parsed: unknown;
		try {
			parsed = JSON.parse(body.toString('utf8'));
		} catch {
			throw badParameter('The request body must be valid JSON');
		}
		const message = validateMessage(parsed, conversation, this.data.memberById, this.mediaIds);

		const now = Date.now();
		const keySlot = key === null ? null : `/v1/conversations/${conversationId}/messages\n${key}`;
		if (keySlot !== null) {
			const seenAt = this.idempotency.get(keySlot);
			if (seenAt !== undefined && now - seenAt < IDEMPOTENCY_TTL_MS) {
				throw new ApiError(422, 'DUPLICATE_REQUEST', 'A request with this idempotency key was already received.');
			}
			this.idempotency.set(keySlot, now);
			increment(this.ledgerState.countsByKey, key!);
		}

		const requestId = `asyncRequest_${newId(10)}`;
		this.ledgerState.messages.push({
			seq: this.ledgerState.messages.length + 1,
			conversationId,
			idempotencyKey: key,
			requestId,
			...message,
			receivedAt: new Date(now).toISOString(),
		});
		this.webhooks.messagePosted(conversation, message);
		return JSON.stringify({ requestId });
	}

	private uploadMedia(req: http.IncomingMessage, body: Buffer): string {
		const boundary = multipartBoundary(req.headers['content-type']);
		if (boundary === null) throw badParameter('The request must be multipart/form-data with a boundary');
		let parts: MultipartPart[];
		try {
			parts = parseMultipart(body, boundary);
		} catch (error) {
			if (error instanceof MultipartError) throw badParameter(`Malformed multipart body: ${error.message}`);
			throw error;
		}
		const other = parts.find((p) => p.name !== 'media');
		if (other) throw badParameter(`Unknown field "${other.name}"; the only field is "media"`);
		if (parts.length === 0) throw badParameter('The "media" field is required');
		if (parts.length > 1) throw badParameter('Exactly one "media" field is allowed');
		const [part] = parts;
		if (part.data.length === 0) throw badParameter('The "media" file is empty');

		const id = `media_${newId(10)}`;
		this.mediaIds.add(id);
		this.ledgerState.media.push({
			id,
			fileName: part.filename,
			contentType: part.contentType,
			size: part.data.length,
			sha256: createHash('sha256').update(part.data).digest('hex'),
			receivedAt: new Date().toISOString(),
		});
		return JSON.stringify({ id, object: 'media' });
	}
}

/** Starts a sandbox; `await sandbox.close()` when done. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const sandbox = new SandboxServer(options);
	const host = options.host ?? '127.0.0.1';
	const address = await sandbox.listen(host, options.port ?? 0);
	// a wildcard bind is reachable on loopback; the URL must name an address a client can dial
	const dialable = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
	const hostForUrl = dialable.includes(':') ? `[${dialable}]` : dialable;
	const origin = `http://${hostForUrl}:${address.port}`;
	return {
		url: `${origin}/v1`,
		origin,
		token: options.token ?? DEFAULT_TOKEN,
		ledger: () => sandbox.ledger(),
		reset: () => sandbox.reset(),
		setFaults: (plan) => sandbox.setFaults(plan),
		configure: (opts) => sandbox.configure(opts),
		close: () => sandbox.close(),
		webhooks: sandbox.webhooks,
	};
}
