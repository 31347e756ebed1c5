/** Webhook endpoints (`/webhooks/endpoints…`): answered by the sandbox's WebhookHub (webhooks.ts). */
import { ApiError } from '../http';
import type { Route, RouteContext } from './route';

function byHub({ store, req, path, body, query }: RouteContext): string {
	const answer = store.webhooks.api(req.method ?? 'GET', path, body, query);
	if ('type' in answer) throw new ApiError(answer.status, answer.type, answer.message);
	return answer.body;
}

export const webhookEndpointRoutes: Route[] = [
	{ method: 'GET', path: '/webhooks/endpoints', handle: byHub },
	{ method: 'POST', path: '/webhooks/endpoints', handle: byHub },
	{ method: 'GET', path: '/webhooks/endpoints/{id}', handle: byHub },
	{ method: 'DELETE', path: '/webhooks/endpoints/{id}', handle: byHub },
];
