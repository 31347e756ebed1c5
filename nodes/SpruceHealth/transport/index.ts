import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { connectionFor, CREDENTIAL_TYPE, type SpruceContext } from './connection';
import { spruceApiError, type FailureWording, type SpruceFailure } from './errors';
import { readRateLimitHeaders } from './pacing';
import { waitUnlessCancelled } from './wait';
import {
	backoffDelay,
	DEFAULT_POLICY,
	isRetryableStatus,
	MAX_RETRY_AFTER_MS,
	networkErrorCode,
	parseRetryAfter,
	type RequestPolicy,
} from './retry';

export { pathSegment, connectionFor, validateBaseUrl, type SpruceContext } from './connection';
export { DEFAULT_POLICY, type RequestPolicy } from './retry';

export interface SpruceRequest extends FailureWording {
	method: IHttpRequestMethods;
	/** Path below the base URL, ids already passed through `pathSegment`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | FormData;
	/**
	 * Set by writes, which are idempotent: sent as `s-idempotency-key`, the same on every attempt,
	 * and Spruce's 422 for a key it already saw on this route means "already done" (`duplicate`).
	 */
	idempotencyKey?: string;
	/** Statuses the caller handles itself (e.g. 422 = already posted) rather than errors. */
	acceptStatus?: number[];
	itemIndex?: number;
}

export interface SpruceResponse<T> {
	statusCode: number;
	body: T;
	requestId?: string;
	attempts: number;
	/** The write carried an idempotency key Spruce had already seen: it was done before. */
	duplicate: boolean;
}

/** Waiting for a daily window would stall the workflow for hours: such items fail instead. */
const DAILY_LIMIT = { statusCode: 429, type: 'DAILY_LIMIT', message: 'The organization\'s daily request limit is used up' };

function tooLongToWait(ms: number) {
	return {
		statusCode: 429,
		type: 'RATE_LIMITED',
		message: `Spruce asked to wait about ${Math.ceil(ms / 60_000)} minutes before the next request`,
	};
}

interface RawResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

function asObject(body: unknown): IDataObject {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	if (typeof body === 'string' && body.trim().startsWith('{')) {
		try {
			return JSON.parse(body) as IDataObject;
		} catch {
			return {};
		}
	}
	return {};
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
	const value = headers[name];
	if (value === undefined || value === null) return undefined;
	return String(Array.isArray(value) ? value[0] : value);
}

/**
 * The one place that talks HTTP to Spruce. Every request goes through n8n's
 * `httpRequestWithAuthentication` (the credential adds the token), is paced by the
 * organization's rate-limit headers, times out, and is retried on network errors, 5xx and 429
 * with backoff and jitter, honouring Retry-After and always resending the same idempotency key.
 * Failures become NodeApiErrors carrying Spruce's type, message and s-request-id — never the token.
 */
