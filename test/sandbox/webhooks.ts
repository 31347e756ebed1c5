/**
 * Spruce's side of webhooks in the sandbox: the `/webhooks/endpoints` routes, and delivery of
 * signed events to every registered URL when something happens (a message posted through the
 * API, an inbound message or any event injected through a control route), with Spruce's retries
 * and knobs that spoil a delivery on purpose. See README.md beside this file.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { createHmac, randomBytes } from 'node:crypto';

import { ActivityError, SandboxActivity, type Contact, type Item } from './activity';
import {
	freshConversation,
	ORG_ID,
	type ConversationType,
	type SandboxConversation,
	type SandboxMember,
} from './seed';

/** What the next emitted events suffer, one entry per event ('none' = delivered normally). */
export type DeliveryKnob =
	| 'tamper-body' // the body is changed after signing
	| 'wrong-signature' // signed with another secret
	| 'no-signature' // no X-Spruce-Signature header
	| 'duplicate' // delivered twice, both correctly signed
	| 'out-of-order'; // held back and delivered after the next event

export const DELIVERY_KNOBS: readonly DeliveryKnob[] = [
	'tamper-body',
	'wrong-signature',
	'no-signature',
	'duplicate',
	'out-of-order',
];

export interface WebhookEndpointRecord {
	id: string;
	name: string;
	url: string;
	createdAt: string;
	status: string;
	object: 'webhookDestinationEndpoint';
	secret: string;
}

export interface DeliveryRecord {
	seq: number;
	eventId: string;
	type: string;
	endpointId: string;
	attempt: number;
	/** the HTTP status the receiver answered, or 'error' (no answer within the timeout, refused …) */
	status: number | 'error';
	knob: DeliveryKnob | null;
	at: string;
}

export interface WebhookSettings {
	/** Spruce waits 5 s for a 2xx */
	timeoutMs: number;
	/** Spruce retries every 2 minutes */
	retryDelayMs: number;
	/** Spruce retries up to 10 times: 11 attempts in all */
	maxAttempts: number;
}

export const SPRUCE_WEBHOOK_SETTINGS: WebhookSettings = {
	timeoutMs: 5_000,
	retryDelayMs: 120_000,
	maxAttempts: 11,
};

/** An answer for the API router: 200 with a JSON body, or Spruce's error shape. */
export type WebhookAnswer =
	| { status: 200; body: string }
	| { status: number; type: string; message: string };

export interface SpruceEvent {
	object: 'event';
	id: string;
	type: string;
	eventTime: string;
	data: { object: Record<string, unknown> };
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function newId(bytes = 10): string {
	return randomBytes(bytes).toString('hex').toUpperCase();
}

function badParameter(message: string): WebhookAnswer {
	return { status: 400, type: 'BAD_PARAMETER', message };
}

/** Spruce's signature: base64 of HMAC-SHA256 of the raw body with the endpoint's secret. */
export function spruceSignature(body: string | Buffer, secret: string): string {
	return createHmac('sha256', secret).update(body).digest('base64');
}

export class WebhookHub {
	private readonly endpoints = new Map<string, WebhookEndpointRecord>();
	private deliveries: DeliveryRecord[] = [];
	private events: SpruceEvent[] = [];
	private knobs: Array<DeliveryKnob | 'none'> = [];
	private heldBack: SpruceEvent[] = [];
	private settings: WebhookSettings = { ...SPRUCE_WEBHOOK_SETTINGS };
	private readonly timers = new Map<NodeJS.Timeout, () => void>();
	private readonly inFlight = new Set<Promise<void>>();
	private readonly aborts = new Set<AbortController>();
	private itemCount = 0;
	/** items and contacts created while the sandbox runs (what the polling trigger reads) */
	readonly activity = new SandboxActivity();

	constructor(
		private readonly lookup: {
			conversation: (id: string) => SandboxConversation | undefined;
			member: (id: string) => SandboxMember | undefined;
		},
	) {}

