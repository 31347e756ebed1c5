/** Spruce's documented window for `s-ratelimit-limit` / `s-ratelimit-remaining`. */
export const DEFAULT_WINDOW_MS = 60_000;
/** Past a window's estimated end (from send times), a share of its length before entering the next. */
const FIRST_MARGIN = 0.01;
/** Ask Spruce (one request past the limit) only when waiting would last this much longer than its Retry-After. */
const ASK_SLACK = 1.1;
/** The window's last request explores until the bounds on the window's length are this close. */
const EXPLORE_UNTIL = 0.97;

/**
 * When one organization's rate-limit windows begin and end, as far as our answers tell.
 *
 * Spruce does not say when a window resets, so it is learnt: a window that one of our requests
 * began (the first it counted) began as that request was counted, about the same time after it
 * left for every request; the shortest span between two of them bounds the window's length from
 * above. A span that began with a 429's hold is first tried without the part of the window that
 * had passed when the 429 came. The window's last request, sent between the bound and the latest
 * moment a window was seen to count a request, narrows the two down. A 429's Retry-After says
 * when the current window is over at the latest.
 */
export class RateLimitWindow {
	private windowStart?: number;
	private windowMs?: number;
	private firstReset?: number;
	private lastReset?: number;
	/**
	 * When the current window's first request we saw left, if the organization's window counted
	 * it first (so it began the window); undefined otherwise.
	 */
	private firstStart?: number;
	/** The shortest time between two windows that our request began: the window's length at most. */
	private spanMs?: number;
	/** The window's length as used: `spanMs`, or a shorter guess not yet disproved. */
	private firstMs?: number;
	/** From our first request of the current window to the answer of a 429 with Retry-After. */
	private holdLead?: number;
	/** The span that began with a 429's hold: a guess shorter than it was tried and refused. */
	private guessRefused = false;
	/** The longest time after a window's start at which it still counted one of our requests. */
	private windowLow = 0;
	/** When Spruce's Retry-After said the current window is over, at the latest. */
	private resetBy?: number;
	/** The last wait Spruce asked for with Retry-After. */
	private lastRetryAfterMs?: number;
	/** The latest send time of a request the current window counted (the next one began later). */
	private lastCountedSent = 0;

	/**
	 * A request sent at `sentAt` was refused (a 429) with a hold of `retryAfterMs`;
	 * `toldBySpruce` says whether that was Spruce's Retry-After or only our own backoff.
	 */
	refused(
		sentAt: number,
		now: number,
		retryAfterMs: number,
		toldBySpruce: boolean,
		shared: boolean,
	): void {
		const end = this.end(shared);
		if (end !== undefined && sentAt >= end && this.firstMs !== undefined && this.firstStart !== undefined) {
			// Sent after the window's estimated end, and the old window still refused it: back to
			// what was measured, and longer than this.
			if (this.firstMs < (this.spanMs ?? 0)) this.guessRefused = true;
			this.spanMs = Math.max(this.spanMs ?? 0, sentAt - this.firstStart + this.firstMargin() * 2);
			this.firstMs = this.spanMs;
		}
		if (toldBySpruce) {
			if (this.firstStart !== undefined) this.holdLead ??= now - this.firstStart;
			this.lastRetryAfterMs = retryAfterMs;
			// Spruce's word for when this window is over at the latest.
			this.resetBy = Math.min(this.resetBy ?? Infinity, now + retryAfterMs);
		}
	}

	/**
	 * An answer with the rate-limit headers while no count was known, or one showing that a new
	 * window began (`reset`). `counted`: the window counted the request (it was not refused with
	 * a 429).
	 */
	newWindow(
		sentAt: number,
		now: number,
		limit: number,
		remaining: number,
		counted: boolean,
		reset: boolean,
	): void {
		this.resetBy = undefined;
		if (reset) {
			this.noteReset(now);
		} else if (remaining >= limit - 1) {
			// The first request of a window: a first guess at where windows start.
			this.windowStart = now;
		}
		this.noteFirst(sentAt, limit, remaining);
		this.lastCountedSent = counted ? sentAt : 0;
	}