export async function spruceApiRequest<T = IDataObject>(
	this: SpruceContext,
	request: SpruceRequest,
	policy: RequestPolicy = DEFAULT_POLICY,
): Promise<SpruceResponse<T>> {
	const connection = await connectionFor(this);
	const node = this.getNode();
	const signal =
		'getExecutionCancelSignal' in this ? this.getExecutionCancelSignal() : undefined;
	const maxAttempts = policy.retry ? Math.max(1, Math.floor(policy.maxAttempts)) : 1;
	const isForm = typeof FormData !== 'undefined' && request.body instanceof FormData;

	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${connection.baseUrl}${request.path}`,
		qs: request.qs,
		body: request.body,
		json: !isForm,
		headers: request.idempotencyKey ? { 's-idempotency-key': request.idempotencyKey } : {},
		timeout: policy.timeoutMs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A redirect could carry the token to another host: never follow one.
		disableFollowRedirect: true,
	};

	let failure: SpruceFailure = { attempts: 0 };
	for (let attempt = 1; attempt <= maxAttempts; attempt++) {
		if (connection.pacer.dailyExhausted) {
			failure = { ...DAILY_LIMIT, requestId: failure.requestId, attempts: Math.max(1, attempt - 1) };
			break;
		}
		if (!(await connection.pacer.acquire(signal, MAX_RETRY_AFTER_MS))) {
			// Spruce asked every request to wait longer than a workflow should stall: fail now.
			const heldMs = connection.pacer.heldFor(Date.now());
			failure = { ...failure, ...tooLongToWait(heldMs), attempts: Math.max(1, attempt - 1) };
			break;
		}
		const sentAt = Date.now();
		let response: RawResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				// n8n's client may add to the options (the auth header): give it a copy each time.
				{ ...options, headers: { ...options.headers } },
				{ credentialsDecrypted: connection.credentials },
			)) as RawResponse;
		} catch (error) {
			connection.pacer.release(sentAt, undefined);
			const networkCode = networkErrorCode(error);
			failure = { networkCode: networkCode ?? 'unknown error', attempts: attempt };
			if (networkCode && attempt < maxAttempts) {
				await waitUnlessCancelled(backoffDelay(attempt), signal);
				continue;
			}
			break;
		}

		const headers = response.headers ?? {};
		const statusCode = response.statusCode;
		const retryAfterMs = statusCode === 429 ? parseRetryAfter(headers['retry-after']) : undefined;
		const requestId = header(headers, 's-request-id');
		connection.pacer.release(
			sentAt,
			readRateLimitHeaders(headers),
			statusCode === 429 ? (retryAfterMs ?? backoffDelay(attempt)) : undefined,
		);

		const duplicate = statusCode === 422 && request.idempotencyKey !== undefined;
		if ((statusCode >= 200 && statusCode < 300) || duplicate || request.acceptStatus?.includes(statusCode)) {
			return { statusCode, body: response.body as T, requestId, attempts: attempt, duplicate };
		}

		const said = asObject(response.body);
		failure = {
			statusCode,
			type: typeof said.type === 'string' ? said.type : undefined,
			message: typeof said.message === 'string' ? said.message : undefined,
			requestId,
			attempts: attempt,
		};
		if (!isRetryableStatus(statusCode) || attempt >= maxAttempts) break;
		if (statusCode === 429 && connection.pacer.dailyExhausted) {
			failure = { ...failure, ...DAILY_LIMIT };
			break;
		}
		if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) {
			failure = { ...failure, ...tooLongToWait(retryAfterMs) };
			break;
		}
		// On a 429 the pacer already holds every request until Retry-After; other errors back off here.
		if (statusCode !== 429) await waitUnlessCancelled(backoffDelay(attempt), signal);
	}
	throw spruceApiError(node, connection, failure, request, request.itemIndex);
}

export interface SpruceListRequest extends Omit<SpruceRequest, 'method'> {
	/** GET by default; POST for searches that take a body. */
	method?: 'GET' | 'POST';
	/** The key of the list in each page, e.g. `contacts`. */
	listKey: string;
	/**
	 * The largest page Spruce allows on this route; undefined for routes that take no `pageSize`
	 * (Spruce picks the page size, or answers the whole list at once).
	 */
	pageSize?: number;
	/** Stop once this many entries are read (undefined: all of them). */
	limit?: number;
	/** Bounds the work for pickers. */
	maxPages?: number;
	/** Keeps only the entries that pass (a filter Spruce cannot apply); pages are then full-size. */
	keep?: (entry: IDataObject) => boolean;
}

/**
 * Reads a Spruce list (`{ <key>: [...], hasMore, paginationToken }`) page by page until it ends
 * or `limit` entries are read. The last page asks only for what is still missing, so no page is
 * fetched, and no entry read, beyond what was asked for.
 */
export async function spruceApiRequestAllPages<T>(
	this: SpruceContext,
	request: SpruceListRequest,
	policy: RequestPolicy = DEFAULT_POLICY,
): Promise<T[]> {
	const { listKey, pageSize, limit, maxPages, keep, ...rest } = request;
	const all: T[] = [];
	let paginationToken: string | undefined;
	for (let page = 0; page < (maxPages ?? 1_000_000); page++) {
		const missing = limit === undefined ? Number.POSITIVE_INFINITY : limit - all.length;
		if (missing <= 0) break;
		// Filtered here, a page may keep few of its entries: ask for full pages then.
		const wanted = pageSize === undefined || keep ? pageSize : Math.min(pageSize, missing);
		const { body } = await spruceApiRequest.call<SpruceContext, [SpruceRequest, RequestPolicy], Promise<SpruceResponse<IDataObject>>>(
			this,
			{ ...rest, method: rest.method ?? 'GET', qs: { ...rest.qs, pageSize: wanted, paginationToken } },
			policy,
		);
		const entries = (body[listKey] as IDataObject[] | undefined) ?? [];
		all.push(...((keep ? entries.filter(keep) : entries).slice(0, missing) as T[]));
		paginationToken = typeof body.paginationToken === 'string' ? body.paginationToken : undefined;
		if (body.hasMore !== true || !paginationToken) break;
	}
	return all;
}
