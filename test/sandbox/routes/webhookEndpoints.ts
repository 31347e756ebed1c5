/** Webhook endpoints (`/webhooks/endpoints…`): answered by the sandbox's WebhookHub (webhooks.ts). */
import { ApiError } from '../http';
import type { Route, RouteContext } from './route';

function byHub({ store, req, path, body, query }: RouteContext): string {
	const answer = store.webhooks.api(req.method ?? 'GET', path, body, query);
	if ('type' in answer) throw new ApiError(answer.status, answer.type, answer.message);
	return answer.body;
}

/** Create honours `s-idempotency-key`, like every Spruce write: a key seen before is a 422. */
function create(ctx: RouteContext): string {
	ctx.store.claimKey(ctx.path, ctx.store.idempotencyKeyOf(ctx.req));
	return byHub(ctx);
}

export const webhookEndpointRoutes: Route[] = [
	{ method: 'GET', path: '/webhooks/endpoints', handle: byHub },
	{ method: 'POST', path: '/webhooks/endpoints', handle: create },
	{ method: 'GET', path: '/webhooks/endpoints/{id}', handle: byHub },
	{ method: 'DELETE', path: '/webhooks/endpoints/{id}', handle: byHub },
];
