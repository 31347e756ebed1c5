/**
 * A local Spruce-compatible HTTP server for tests, the demo, fault-injection runs and benchmarks.
 * Node standard library only. See README.md beside this file. This file is the plumbing (auth,
 * rate limit, faults, ledger, OpenAPI check); each resource's routes live in routes/.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { assertNonNegativeNumber, FaultInjector, isAfterFault, validateFaultPlan, type FaultPlan } from './faults';
import { errorBody, isLoopback, isPlainObject, newId, readBody, safeDecode, ApiError, type Answer, type BodyResult } from './http';
import { emptyLedger, increment, type Ledger } from './ledger';
import { contractViolations } from './openapi';
import { RateLimiter, validateRateLimit, type RateLimitOptions } from './rateLimit';
import { contactRoutes } from './routes/contacts';
import { callRoutes } from './routes/calls';
import { conversationItemRoutes, FILES_PREFIX } from './routes/conversationItems';
import { conversationRoutes } from './routes/conversations';
import { internalEndpointRoutes } from './routes/internalEndpoints';
import { labelRoutes } from './routes/labels';
import { mediaRoutes } from './routes/media';
import { memberRoutes } from './routes/members';
import { messageRoutes } from './routes/messages';
import { organizationRoutes } from './routes/organization';
import { phoneLineRoutes } from './routes/phoneLines';
import { webhookEndpointRoutes } from './routes/webhookEndpoints';
import type { Route } from './routes/route';
import { savedMessageRoutes } from './routes/savedMessages';
import { scheduledMessageRoutes } from './routes/scheduledMessages';
import { webhookDeliveryRoutes } from './routes/webhookDeliveries';
import { Store } from './store';
import type { WebhookHub } from './webhooks';

export { FAULT_KINDS, mulberry32, TRANSIENT_FAULT_KINDS, type FaultKind, type FaultPlan } from './faults';
export type { Ledger, RecordedDownload, RecordedMedia, RecordedMessage, RecordedSend } from './ledger';
export type { RateLimitOptions } from './rateLimit';
export { MAX_ATTACHMENTS } from './routes/messages';
export { MEDIA_BODY_LIMIT_BYTES } from './routes/media';
export { MAX_IDEMPOTENCY_KEY_LENGTH } from './store';

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
	/** generated contacts added after the seed (entity_CG000001…) */
	extraContacts?: number;
	/** generated items in t_0001, older than its seed items */
	extraItems?: number;
	/** how long after a post its item appears in the conversation (default 0; null: never) */
	deliveryDelayMs?: number | null;
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
	/** the OpenAPI violations seen since the last call (reset() does not clear these) */
	takeViolations(): string[];
	configure(opts: ConfigureOptions): void;
	/** closes the server and destroys open sockets (stalled ones included) */
	close(): Promise<void>;
	/** Spruce's side of webhooks: endpoints, deliveries, knobs (see webhooks.ts) */
	webhooks: WebhookHub;
}