	// ----- API routes -------------------------------------------------------------------------

	/** The ledger key of a route this module answers (webhooks, items, contact search), or null. */
	static routeKey(method: string, apiPath: string): string | null {
		if (method === 'GET' && /^\/conversations\/[^/]+\/items$/.test(apiPath))
			return 'GET /conversations/{id}/items';
		if (method === 'POST' && apiPath === '/contacts/search') return 'POST /contacts/search';
		if (apiPath === '/webhooks/endpoints' && (method === 'GET' || method === 'POST')) {
			return `${method} /webhooks/endpoints`;
		}
		if (
			/^\/webhooks\/endpoints\/[^/]+$/.test(apiPath) &&
			(method === 'GET' || method === 'DELETE')
		) {
			return `${method} /webhooks/endpoints/{id}`;
		}
		return null;
	}

	api(method: string, apiPath: string, body: Buffer, query = new URLSearchParams()): WebhookAnswer {
		try {
			if (apiPath === '/contacts/search') {
				return {
					status: 200,
					body: this.activity.searchContacts(
						body.length ? JSON.parse(body.toString('utf8')) : {},
						query,
					),
				};
			}
			const items = /^\/conversations\/([^/]+)\/items$/.exec(apiPath);
			if (items) {
				const id = decodeURIComponent(items[1]);
				if (!this.findConversation(id))
					return { status: 404, type: 'NOT_FOUND', message: 'Conversation not found' };
				return { status: 200, body: this.activity.listItems(id, query) };
			}
		} catch (error) {
			if (error instanceof ActivityError || error instanceof SyntaxError)
				return badParameter(error.message);
			throw error;
		}
		if (apiPath === '/webhooks/endpoints') {
			if (method === 'POST') return this.createEndpoint(body);
			return {
				status: 200,
				body: JSON.stringify({
					endpoints: [...this.endpoints.values()].map((e) => this.publicEndpoint(e, false)),
				}),
			};
		}
		const id = decodeURIComponent(apiPath.slice('/webhooks/endpoints/'.length));
		const endpoint = this.endpoints.get(id);
		if (!endpoint) return { status: 404, type: 'NOT_FOUND', message: 'Webhook endpoint not found' };
		if (method === 'DELETE') {
			this.endpoints.delete(id);
			return { status: 200, body: '{}' };
		}
		return {
			status: 200,
			body: JSON.stringify({ endpoint: this.publicEndpoint(endpoint, false) }),
		};
	}

	private createEndpoint(raw: Buffer): WebhookAnswer {
		let input: unknown;
		try {
			input = JSON.parse(raw.toString('utf8'));
		} catch {
			return badParameter('The request body must be valid JSON');
		}
		const { name, url } = (input ?? {}) as Record<string, unknown>;
		if (typeof name !== 'string' || name.trim() === '') return badParameter('name is required');
		if (typeof url !== 'string') return badParameter('url is required');
		let parsed: URL;
		try {
			parsed = new URL(url);
		} catch {
			return badParameter('url must be a valid URL');
		}
		// Spruce delivers to https only; the sandbox also accepts http on loopback, for tests.
		const loopbackHttp = parsed.protocol === 'http:' && LOOPBACK.test(parsed.hostname);
		if (parsed.protocol !== 'https:' && !loopbackHttp) return badParameter('url must use https');
		const endpoint: WebhookEndpointRecord = {
			id: `wde_${newId()}`,
			name,
			url,
			createdAt: new Date().toISOString(),
			status: 'active',
			object: 'webhookDestinationEndpoint',
			secret: randomBytes(24).toString('base64url'),
		};
		this.endpoints.set(endpoint.id, endpoint);
		return { status: 200, body: JSON.stringify({ endpoint: this.publicEndpoint(endpoint, true) }) };
	}

