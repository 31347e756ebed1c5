/**
 * Pause/resume of a webhook endpoint and its delivery log, on the WebhookHub's endpoints (the
 * hub answers the endpoints themselves, routes/webhookEndpoints.ts).
 */
import { ApiError, badParameter } from '../http';
import { pageOf } from './paging';
import type { Route, RouteContext } from './route';

/** GET …/events takes no pageSize: the sandbox answers this many per page. */
export const EVENTS_PAGE_SIZE = 2;

const notFound = () => new ApiError(404, 'NOT_FOUND', 'Webhook endpoint not found');

function setPaused(ctx: RouteContext): string {
	const paused = ctx.query.get('paused');
	if (paused !== 'true' && paused !== 'false') throw badParameter('paused must be true or false');
	const key = ctx.store.idempotencyKeyOf(ctx.req);
	if (!ctx.store.webhooks.deliveryLog(ctx.params[0])) throw notFound();
	ctx.store.claimKey(ctx.path, key);
	ctx.store.webhooks.setPaused(ctx.params[0], paused === 'true');
	return JSON.stringify({ paused: paused === 'true' });
}

function events(ctx: RouteContext): string {
	const log = ctx.store.webhooks.deliveryLog(ctx.params[0]);
	if (!log) throw notFound();
	const from = ctx.query.get('startTime');
	const to = ctx.query.get('endTime');
	const list = log.filter((e) => (!from || e.eventTime >= from) && (!to || e.eventTime < to));
	return pageOf(list, ctx.query, 'events', { size: EVENTS_PAGE_SIZE, totalCount: false });
}

export const webhookDeliveryRoutes: Route[] = [
	{ method: 'POST', path: '/webhooks/endpoints/{id}/paused', handle: setPaused },
	{ method: 'GET', path: '/webhooks/endpoints/{id}/events', handle: events },
];
