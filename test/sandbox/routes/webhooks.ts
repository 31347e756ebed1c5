/**
 * Webhook endpoints: create (the only answer carrying the signing secret), list, get, delete,
 * pause/resume and each endpoint's delivery log. The trigger's sandbox (delivering events to
 * the endpoints) is apart from this; these routes are what the Webhook Endpoint operations use.
 */
import { randomBytes } from 'node:crypto';

import { ApiError, badParameter, isPlainObject } from '../http';
import type { Store } from '../store';
import { pageOf } from './paging';
import { jsonBody, type Route, type RouteContext } from './route';

/** GET …/events takes no pageSize: the sandbox answers this many per page. */
export const EVENTS_PAGE_SIZE = 2;

interface SandboxWebhookEndpoint {
	id: string;
	name: string;
	url: string;
	createdAt: string;
	status: 'active' | 'paused';
	object: 'webhookDestinationEndpoint';
}

interface State {
	endpoints: SandboxWebhookEndpoint[];
	events: Map<string, Array<{ id: string; eventTime: string; data: string; object: string; delivery: Record<string, unknown> }>>;
}

function seed(): State {
	const endpoint: SandboxWebhookEndpoint = {
		id: 'wde_0001',
		name: 'EHR sync',
		url: 'https://ehr.example.com/spruce',
		createdAt: '2025-01-01T09:00:00.000Z',
		status: 'active',
		object: 'webhookDestinationEndpoint',
	};
	const event = (n: number, status: string) => ({
		id: `whe_000${n}`,
		eventTime: `2025-06-0${n}T09:00:00.000Z`,
		data: JSON.stringify({ object: 'event', type: 'conversationItem.created' }),
		object: 'webhookDestinationEndpointEvent',
		delivery: { attempts: status === 'delivered' ? 1 : 3, attemptLimit: 10, status },
	});
	return { endpoints: [endpoint], events: new Map([['wde_0001', [event(1, 'delivered'), event(2, 'delivered'), event(3, 'failed')]]]) };
}

const stateOf = (store: Store) => store.state('webhooks', seed);
/** Stored endpoints never show their secret again. */
const shown = (endpoint: SandboxWebhookEndpoint) => ({ ...endpoint, signingSecrets: [] });

function find(store: Store, id: string): SandboxWebhookEndpoint {
	const endpoint = stateOf(store).endpoints.find((e) => e.id === id);
	if (!endpoint) throw new ApiError(404, 'NOT_FOUND', 'Webhook endpoint not found');
	return endpoint;
}

function create(ctx: RouteContext): string {
	const raw = jsonBody(ctx.body);
	if (!isPlainObject(raw) || typeof raw.name !== 'string' || raw.name.trim() === '') throw badParameter('name is required');
	if (typeof raw.url !== 'string' || !/^https:\/\/[^\s/]+/.test(raw.url)) throw badParameter('url must be an https URL');
	const key = ctx.store.idempotencyKeyOf(ctx.req);
	ctx.store.claimKey(ctx.path, key);
	const endpoint: SandboxWebhookEndpoint = {
		id: ctx.store.nextId('wde_'),
		name: raw.name,
		url: raw.url,
		createdAt: new Date().toISOString(),
		status: 'active',
		object: 'webhookDestinationEndpoint',
	};
	stateOf(ctx.store).endpoints.push(endpoint);
	const secret = { id: ctx.store.nextId('wss_'), value: randomBytes(24).toString('base64') };
	return JSON.stringify({ endpoint: { ...endpoint, signingSecrets: [secret] } });
}

function setPaused(ctx: RouteContext): string {
	const endpoint = find(ctx.store, ctx.params[0]);
	const paused = ctx.query.get('paused');
	if (paused !== 'true' && paused !== 'false') throw badParameter('paused must be true or false');
	const key = ctx.store.idempotencyKeyOf(ctx.req);
	ctx.store.claimKey(ctx.path, key);
	endpoint.status = paused === 'true' ? 'paused' : 'active';
	return JSON.stringify({ paused: paused === 'true' });
}

function events(ctx: RouteContext): string {
	find(ctx.store, ctx.params[0]);
	const from = ctx.query.get('startTime');
	const to = ctx.query.get('endTime');
	const list = (stateOf(ctx.store).events.get(ctx.params[0]) ?? []).filter(
		(e) => (!from || e.eventTime >= from) && (!to || e.eventTime < to),
	);
	return pageOf(list, ctx.query, 'events', { size: EVENTS_PAGE_SIZE, totalCount: false });
}

export const webhookEndpointRoutes: Route[] = [
	{ method: 'POST', path: '/webhooks/endpoints', handle: create },
	{ method: 'GET', path: '/webhooks/endpoints', handle: ({ store }) => JSON.stringify({ endpoints: stateOf(store).endpoints.map(shown) }) },
	{ method: 'GET', path: '/webhooks/endpoints/{id}', handle: ({ store, params }) => JSON.stringify({ endpoint: shown(find(store, params[0])) }) },
	{
		method: 'DELETE',
		path: '/webhooks/endpoints/{id}',
		handle: ({ store, params }) => {
			const state = stateOf(store);
			state.endpoints.splice(state.endpoints.indexOf(find(store, params[0])), 1);
			return '{}';
		},
	},
	{ method: 'POST', path: '/webhooks/endpoints/{id}/paused', handle: setPaused },
	{ method: 'GET', path: '/webhooks/endpoints/{id}/events', handle: events },
];