export interface ConfigureOptions {
	latencyMs?: number;
	rateLimit?: RateLimitOptions | null;
	/** how long after a post its item appears in the conversation (null: never) */
	deliveryDelayMs?: number | null;
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
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;
const DEFAULT_STALL_MS = 60_000;
const DEFAULT_DRIP_MS = 200;
const KEEP_ALIVE_TIMEOUT_MS = 10 * 60_000;

/** Every route the sandbox answers, one file per resource. */
const API_ROUTES: Route[] = [
	...organizationRoutes,
	...contactRoutes,
	...conversationRoutes,
	...conversationItemRoutes,
	...messageRoutes,
	...internalEndpointRoutes,
	...mediaRoutes,
	...callRoutes,
	...labelRoutes,
	...memberRoutes,
	...phoneLineRoutes,
	...savedMessageRoutes,
	...scheduledMessageRoutes,
	...webhookEndpointRoutes,
	...webhookDeliveryRoutes,
];

interface MatchedRoute {
	route: Route;
	key: string;
	params: string[];
}

const routeTable = API_ROUTES.map((route) => ({
	route,
	key: `${route.method} ${route.path}`,
	segments: route.path.split('/').slice(1),
}));

/** The route a request names; literal segments win over parameters (/contacts/search). */
function matchRoute(method: string, apiPath: string): MatchedRoute | null {
	const segments = apiPath.split('/').slice(1); // apiPath starts with '/'
	let best: (MatchedRoute & { literals: number }) | null = null;
	for (const entry of routeTable) {
		if (entry.route.method !== method || entry.segments.length !== segments.length) continue;
		const params: string[] = [];
		let literals = 0;
		let fits = true;
		for (let i = 0; i < segments.length && fits; i++) {
			const want = entry.segments[i];
			if (want.startsWith('{')) {
				fits = segments[i] !== '';
				params.push(safeDecode(segments[i]));
			} else if (want === segments[i]) literals++;
			else fits = false;
		}
		if (fits && (!best || literals > best.literals)) best = { route: entry.route, key: entry.key, params, literals };
	}
	return best && { route: best.route, key: best.key, params: best.params };
}

class SandboxServer {
	private readonly store: Store;
	private readonly token: string;
	private latencyMs: number;
	private rateLimitOptions: RateLimitOptions | null;
	private limiter: RateLimiter | null;
	private faults: FaultInjector | null;
	private ledgerState = emptyLedger();
	/** OpenAPI violations not yet handed to takeViolations() */
	private unreported: string[] = [];
	private inFlight = 0;
	private readonly inFlightByConversation = new Map<string, number>();

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
		this.store = new Store(
			{
				extraConversations: options.extraConversations,
				extraMembers: options.extraMembers,
				extraContacts: options.extraContacts,
				extraItems: options.extraItems,
			},
			() => this.ledgerState,
			(ms, fn) => void this.later(ms, fn),
		);
		if (options.deliveryDelayMs !== undefined) this.store.deliveryDelayMs = options.deliveryDelayMs;

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
			sent: l.sent,
			downloads: l.downloads,
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
			violations: l.violations,
		});
	}

	takeViolations(): string[] {
		return this.unreported.splice(0);
	}

	reset(): void {
		this.ledgerState = emptyLedger();
		this.ledgerState.maxInFlight = this.inFlight;
		this.ledgerState.maxInFlightPerConversation = Math.max(0, ...this.inFlightByConversation.values());
		this.store.reset();
		this.faults = null;
		this.limiter = this.rateLimitOptions ? new RateLimiter(this.rateLimitOptions) : null;
	}

	setFaults(plan: FaultPlan | null): void {
		const valid = validateFaultPlan(plan);
		this.faults = valid ? new FaultInjector(valid) : null;
	}

	configure(opts: ConfigureOptions): void {
		if (opts.deliveryDelayMs !== undefined) this.store.deliveryDelayMs = opts.deliveryDelayMs;
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

	get webhooks(): WebhookHub {
		return this.store.webhooks;
	}

	close(): Promise<void> {
		if (this.closed) return Promise.resolve();
		this.closed = true;
		this.store.webhooks.close();
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
		if (pathname.startsWith(FILES_PREFIX)) return this.serveFile(req, res, pathname);
		if (pathname === '/v1' || pathname.startsWith('/v1/')) return this.handleApi(req, res, pathname.slice(3) || '/', query);
		req.resume();
		this.send(res, { status: 404, body: errorBody(404, 'NOT_FOUND', `No route ${req.method} ${pathname}`) });
	}

	/** An attachment's bytes at its signed URL; the ledger notes whether a token came along. */
	private serveFile(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
		req.resume();
		const key = pathname.slice(FILES_PREFIX.length);
		this.ledgerState.downloads.push({ path: pathname, authorization: req.headers.authorization !== undefined });
		const bytes = this.store.files.get(key);
		if (!bytes) return this.send(res, { status: 404, body: errorBody(404, 'NOT_FOUND', 'No such file') });
		res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) });
		res.end(bytes);
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
					this.configure(parsed.value as ConfigureOptions);
					return ok({ ok: true, ...this.currentConfig() });
				}
				default:
					if (pathname.startsWith('/_sandbox/webhooks')) return ok(this.store.webhooks.control(route, parse()?.value));
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
		const conversationKey = route?.route.perConversation ? route.params[0] : null;
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
			body = await readBody(req, route?.route.bodyLimit ?? JSON_BODY_LIMIT_BYTES);
		} catch {
			return; // the client went away while sending
		}
		if (!body.tooLarge) {
			const violations = contractViolations({ method, path: apiPath, query, headers: req.headers, body: body.data });
			this.ledgerState.violations.push(...violations);
			this.unreported.push(...violations);
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
			const limit = route?.route.bodyLimit ?? JSON_BODY_LIMIT_BYTES;
			return counted(answer(413, errorBody(413, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${limit} bytes.`)));
		}
		if (!route) {
			return counted(answer(404, errorBody(404, 'NOT_FOUND', `No route ${method} /v1${apiPath}`)));
		}

		const fault = this.faults?.next(route.route.faultTarget) ?? null;
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
			const handled = route.route.handle({
				req,
				query,
				body: body.data,
				params: route.params,
				path: apiPath,
				store: this.store,
			});
			result = typeof handled === 'string' ? answer(200, handled) : { ...handled, headers: { ...rateHeaders, ...handled.headers } };
		} catch (error) {
			if (!(error instanceof ApiError)) throw error;
			result = answer(error.statusCode, errorBody(error.statusCode, error.type, error.message));
		}

		if (result.status < 300 && isAfterFault(fault)) {
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
		takeViolations: () => sandbox.takeViolations(),
		setFaults: (plan) => sandbox.setFaults(plan),
		configure: (opts) => sandbox.configure(opts),
		close: () => sandbox.close(),
		webhooks: sandbox.webhooks,
	};
}