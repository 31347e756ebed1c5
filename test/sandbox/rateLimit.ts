/** Rate limiting: fixed windows, started by the first request after the previous one ended. */
import { assertPositiveInteger, isPlainObject } from './http';

export interface RateLimitOptions {
	limit: number;
	windowMs: number;
	dailyLimit?: number;
	/** default 86_400_000 */
	dailyWindowMs?: number;
	/** send Retry-After on the 429 (default true) */
	retryAfter?: boolean;
}
const DEFAULT_DAILY_WINDOW_MS = 24 * 60 * 60 * 1000;

export function validateRateLimit(input: RateLimitOptions | null | undefined): RateLimitOptions | null {
	if (input === null || input === undefined) return null;
	if (!isPlainObject(input as unknown)) throw new TypeError('rateLimit must be an object or null');
	const options = input as RateLimitOptions;
	assertPositiveInteger(options.limit, 'rateLimit.limit');
	assertPositiveInteger(options.windowMs, 'rateLimit.windowMs');
	if (options.dailyLimit !== undefined) assertPositiveInteger(options.dailyLimit, 'rateLimit.dailyLimit');
	if (options.dailyWindowMs !== undefined) assertPositiveInteger(options.dailyWindowMs, 'rateLimit.dailyWindowMs');
	if (options.retryAfter !== undefined && typeof options.retryAfter !== 'boolean') {
		throw new TypeError('rateLimit.retryAfter must be a boolean');
	}
	return { ...options };
}

class FixedWindow {
	private start = Number.NEGATIVE_INFINITY;
	private count = 0;

	constructor(
		readonly limit: number,
		readonly windowMs: number,
	) {}

	private expired(now: number): boolean {
		return now >= this.start + this.windowMs;
	}

	remaining(now: number): number {
		return this.expired(now) ? this.limit : Math.max(0, this.limit - this.count);
	}

	hasRoom(now: number): boolean {
		return this.remaining(now) > 0;
	}

	take(now: number): void {
		if (this.expired(now)) {
			this.start = now;
			this.count = 0;
		}
		this.count++;
	}

	msUntilReset(now: number): number {
		return this.expired(now) ? 0 : this.start + this.windowMs - now;
	}
}

export class RateLimiter {
	private readonly minute: FixedWindow;
	private readonly daily: FixedWindow | null;
	private readonly sendRetryAfter: boolean;

	constructor(options: RateLimitOptions) {
		this.minute = new FixedWindow(options.limit, options.windowMs);
		this.daily =
			options.dailyLimit !== undefined
				? new FixedWindow(options.dailyLimit, options.dailyWindowMs ?? DEFAULT_DAILY_WINDOW_MS)
				: null;
		this.sendRetryAfter = options.retryAfter ?? true;
	}

	/** Counts the request if every window has room; otherwise returns the seconds until they all do. */
	take(now: number): { allowed: true } | { allowed: false; retryAfterSeconds: number | null } {
		const windows = this.daily ? [this.minute, this.daily] : [this.minute];
		const full = windows.filter((w) => !w.hasRoom(now));
		if (full.length > 0) {
			const waitMs = Math.max(...full.map((w) => w.msUntilReset(now)));
			return { allowed: false, retryAfterSeconds: this.sendRetryAfter ? Math.max(1, Math.ceil(waitMs / 1000)) : null };
		}
		for (const w of windows) w.take(now);
		return { allowed: true };
	}

	headers(now: number): Record<string, string> {
		const headers: Record<string, string> = {
			's-ratelimit-limit': String(this.minute.limit),
			's-ratelimit-remaining': String(this.minute.remaining(now)),
		};
		if (this.daily) {
			headers['s-ratelimit-daily-limit'] = String(this.daily.limit);
			headers['s-ratelimit-daily-remaining'] = String(this.daily.remaining(now));
		}
		return headers;
	}
}
