import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { connectionFor, CREDENTIAL_TYPE, type SpruceContext } from './connection';
import { attemptDeadline } from './deadline';
import { spruceApiError, type FailureWording, type SpruceFailure } from './errors';
import { readRateLimitHeaders } from './pacing';
import { waitUnlessCancelled } from './wait';
import {
	backoffDelay,
	DEFAULT_POLICY,
	isRetryableStatus,
	MAX_RETRY_AFTER_MS,
	MAX_TOTAL_WAIT_MS,
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
	 * Set by writes, which declare themselves idempotent with it: sent as `s-idempotency-key`, the
	 * same on every attempt; and Spruce's duplicate answer (a 422 whose `type` says duplicate: this
	 * key was used on this route before) comes back with `duplicate: true`, "already done", instead
	 * of being thrown. Any other 422 is an error.
	 */
	idempotencyKey?: string;
	/**
	 * Whether a 2xx body is the answer Spruce gives to this request. Anything else (a proxy's
	 * HTML page, `{}`, cut-off JSON) is not Spruce's answer: retried like a dropped connection,
	 * with the same idempotency key.
	 */
	understood?: (body: IDataObject) => boolean;
	itemIndex?: number;
}

export interface SpruceResponse<T> {
	statusCode: number;
	body: T;
	requestId?: string;
	attempts: number;
	/** Spruce refused the write as a duplicate of an earlier one with the same key: done before. */
	duplicate: boolean;
}

function tooLongToWait(ms: number) {
	return {
		statusCode: 429,
		message: `Spruce asked to wait about ${Math.ceil(ms / 60_000)} minutes before the next request`,
	};
}

interface RawResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

function asObject(body: unknown): IDataObject | undefined {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	if (typeof body === 'string' && body.trim().startsWith('{')) {
		try {
			const parsed: unknown = JSON.parse(body);
			return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as IDataObject) : undefined;
		} catch {
			return undefined;
		}
	}
	return undefined;
}

/** Spruce's duplicate-request answer: `{ statusCode: 422, type: "DUPLICATE_REQUEST", message }`. */
export function isDuplicateAnswer(statusCode: number, body: IDataObject | undefined): boolean {
	return statusCode === 422 && typeof body?.type === 'string' && /duplicate/i.test(body.type);
}

/** The start of an answer we did not understand, on one line, for the error message. */
function excerpt(body: unknown): string {
	const text = typeof body === 'string' ? body : body === undefined || body === null ? '' : JSON.stringify(body);
	const line = text.replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ').trim();
	if (line === '') return 'an empty answer';
	return line.length > 100 ? `${line.slice(0, 100)}…` : line;
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
	const value = headers[name];
	if (value === undefined || value === null) return undefined;
	return String(Array.isArray(value) ? value[0] : value);
}

/**
 * n8n's `httpRequestWithAuthentication` replaces the request's `abortSignal` with the context's
 * execution cancel signal. Handing it a context whose cancel signal is the attempt's (which also
 * fires on cancel) keeps n8n's behaviour and adds the deadline.
 */
function withCancelSignal(ctx: SpruceContext, signal: AbortSignal): SpruceContext {
	if (!('getExecutionCancelSignal' in ctx)) return ctx;
	return Object.create(ctx, { getExecutionCancelSignal: { value: () => signal } }) as SpruceContext;
}

