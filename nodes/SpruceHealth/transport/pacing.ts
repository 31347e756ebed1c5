import { sleep } from 'n8n-workflow';

import { LimitShare } from './shareLearning';
import { DEFAULT_WINDOW_MS, RateLimitWindow } from './windowLearning';

/** The longest hold one Retry-After can put on an organization: the longest wait the node accepts. */
export const MAX_HOLD_MS = 5 * 60_000;

export interface RateLimitHeaders {
	limit?: number;
	remaining?: number;
	dailyLimit?: number;
	dailyRemaining?: number;
}

function headerNumber(headers: Record<string, unknown>, name: string): number | undefined {
	const raw = headers[name];
	const value = Array.isArray(raw) ? raw[0] : raw;
	if (value === undefined || value === null || value === '') return undefined;
	const n = Number(value);
	return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function readRateLimitHeaders(headers: Record<string, unknown>): RateLimitHeaders {
	return {
		limit: headerNumber(headers, 's-ratelimit-limit'),
		remaining: headerNumber(headers, 's-ratelimit-remaining'),
		dailyLimit: headerNumber(headers, 's-ratelimit-daily-limit'),
		dailyRemaining: headerNumber(headers, 's-ratelimit-daily-remaining'),
	};
}

/**
 * Paces requests to one Spruce organization from what Spruce's headers say.
 *
 * Spruce's limit is per organization and shared by every workflow and n8n worker, so the pacer
 * trusts the server's `s-ratelimit-remaining`, not a local count; local state only covers the
 * requests this process has in flight. Alone, it sends while Spruce reports room and, once the
 * window is used up, waits for the next one; shared with others, it spreads its part of what is
 * left over the rest of the window. Until the window's length has been seen, one request at a
 * time asks for it. A 429 blocks every request to the organization until Spruce's Retry-After.
 * `RateLimitWindow` learns when windows begin and end; `LimitShare`, our part of the limit.
 */
export class RateLimitPacer {
	private limit?: number;
	private remaining?: number;
	private dailyRemaining?: number;
	private dailySeenAt = 0;
	private updatedAt = 0;
	private readonly window = new RateLimitWindow();
	private readonly share = new LimitShare();
	private inFlight = 0;
	private lastSentAt = 0;
	private blockedUntil = 0;
	/** When Spruce's last Retry-After ends, uncapped: what a failing request reports. */
	private askedUntil = 0;
	private waiters: Array<() => void> = [];
	/** Set once any answer came back: until then we do not know whether there is a limit. */
	private answered = false;

	/**
	 * Waits until a request may be sent, then counts it as in flight. Returns false, without
	 * waiting on, when Spruce holds the organization for longer than `maxHoldMs`, or when the
	 * wait would last past `until` (a time in ms).
	 */
	async acquire(signal?: AbortSignal, maxHoldMs = Infinity, until = Infinity): Promise<boolean> {
		for (;;) {
			if (signal?.aborted) throw new Error('The execution was cancelled');
			const now = Date.now();
			if (this.heldFor(now) > maxHoldMs) return false;
			const wait = this.delayBeforeNextRequest(now);
			if (wait <= 0) break;
			if (now + wait > until) return false;
			await this.nap(wait);
		}
		this.inFlight++;
		this.lastSentAt = Date.now();
		return true;
	}

	/**
	 * How long Spruce has told us to hold every request to this organization (0 = not held): the
	 * whole wait Spruce asked for, but only while the (capped) hold lasts.
	 */
	heldFor(now: number): number {
		return now < this.blockedUntil ? Math.max(0, this.askedUntil - now) : 0;
	}

	/**
	 * Records what a response said; `sentAt` is when its request left. `retryAfterMs` holds every
	 * request (a 429); `toldBySpruce` says whether that wait was Spruce's Retry-After or only
	 * our own backoff.
	 */
	release(
		sentAt: number,
		headers: RateLimitHeaders | undefined,
		retryAfterMs?: number,
		toldBySpruce = true,
	): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		this.answered ||= headers !== undefined;
		const now = Date.now();
		if (retryAfterMs !== undefined) {
			this.window.refused(sentAt, now, retryAfterMs, toldBySpruce, this.share.shared);
			// Capped: one absurd Retry-After must not hold the organization until n8n restarts.
			// Past the cap the request that got it fails; after the cap the next one asks again.
			const stillHeld = now < this.blockedUntil;
			this.askedUntil = Math.max(stillHeld ? this.askedUntil : 0, now + retryAfterMs);
			this.blockedUntil = Math.max(stillHeld ? this.blockedUntil : 0, now + Math.min(retryAfterMs, MAX_HOLD_MS));
			this.remaining = 0;
		}
		if (headers?.dailyRemaining !== undefined) {
			this.dailyRemaining = headers.dailyRemaining;
			this.dailySeenAt = now;
		}
		if (headers?.limit !== undefined && headers.remaining !== undefined) {
			this.observe(sentAt, now, headers.limit, headers.remaining, retryAfterMs === undefined);
		} else if (headers !== undefined && retryAfterMs === undefined) {
			// An answer without the headers: that dimension is not limited (any more).
			this.limit = undefined;
			this.remaining = undefined;
		}
		this.wake();
	}

	/**
	 * True when Spruce said, within the last minute, that the organization's daily allowance is
	 * used up. After a minute the next request asks Spruce again rather than trusting old news.
	 */
	get dailyExhausted(): boolean {
		return this.dailyRemaining === 0 && Date.now() - this.dailySeenAt < DEFAULT_WINDOW_MS;
	}

	/** `counted`: the organization's window counted this request (it was not refused with a 429). */
	private observe(sentAt: number, now: number, limit: number, remaining: number, counted: boolean): void {
		const known = this.remaining !== undefined;
		// A higher remaining count on a request sent after our last observation means a new
		// window began between the two. Responses that merely arrive out of order do not count.
		const reset = known && remaining > (this.remaining as number) && sentAt >= this.updatedAt;
		if (!known || reset) {
			if (reset) this.learnShare(true);
			this.window.newWindow(sentAt, now, limit, remaining, counted, reset);
			this.share.newWindow(remaining, counted);
			this.remaining = remaining;
		} else {
			// Answers out of order show no fall; they still were ours, counted in this window.
			if (counted) this.share.counted();
			this.window.sameWindow(sentAt, counted);
			this.remaining = Math.min(this.remaining as number, remaining);
			this.learnShare(false);
		}
		this.limit = limit;
		this.updatedAt = now;
	}

	/** Our share from the counts of the window that ended, or of the current one so far. */
	private learnShare(windowEnded: boolean): void {
		if (this.limit === undefined || this.remaining === undefined) return;
		this.share.learn(this.limit, this.remaining, this.inFlight, windowEnded);
	}

	/** How long the next request should wait, in ms; 0 = send now. */
	delayBeforeNextRequest(now: number): number {
		if (now < this.blockedUntil) return this.blockedUntil - now;
		// The very first request to an organization goes alone: its answer tells whether there
		// is a limit and how much is left, so a wide concurrency cannot start with a burst of 429s.
		if (!this.answered) return this.inFlight === 0 ? 0 : 50;
		if (this.limit === undefined || this.remaining === undefined) return 0;
		// Shared with others: our part of what is left, spread over the whole window (a burst from
		// each would add up to more than the organization has), keeping a few requests in reserve:
		// where one worker's window estimate runs early, its request lands in the old window's
		// reserve instead of earning everyone a 429 and a hold.
		const shared = this.share.shared;
		const alone = this.share.alone(this.limit, this.remaining);
		const exploreAt = alone ? this.window.exploreAt() : undefined;
		const exploring = exploreAt !== undefined && now < exploreAt;
		const reserve = shared ? Math.max(1, Math.ceil(this.limit * 0.04)) : exploring ? 1 : 0;
		const part = this.share.part(alone);
		let available = Math.floor(Math.max(0, this.remaining - reserve) * part) - this.inFlight;
		const leftInWindow = alone ? undefined : this.share.leftInWindow(reserve, part);
		if (leftInWindow !== undefined) available = Math.min(available, leftInWindow - this.inFlight);
		const lowWater = Math.max(1, Math.ceil(this.limit * 0.2));
		const windowEnd = this.window.end(shared);
		// Alone, there is nothing to spread for: what the window has left goes at once.
		if (available > (alone ? 0 : lowWater) && !(shared && windowEnd !== undefined)) return 0;
		if (exploring && available <= 0 && this.remaining - this.inFlight >= 1) return exploreAt - now;
		// One request more than Spruce has room for asks when the window ends: alone, it goes out
		// with the last ones; shared, by itself.
		const mayAsk = alone ? this.inFlight <= this.remaining : this.inFlight === 0;

		if (windowEnd === undefined || now >= windowEnd) {
			// We do not know when the window ends (or it should have ended): burst while Spruce
			// says there is room, otherwise let a single request find out.
			if (available > 0) return 0;
			// (A hold from a 429 already returned above, so this only waits for the probe's answer.)
			return mayAsk ? 0 : 5;
		}
		// Alone, with the estimated end further away than Spruce's last Retry-After: rather than
		// wait that out, use what is left at once and let one more request ask Spruce. Its 429
		// holds us only until Spruce says the window resets, and the window it then starts dates
		// the windows better than the estimate did.
		const ask = alone && this.window.worthAsking(now, windowEnd);
		if (ask) return available > 0 || mayAsk ? 0 : windowEnd - now;
		if (available <= 0) return windowEnd - now;
		// Spread what is left over the rest of the window. (A request that slips past the real
		// end is what shows us a window that ends earlier than estimated.)
		const gap = (windowEnd - now) / (available + 1);
		return Math.max(0, this.lastSentAt + gap - now);
	}

	/** Sleeps for `ms`, or less if a response changes the picture. */
	private async nap(ms: number): Promise<void> {
		let done!: () => void;
		const woken = new Promise<void>((resolve) => (done = resolve));
		this.waiters.push(done);
		await Promise.race([woken, sleep(Math.min(ms, 1_000))]);
		this.waiters = this.waiters.filter((w) => w !== done);
	}

	private wake(): void {
		const waiters = this.waiters;
		this.waiters = [];
		for (const wake of waiters) wake();
	}
}

const pacers = new Map<string, RateLimitPacer>();

/** The pacer for one organization, shared by every execution in this running n8n. */
export function pacerFor(key: string): RateLimitPacer {
	let pacer = pacers.get(key);
	if (!pacer) {
		pacer = new RateLimitPacer();
		pacers.set(key, pacer);
	}
	return pacer;
}
