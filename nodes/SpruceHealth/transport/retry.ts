import { MAX_HOLD_MS } from './pacing';

/** How the transport retries and times out; the node's options set it. */
export interface RequestPolicy {
	/** Retry network errors, timeouts, 5xx and 429 (always with the same idempotency key). */
	retry: boolean;
	/** Attempts in all, the first included. */
	maxAttempts: number;
	/** Per-attempt timeout. */
	timeoutMs: number;
}

export const DEFAULT_POLICY: RequestPolicy = { retry: true, maxAttempts: 5, timeoutMs: 30_000 };

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
/** Longer Retry-After values fail the item with a clear message instead of stalling the workflow. */
export const MAX_RETRY_AFTER_MS = MAX_HOLD_MS;

/**
 * The most one request may spend waiting in all (backoff, Retry-After, rate-limit pacing) on top
 * of its attempts: so a request never takes longer than Tries per Request × Wait for an Answer + 5 minutes.
 */
export const MAX_TOTAL_WAIT_MS = 5 * 60_000;

/** Exponential backoff with full jitter: attempt 1 → up to 0.5 s, 2 → 1 s, 3 → 2 s … capped at 30 s. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
	const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (raw === undefined || raw === null || String(raw).trim() === '') return undefined;
	const text = String(raw).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Network failures where the request may or may not have reached Spruce: safe to retry with the same key. */
const RETRYABLE_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	// The answer stopped midway (headers sent, body cut off): axios says ERR_BAD_RESPONSE
	// ("stream has been aborted"), Node ECONNRESET ("aborted") or ERR_STREAM_PREMATURE_CLOSE,
	// undici (fetch) UND_ERR_* with "terminated".
	'ERR_BAD_RESPONSE',
	'ERR_STREAM_PREMATURE_CLOSE',
	'UND_ERR_SOCKET',
	'UND_ERR_CLOSED',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);

export function isRetryableStatus(status: number): boolean {
	return status === 429 || status >= 500;
}

/** Finds a network error code on an error or anything it wraps. */
export function networkErrorCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const record = current as Record<string, unknown>;
		// n8n's NodeApiError keeps the code in `httpCode` and the client's texts in `messages`.
		for (const candidate of [record.code, record.errno, record.httpCode]) {
			if (typeof candidate === 'string' && RETRYABLE_CODES.has(candidate)) {
				return candidate === 'ECONNABORTED' ? 'ETIMEDOUT' : candidate;
			}
		}
		const texts = [record.message, ...(Array.isArray(record.messages) ? record.messages : [])];
		for (const text of texts) {
			if (typeof text !== 'string') continue;
			if (/socket hang up|ECONNRESET|^aborted$|terminated|premature close|other side closed/i.test(text)) {
				return 'ECONNRESET';
			}
			if (/timeout of \d+ms exceeded|timed out|ETIMEDOUT/i.test(text)) return 'ETIMEDOUT';
			if (/ECONNREFUSED/.test(text)) return 'ECONNREFUSED';
		}
		current = record.cause ?? record.error;
	}
	return undefined;
}
