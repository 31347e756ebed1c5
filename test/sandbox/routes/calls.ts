/** POST /internalendpoints/{id}/calls: a proxy call from a phone line to a number. */
import { ApiError, badParameter, isPlainObject, newId } from '../http';
import { INTERNAL_ENDPOINTS, toE164 } from '../practice';
import { jsonBody, type Route, type RouteContext } from './route';

/** the proxy number every call gets in the sandbox */
export const PROXY_NUMBER = '+15559990000';

function proxyCall(ctx: RouteContext): string {
	const found = INTERNAL_ENDPOINTS.find((e) => e.endpoint.id === ctx.params[0]);
	if (!found) throw new ApiError(404, 'NOT_FOUND', 'Internal endpoint not found');
	if (found.endpoint.channel !== 'phone')
		throw badParameter(`Internal endpoint ${found.endpoint.id} is not a phone line`);
	const raw = jsonBody(ctx.body);
	if (!isPlainObject(raw)) throw badParameter('The request body must be a JSON object');
	for (const field of ['originatingNumber', 'destinationNumber']) {
		if (typeof raw[field] !== 'string' || !toE164(raw[field] as string))
			throw badParameter(`${field} is not a phone number`);
	}
	const key = ctx.store.idempotencyKeyOf(ctx.req);
	ctx.store.claimKey(ctx.path, key);
	return JSON.stringify({ proxyNumber: PROXY_NUMBER, requestId: `asyncRequest_${newId(10)}` });
}

export const callRoutes: Route[] = [
	{ method: 'POST', path: '/internalendpoints/{id}/calls', handle: proxyCall },
];