	/** The secret is shown once, in the answer to the create request. */
	private publicEndpoint(endpoint: WebhookEndpointRecord, withSecret: boolean) {
		const { secret, ...rest } = endpoint;
		return {
			...rest,
			signingSecrets: withSecret ? [{ id: `wss_${endpoint.id.slice(4)}`, value: secret }] : [],
		};
	}

	// ----- things happening in Spruce ---------------------------------------------------------

	/** A message posted through the API: a new outbound item (or an internal note). */
	messagePosted(
		conversation: SandboxConversation,
		message: {
			body: { type: string; value: string }[];
			author?: string;
			internal?: boolean;
			attachments?: { attachmentId: string; title: string }[];
		},
		/** the post's requestId, which the item carries (what Wait for Delivery looks for) */
		requestId?: string,
	): void {
		const author = this.lookup.member(message.author ?? ORG_ID);
		const authorName =
			author && 'displayName' in author ? author.displayName : (author?.name ?? '');
		const text = message.body
			.filter((b) => b.type === 'text')
			.map((b) => b.value)
			.join('\n');
		const item = this.conversationItem(conversation, {
			text,
			direction: message.internal ? 'none' : 'outbound',
			isInternalNote: message.internal === true,
			author: { id: message.author ?? ORG_ID, displayName: authorName },
			attachments: (message.attachments ?? []).map((a) => ({ type: 'document', title: a.title })),
			...(requestId ? { requestId } : {}),
		});
		this.activity.record(item, { moveConversation: false });
		this.emit('conversationItem.created', item);
	}

	/** A patient writes to the practice. */
	inboundMessage(input: {
		conversationId: string;
		text: string;
		from?: string;
		createdAt?: string;
	}): Item {
		const conversation = this.findConversation(input.conversationId);
		if (!conversation) throw new Error(`No conversation ${input.conversationId}`);
		const item = this.conversationItem(conversation, {
			text: input.text,
			direction: 'inbound',
			isInternalNote: false,
			author: { displayName: input.from ?? conversation.title },
			attachments: [],
			// backdated: an item that shows up in lists late (they are eventually consistent)
			...(input.createdAt ? { createdAt: input.createdAt, modifiedAt: input.createdAt } : {}),
		});
		this.activity.record(item, { moveConversation: true });
		this.emit('conversationItem.created', item);
		return item;
	}

	private findConversation(id: string): SandboxConversation | undefined {
		return this.lookup.conversation(id) ?? this.activity.conversation(id)?.conversation;
	}

	/** A new conversation (e.g. a patient's first text to a practice number). */
	conversationCreated(input: { title: string; type?: ConversationType }): SandboxConversation {
		const id = `t_N${String(++this.itemCount).padStart(6, '0')}`;
		const conversation: SandboxConversation = freshConversation(id, {
			title: input.title,
			subtitle: '',
			type: input.type ?? 'phone',
		});
		this.activity.addConversation(conversation);
		this.emit('conversation.created', { ...conversation });
		return conversation;
	}

	/** A contact added in Spruce. */
	contactCreated(input: { givenName: string; familyName: string }): Contact {
		const id = `entity_C${newId(5)}`;
		const contact: Contact = {
			id,
			displayName: `${input.givenName} ${input.familyName}`,
			givenName: input.givenName,
			familyName: input.familyName,
			created: new Date().toISOString(),
			category: 'patient',
			tags: [],
			phoneNumbers: [],
			emailAddresses: [],
			appURL: `https://app.sprucehealth.com/org/${ORG_ID}/contact/${id}`,
			apiURL: `https://api.sprucehealth.com/v1/contacts/${id}`,
			object: 'contact',
		};
		this.activity.addContact(contact);
		this.emit('contact.created', contact);
		return contact;
	}

