import { sleep } from 'n8n-workflow';

/** The longest hold one Retry-After can put on an organization: the longest wait the node accepts. */
export const MAX_HOLD_MS = 5 * 60_000;

/** Spruce's documented window for `s-ratelimit-limit` / `s-ratelimit-remaining`. */
const DEFAULT_WINDOW_MS = 60_000;

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
 * requests this process has in flight. While headroom is plentiful it never waits. When it runs
 * low, the remaining requests are spread over what is left of the window; when it is used up, it
 * waits for the next window (and, until the window's length has been seen, lets one request at a
 * time probe for it). A 429 blocks every request to the organization until Spruce's Retry-After.
 */
export class RateLimitPacer {
	private limit?: number;
	private remaining?: number;
	private dailyRemaining?: number;
	private dailySeenAt = 0;
	private updatedAt = 0;
	private windowStart?: number;
	private windowMs?: number;
	private firstReset?: number;
	private lastReset?: number;
	private inFlight = 0;
	private lastSentAt = 0;
	private blockedUntil = 0;
	/** When Spruce's last Retry-After ends, uncapped: what a failing request reports. */
	private askedUntil = 0;
	private waiters: Array<() => void> = [];
	/** Set once any answer came back: until then we do not know whether there is a limit. */
	private answered = false;
	/**
	 * Our part of the organization's use of its limit, learned from the headers: how much
	 * `remaining` fell between our answers against how many of those requests were ours. 1 when
	 * nobody else (another n8n worker, another app) is using the organization's limit.
	 */
	private share = 1;
	private shareLearned = false;
	private windowOwn = 0;
	private windowDrop = 0;

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

	/** Records what a response said; `sentAt` is when its request left. */
	release(sentAt: number, headers: RateLimitHeaders | undefined, retryAfterMs?: number): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		this.answered ||= headers !== undefined;
		const now = Date.now();
		if (retryAfterMs !== undefined) {
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
			this.observe(sentAt, now, headers.limit, headers.remaining);
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

	private observe(sentAt: number, now: number, limit: number, remaining: number): void {
		const known = this.remaining !== undefined;
		// A higher remaining count on a request sent after our last observation means a new
		// window began between the two. Responses that merely arrive out of order do not count.
		const reset = known && remaining > (this.remaining as number) && sentAt >= this.updatedAt;
		if (!known) {
			// The first request of a window: a first guess at where windows start.
			if (remaining >= limit - 1) this.windowStart = now;
			this.remaining = remaining;
		} else if (reset) {
			this.noteReset(now);
			this.learnShare(true);
			this.remaining = remaining;
		} else {
			// `remaining` is the organization's: what it fell by beyond our own request was used by
			// someone else. (Answers out of order show no fall; they still were ours.)
			this.windowOwn++;
			this.windowDrop += Math.max(0, (this.remaining as number) - remaining);
			this.remaining = Math.min(this.remaining as number, remaining);
			this.learnShare(false);
		}
		this.limit = limit;
		this.updatedAt = now;
	}

	/**
	 * Learns the window's length and phase from the moments a reset was seen. `at` is when the
	 * answer arrived, never before the reset itself, so estimates err late (a little slower),
	 * never early (a 429). The length is averaged over every window since the first reset seen,
	 * so errors shrink instead of adding up.
	 */
	private noteReset(at: number): void {
		if (this.firstReset === undefined || this.lastReset === undefined) {
			this.firstReset = at;
			this.lastReset = at;
			this.windowStart = at;
			return;
		}
		const sinceLast = at - this.lastReset;
		if (this.windowMs !== undefined && sinceLast < this.windowMs * 0.75) {
			// Windows are shorter than we thought (an idle stretch hid a reset): start over.
			this.firstReset = this.lastReset;
			this.windowMs = undefined;
		}
		const since = at - this.firstReset;
		const windows = this.windowMs === undefined ? 1 : Math.max(1, Math.round(since / this.windowMs));
		this.windowMs = Math.min(DEFAULT_WINDOW_MS, since / windows);
		const start = this.windowStart ?? at;
		const projected = start + Math.max(1, Math.round((at - start) / this.windowMs)) * this.windowMs;
		this.windowStart = Math.min(at, projected);
		this.lastReset = at;
	}

	/**
	 * Updates our share from this window's counts. A lower share is believed at once, as soon as
	 * enough was seen in the current window (a newcomer). A higher one, and "alone", only from a
	 * whole window, averaged with the last: our own burst, answered before anyone else's requests
	 * were counted, would otherwise look like having the organization to ourselves.
	 */
	private learnShare(windowEnded: boolean): void {
		const enough = this.windowDrop >= Math.max(4, (this.limit ?? 0) * 0.2);
		const sample = enough ? Math.min(1, Math.max(0.05, this.windowOwn / this.windowDrop)) : undefined;
		const lower = sample !== undefined && sample < this.share;
		if (lower) {
			this.share = sample;
		} else if (sample !== undefined && windowEnded) {
			this.share += (sample - this.share) * 0.5;
			this.shareLearned = true;
		}
		if (windowEnded || lower) {
			this.windowOwn = 0;
			this.windowDrop = 0;
		}
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
		// reserve instead of earning everyone a 429 and a hold. Until the first measurement (a few
		// answers), half of what is left: workers starting at the same moment cannot know of each
		// other yet, and two full bursts would overrun the window.
		const shared = this.share < 0.9;
		const reserve = shared ? Math.max(1, Math.ceil(this.limit * 0.04)) : 0;
		// Never below half: our measured share is what we were allowed to use, so a worker held
		// back once would measure little and stay held back. Taking half of the (live, shared)
		// remaining count is fair between two; with more workers the count falls faster and each
		// waits for the next window sooner, without 429s.
		const part = shared ? Math.max(this.share, 0.5) : this.shareLearned ? 1 : 0.5;
		const available = Math.floor(Math.max(0, this.remaining - reserve) * part) - this.inFlight;
		const lowWater = Math.max(1, Math.ceil(this.limit * 0.2));
		if (available > lowWater && !(shared && this.windowMs !== undefined)) return 0;

		// A small margin past the estimated end, so the first request of the next window does not
		// arrive a moment early and earn a 429.
		const windowEnd =
			this.windowMs !== undefined && this.windowStart !== undefined
				? this.windowStart + this.windowMs + Math.min(50, this.windowMs * 0.02)
				: undefined;
		if (windowEnd === undefined || now >= windowEnd) {
			// We do not know when the window ends (or it should have ended): burst while Spruce
			// says there is room, otherwise let a single request find out.
			if (available > 0) return 0;
			// (A hold from a 429 already returned above, so this only waits for the probe's answer.)
			return this.inFlight === 0 ? 0 : 5;
		}
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