	/** Another answer from the current window. */
	sameWindow(sentAt: number, counted: boolean): void {
		// A window we began still counted (or refused) this one: it lasts longer than that.
		if (this.firstStart !== undefined) {
			this.windowLow = Math.max(this.windowLow, sentAt - this.firstStart);
		}
		if (counted) this.lastCountedSent = Math.max(this.lastCountedSent, sentAt);
	}

	/**
	 * Learns the window's length and phase from the moments a reset was seen. `at` is when the
	 * answer arrived, never before the reset itself, so estimates err late (a little slower),
	 * never early (a 429). The length is averaged over every window since the first reset seen,
	 * so errors shrink instead of adding up. (Used until `noteFirst` knows better.)
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
		// Never before a request the old window still counted was sent: projecting from an older
		// start assumes windows follow each other without a gap, and one that began later
		// (Spruce's next window begins with the first request after the last one ended) would
		// then be entered early.
		this.windowStart = Math.min(at, Math.max(projected, this.lastCountedSent));
		this.lastReset = at;
	}

	/**
	 * Sharper, once our request was the first one a window counted (remaining = limit − 1): that
	 * window began as the request was counted, its send time plus a delay about the same for
	 * every request. A window lasts at most from one such start to the next, so the shortest of
	 * these spans is the window's length or a little more. Send times date them, not answer
	 * times: dating by arrival adds a round trip to every window, and a window started late
	 * would make the estimate longer and the next window later still.
	 */
	private noteFirst(sentAt: number, limit: number, remaining: number): void {
		const first = remaining >= limit - 1;
		if (first && this.firstStart !== undefined) {
			const span = sentAt - this.firstStart;
			if (span > 0) {
				this.spanMs = Math.min(this.spanMs ?? DEFAULT_WINDOW_MS, span);
				this.firstMs = Math.min(this.firstMs ?? DEFAULT_WINDOW_MS, this.spanMs);
				// A span that began with a 429's hold overshoots by how late in the window the 429
				// came (when the Retry-After was exact): try the window without that, once.
				if (this.holdLead !== undefined && !this.guessRefused) {
					this.firstMs = Math.min(this.firstMs, Math.max(span - this.holdLead, this.windowLow + 1));
				}
			}
			// Windows shorter than the old window's latest request: the bound is out of date.
			if (this.firstMs !== undefined && this.windowLow >= this.firstMs) this.windowLow = 0;
		}
		this.holdLead = undefined;
		this.firstStart = first ? sentAt : undefined;
	}

	/**
	 * While the window's length is known only roughly (the shortest span between two windows we
	 * began is an upper bound; the latest request the old window still counted, a lower one),
	 * the window's last request waits until halfway between the two. Counted in the old window,
	 * it raises the lower bound; in a new one, it began that window earlier than the estimate
	 * would have (and left one place of the old one unused). Bounds within a few per cent of
	 * each other are good enough.
	 */
	exploreAt(): number | undefined {
		if (this.firstMs === undefined || this.firstStart === undefined) return undefined;
		if (this.windowLow >= this.firstMs * EXPLORE_UNTIL) return undefined;
		return this.firstStart + (this.windowLow + this.firstMs) / 2;
	}

	/** Whether waiting until `end` would last well past what Spruce's last Retry-After asked. */
	worthAsking(now: number, end: number): boolean {
		return this.lastRetryAfterMs !== undefined && now + this.lastRetryAfterMs * ASK_SLACK < end;
	}

	/**
	 * When the next window may be entered: the estimated end plus a small margin, so its first
	 * request does not arrive a moment early and earn a 429. Undefined while unknown. `shared`:
	 * others use the organization's limit too, so the windows are dated from the resets seen.
	 */
	end(shared: boolean): number | undefined {
		const estimate = this.estimatedEnd(shared);
		if (this.resetBy === undefined) return estimate;
		return Math.min(estimate ?? Infinity, this.resetBy);
	}

	private estimatedEnd(shared: boolean): number | undefined {
		if (!shared && this.firstMs !== undefined && this.firstStart !== undefined) {
			return this.firstStart + this.firstMs + this.firstMargin();
		}
		const length = this.firstMs ?? this.windowMs;
		if (length === undefined || this.windowStart === undefined) return undefined;
		return this.windowStart + length + Math.min(50, length * 0.02);
	}

	private firstMargin(): number {
		return Math.max(2, (this.firstMs ?? 0) * FIRST_MARGIN);
	}
}