	private conversationItem(
		conversation: SandboxConversation,
		fields: Record<string, unknown>,
	): Item {
		const id = `ti_${String(++this.itemCount).padStart(6, '0')}${newId(3)}`;
		const now = new Date().toISOString();
		return {
			id,
			conversationId: conversation.id,
			object: 'conversationItem',
			pages: [],
			buttons: [],
			createdAt: now,
			modifiedAt: now,
			canDelete: true,
			requestId: `asyncRequest_${newId()}`,
			appURL: `${conversation.appURL}/message/${id}`,
			apiURL: `https://api.sprucehealth.com/v1/conversationItems/${id}`,
			...fields,
			conversation,
		};
	}

	/** Sends an event to every endpoint registered now (the next knob decides how). */
	emit(
		type: string,
		object: Record<string, unknown>,
		eventTime = new Date().toISOString(),
	): SpruceEvent {
		// Nobody listens: nothing to keep (benchmarks post thousands of messages).
		if (this.endpoints.size === 0)
			return { object: 'event', id: '', type, eventTime, data: { object } };
		const event: SpruceEvent = {
			object: 'event',
			id: `wev_${newId()}`,
			type,
			eventTime,
			data: { object },
		};
		this.events.push(event);
		const knob = this.knobs.shift() ?? 'none';
		if (knob === 'out-of-order') {
			this.heldBack.push(event);
			return event;
		}
		this.send(event, knob === 'none' ? null : knob);
		if (knob === 'duplicate') this.send(event, knob);
		for (const held of this.heldBack.splice(0)) this.send(held, 'out-of-order');
		return event;
	}

	// ----- delivery ---------------------------------------------------------------------------

	private send(event: SpruceEvent, knob: DeliveryKnob | null): void {
		for (const endpoint of this.endpoints.values()) {
			// A paused endpoint gets nothing while paused.
			if (endpoint.status !== 'paused') this.attempt(endpoint, event, knob, 1);
		}
	}