/**
 * The one place that talks HTTP to Spruce. Every request goes through n8n's
 * `httpRequestWithAuthentication` (the credential adds the token), is paced by the
 * organization's rate-limit headers, has a deadline per attempt, and is retried on network
 * errors, 5xx, 429 and answers that are not Spruce's, with backoff and jitter, honouring
 * Retry-After and always resending the same idempotency key. All of it fits in Tries per
 * Request × Wait for an Answer plus at most 5 minutes of waiting. Failures become NodeApiErrors
 * carrying Spruce's type, message and s-request-id — never the token.
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
	// The overall deadline: every attempt's timeout, plus a bounded budget for all the waiting.
	const deadline = Date.now() + maxAttempts * policy.timeoutMs + MAX_TOTAL_WAIT_MS;
	const fits = (waitMs: number) => Date.now() + waitMs + policy.timeoutMs <= deadline;

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
			failure = { ...failure, stop: 'daily-limit', attempts: Math.max(1, attempt - 1) };
			break;
		}
		const maxHold = Math.min(MAX_RETRY_AFTER_MS, deadline - policy.timeoutMs - Date.now());
		if (!(await connection.pacer.acquire(signal, maxHold, deadline - policy.timeoutMs))) {
			// Spruce asked every request to wait longer than this request can: fail now.
			const heldMs = connection.pacer.heldFor(Date.now());
			failure = heldMs > 0 ? { ...failure, ...tooLongToWait(heldMs) } : failure;
			failure = { ...failure, attempts: Math.max(1, attempt - 1) };
			break;
		}
		const sentAt = Date.now();
		const attemptSignal = attemptDeadline(policy.timeoutMs, signal);
		let response: RawResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				withCancelSignal(this, attemptSignal.signal),
				CREDENTIAL_TYPE,
				// n8n's client may add to the options (the auth header): give it a copy each time.
				{ ...options, headers: { ...options.headers }, abortSignal: attemptSignal.signal },
				{ credentialsDecrypted: connection.credentials },
			)) as RawResponse;
		} catch (error) {
			connection.pacer.release(sentAt, undefined);
			// Never rethrow the client's error: it carries the request's headers (the token).
			if (signal?.aborted) throw new NodeOperationError(node, 'The execution was cancelled');
			const networkCode = attemptSignal.expired ? 'ETIMEDOUT' : networkErrorCode(error);
			failure = { networkCode: networkCode ?? 'unknown error', attempts: attempt };
			if (networkCode && attempt < maxAttempts) {
				const wait = backoffDelay(attempt);
				if (!fits(wait)) break;
				await waitUnlessCancelled(wait, signal);
				continue;
			}
			break;
		} finally {
			attemptSignal.done();
		}

		const headers = response.headers ?? {};
		const statusCode = response.statusCode;
		const retryAfterMs = statusCode === 429 ? parseRetryAfter(headers['retry-after']) : undefined;
		const requestId = header(headers, 's-request-id');
		connection.pacer.release(
			sentAt,
			readRateLimitHeaders(headers),
			statusCode === 429 ? (retryAfterMs ?? backoffDelay(attempt)) : undefined,
			retryAfterMs !== undefined,
		);

		const said = asObject(response.body);
		if (statusCode >= 200 && statusCode < 300) {
			if (!request.understood || (said && request.understood(said))) {
				return { statusCode, body: response.body as T, requestId, attempts: attempt, duplicate: false };
			}
			failure = {
				statusCode,
				message: `Spruce's answer was not understood (${excerpt(response.body)})`,
				requestId,
				attempts: attempt,
			};
		} else if (request.idempotencyKey !== undefined && isDuplicateAnswer(statusCode, said)) {
			return { statusCode, body: response.body as T, requestId, attempts: attempt, duplicate: true };
		} else {
			failure = {
				statusCode,
				type: typeof said?.type === 'string' ? said.type : undefined,
				message:
					typeof said?.message === 'string'
						? said.message
						: statusCode >= 300 && statusCode < 400
							? `Spruce answered with a redirect (HTTP ${statusCode}), which is never followed`
							: `Spruce's answer was not understood (${excerpt(response.body)})`,
				requestId,
				attempts: attempt,
			};
			if (!isRetryableStatus(statusCode)) break;
		}
		if (attempt >= maxAttempts) break;
		if (statusCode === 429 && connection.pacer.dailyExhausted) {
			failure = { ...failure, stop: 'daily-limit' };
			break;
		}
		if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) {
			failure = { ...failure, ...tooLongToWait(retryAfterMs) };
			break;
		}
		// On a 429 the pacer already holds every request until Retry-After; other errors back off here.
		if (statusCode !== 429) {
			const wait = backoffDelay(attempt);
			if (!fits(wait)) break;
			await waitUnlessCancelled(wait, signal);
		}
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
	/** The smallest page the route accepts (e.g. 2 for members): a smaller ask is raised to it. */
	minPageSize?: number;
	/** Stop once this many entries are read (undefined: all of them). */
	limit?: number;
	/** Bounds the work for pickers. */
	maxPages?: number;
	/** Keeps only the entries that pass (a filter Spruce cannot apply); pages are then full-size. */
	keep?: (entry: IDataObject) => boolean;
	/** Sent with the first page only (e.g. `startFrom`, which Spruce refuses beside a token). */
	firstPageQs?: IDataObject;
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
	const { listKey, pageSize, minPageSize, limit, maxPages, keep, firstPageQs, ...rest } = request;
	const all: T[] = [];
	let paginationToken: string | undefined;
	for (let page = 0; page < (maxPages ?? 1_000_000); page++) {
		const missing = limit === undefined ? Number.POSITIVE_INFINITY : limit - all.length;
		if (missing <= 0) break;
		// Filtered here, a page may keep few of its entries: ask for full pages then.
		const wanted =
			pageSize === undefined || keep ? pageSize : Math.max(minPageSize ?? 1, Math.min(pageSize, missing));
		const { body } = await spruceApiRequest.call<SpruceContext, [SpruceRequest, RequestPolicy], Promise<SpruceResponse<IDataObject>>>(
			this,
			{
				...rest,
				method: rest.method ?? 'GET',
				qs: { ...rest.qs, ...(page === 0 ? firstPageQs : {}), pageSize: wanted, paginationToken },
				understood: (answer) => Array.isArray(answer[listKey]),
			},
			policy,
		);
		const entries = (body[listKey] as IDataObject[] | undefined) ?? [];
		all.push(...((keep ? entries.filter(keep) : entries).slice(0, missing) as T[]));
		paginationToken = typeof body.paginationToken === 'string' ? body.paginationToken : undefined;
		if (body.hasMore !== true || !paginationToken) break;
	}
	return all;
}