	private attempt(
		endpoint: WebhookEndpointRecord,
		event: SpruceEvent,
		knob: DeliveryKnob | null,
		attempt: number,
	) {
		// The event id is the sandbox's bookkeeping; Spruce's payload does not carry it.
		const body = JSON.stringify({
			object: event.object,
			type: event.type,
			eventTime: event.eventTime,
			data: event.data,
		});
		const headers: Record<string, string> = { 'content-type': 'application/json' };
		if (knob !== 'no-signature') {
			const secret = knob === 'wrong-signature' ? 'not-the-endpoint-secret' : endpoint.secret;
			headers['x-spruce-signature'] = spruceSignature(body, secret);
		}
		const sent = knob === 'tamper-body' ? body.replace(/"eventTime":"/, '"eventTime":"1') : body;
		const done = this.post(endpoint.url, sent, headers).then((status) => {
			this.deliveries.push({
				seq: this.deliveries.length + 1,
				eventId: event.id,
				type: event.type,
				endpointId: endpoint.id,
				attempt,
				status,
				knob,
				at: new Date().toISOString(),
			});
			const ok = typeof status === 'number' && status >= 200 && status < 300;
			if (ok || attempt >= this.settings.maxAttempts) return;
			// Retried with the same body and signature, to the endpoint if it still exists.
			this.later(this.settings.retryDelayMs, () => {
				const current = this.endpoints.get(endpoint.id);
				if (current) this.attempt(current, event, knob, attempt + 1);
			});
		});
		this.inFlight.add(done);
		void done.finally(() => this.inFlight.delete(done));
	}

	private post(
		url: string,
		body: string,
		headers: Record<string, string>,
	): Promise<number | 'error'> {
		const abort = new AbortController();
		this.aborts.add(abort);
		return new Promise<number | 'error'>((resolve) => {
			const client = url.startsWith('https:') ? https : http;
			const req = client.request(
				url,
				{
					method: 'POST',
					headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
					timeout: this.settings.timeoutMs,
					signal: abort.signal,
				},
				(res) => {
					res.resume();
					res.on('end', () => resolve(res.statusCode ?? 'error'));
					res.on('error', () => resolve('error'));
				},
			);
			req.on('timeout', () => req.destroy(new Error('timeout')));
			req.on('error', () => resolve('error'));
			req.end(body);
		}).finally(() => this.aborts.delete(abort));
	}

	private later(ms: number, fn: () => void): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			fn();
		}, ms);
		this.timers.set(timer, fn);
	}

	// ----- control ----------------------------------------------------------------------------

	/** The `/_sandbox/webhooks…` control routes; throws on a bad body (answered 400). */
	control(route: string, body: unknown): unknown {
		const input = (body ?? {}) as Record<string, unknown>;
		switch (route) {
			case 'GET /_sandbox/webhooks':
				return this.snapshot();
			case 'POST /_sandbox/webhooks/inbound': {
				const { conversationId, text, from, createdAt } = input;
				if (typeof conversationId !== 'string' || typeof text !== 'string') {
					throw new TypeError('The body must be {conversationId, text, from?, createdAt?}');
				}
				const optional = (value: unknown) => (typeof value === 'string' ? value : undefined);
				const item = this.inboundMessage({
					conversationId,
					text,
					from: optional(from),
					createdAt: optional(createdAt),
				});
				return { ok: true, item };
			}
			case 'POST /_sandbox/webhooks/contacts': {
				const { givenName, familyName } = input;
				if (typeof givenName !== 'string' || typeof familyName !== 'string') {
					throw new TypeError('The body must be {givenName, familyName}');
				}
				return { ok: true, contact: this.contactCreated({ givenName, familyName }) };
			}
			case 'POST /_sandbox/webhooks/conversations': {
				const { title, type } = input;
				if (typeof title !== 'string') throw new TypeError('The body must be {title, type?}');
				return {
					ok: true,
					conversation: this.conversationCreated({ title, type: type as ConversationType }),
				};
			}
			case 'POST /_sandbox/webhooks/events': {
				const { type, object, eventTime } = input;
				if (typeof type !== 'string' || !object || typeof object !== 'object') {
					throw new TypeError('The body must be {type, object, eventTime?}');
				}
				const time = typeof eventTime === 'string' ? eventTime : undefined;
				return { ok: true, event: this.emit(type, object as Record<string, unknown>, time) };
			}
			case 'POST /_sandbox/webhooks/knobs':
				if (!Array.isArray(body)) throw new TypeError('The body must be an array of knobs');
				this.setKnobs(body as DeliveryKnob[]);
				return { ok: true };
			case 'POST /_sandbox/webhooks/config':
				this.configure(input as Partial<WebhookSettings>);
				return { ok: true, settings: this.settings };
			case 'POST /_sandbox/webhooks/retry':
				this.retryNow();
				return { ok: true };
			case 'POST /_sandbox/webhooks/redeliver': {
				const { eventIds } = input;
				if (
					eventIds !== undefined &&
					!(Array.isArray(eventIds) && eventIds.every((id) => typeof id === 'string'))
				) {
					throw new TypeError('The body must be {eventIds?: string[]}');
				}
				return { ok: true, redelivered: this.redeliver(eventIds as string[] | undefined) };
			}
			default:
				throw new TypeError(`No control route ${route}`);
		}
	}

	/** Spoils the next emitted events, one knob each, in order. */
	setKnobs(knobs: Array<DeliveryKnob | 'none'>): void {
		for (const knob of knobs) {
			if (knob !== 'none' && !DELIVERY_KNOBS.includes(knob))
				throw new TypeError(`unknown delivery knob ${JSON.stringify(knob)}`);
		}
		this.knobs = [...knobs];
	}

	configure(settings: Partial<WebhookSettings>): void {
		for (const [name, value] of Object.entries(settings)) {
			if (!(name in SPRUCE_WEBHOOK_SETTINGS))
				throw new TypeError(`unknown webhook setting ${name}`);
			if (typeof value !== 'number' || !(value >= 0))
				throw new TypeError(`${name} must be a non-negative number`);
		}
		this.settings = { ...this.settings, ...settings };
	}

	/** Resolves when no delivery attempt is in flight (waiting retries are not in flight). */
	async settled(): Promise<void> {
		while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
	}

	/** Runs every waiting retry now. */
	retryNow(): void {
		const pending = [...this.timers];
		this.timers.clear();
		for (const [timer, fire] of pending) {
			clearTimeout(timer);
			fire();
		}
	}

	/**
	 * Sends events again (all of them, or those named), signed as before, to every endpoint
	 * registered now: what Spruce does when it missed the answer to a delivery the receiver did
	 * take (no answer within its 5 s). Recorded as one more attempt. Returns how many were sent.
	 */
	redeliver(eventIds?: string[]): number {
		const wanted = eventIds ? new Set(eventIds) : undefined;
		const events = this.events.filter((event) => !wanted || wanted.has(event.id));
		for (const event of events) {
			for (const endpoint of this.endpoints.values()) {
				if (endpoint.status === 'paused') continue;
				const attempts = this.deliveries.filter(
					(d) => d.eventId === event.id && d.endpointId === endpoint.id,
				).length;
				this.attempt(endpoint, event, null, attempts + 1);
			}
		}
		return events.length;
	}

	/** Pauses or resumes an endpoint; false when there is no such endpoint. */
	setPaused(id: string, paused: boolean): boolean {
		const endpoint = this.endpoints.get(id);
		if (!endpoint) return false;
		endpoint.status = paused ? 'paused' : 'active';
		return true;
	}

	/**
	 * An endpoint's delivery log as Spruce lists it (oldest first): each event sent to it, with
	 * its attempts and outcome; undefined when there is no such endpoint.
	 */
	deliveryLog(id: string) {
		if (!this.endpoints.has(id)) return undefined;
		const byEvent = new Map<string, DeliveryRecord[]>();
		for (const record of this.deliveries) {
			if (record.endpointId !== id) continue;
			byEvent.set(record.eventId, [...(byEvent.get(record.eventId) ?? []), record]);
		}
		return this.events
			.filter((event) => byEvent.has(event.id))
			.map((event) => {
				const attempts = byEvent.get(event.id)!;
				const delivered = attempts.find((a) => typeof a.status === 'number' && a.status >= 200 && a.status < 300);
				const status = delivered ? 'delivered' : attempts.length >= this.settings.maxAttempts ? 'failed' : 'retrying';
				return {
					id: event.id,
					eventTime: event.eventTime,
					data: JSON.stringify({ object: event.object, type: event.type, eventTime: event.eventTime, data: event.data }),
					object: 'webhookDestinationEndpointEvent',
					delivery: {
						attempts: attempts.length,
						attemptLimit: this.settings.maxAttempts,
						status,
						...(delivered ? { deliveryTime: delivered.at } : {}),
					},
				};
			});
	}

	snapshot() {
		return structuredClone({
			endpoints: [...this.endpoints.values()].map((e) => this.publicEndpoint(e, false)),
			deliveries: this.deliveries,
			events: this.events,
			pendingRetries: this.timers.size,
			settings: this.settings,
		});
	}

	/** Forgets endpoints, events, deliveries and knobs; waiting retries are dropped. */
	reset(): void {
		this.activity.reset();
		this.endpoints.clear();
		this.deliveries = [];
		this.events = [];
		this.knobs = [];
		this.heldBack = [];
		this.settings = { ...SPRUCE_WEBHOOK_SETTINGS };
		for (const timer of this.timers.keys()) clearTimeout(timer);
		this.timers.clear();
	}

	close(): void {
		this.reset();
		for (const abort of this.aborts) abort.abort();
	}
}
