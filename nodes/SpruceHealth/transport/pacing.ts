import { sleep } from 'n8n-workflow';

/** The longest hold one Retry-After can put on an organization: the longest wait the node accepts. */
export const MAX_HOLD_MS = 5 * 60_000;

/** Spruce's documented window for `s-ratelimit-limit` / `s-ratelimit-remaining`. */
const DEFAULT_WINDOW_MS = 60_000;
/** Past a window's estimated end (from send times), a share of its length before entering the next. */
const FIRST_MARGIN = 0.01;
/** Ask Spruce (one request past the limit) only when waiting would last this much longer than its Retry-After. */
const ASK_SLACK = 1.1;
/** The window's last request explores until the bounds on the window's length are this close. */
const EXPLORE_UNTIL = 0.97;

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
 *
 * Spruce does not say when a window resets, so the pacer learns it: a window that one of our
 * requests began (the first it counted) began as that request was counted, about the same time
 * after it left for every request; the shortest span between two of them bounds the window's
 * length from above. A span that began with a 429's hold is first tried without the part of
 * the window that had passed when the 429 came. The window's last request, sent between the
 * bound and the latest moment a window was seen to count a request, narrows the two down.
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
	/** What the current window had left when our first request in it was counted. */
	private windowRoom?: number;
	/** Our requests counted in the current window (answers that showed it). */
	private windowOwn = 0;
	/** The latest send time of a request the current window counted (the next one began later). */
	private lastCountedSent = 0;

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
			const end = this.windowEnd();
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
			this.resetBy = undefined;
			if (reset) {
				this.learnShare(true);
				this.noteReset(now);
			} else if (remaining >= limit - 1) {
				// The first request of a window: a first guess at where windows start.
				this.windowStart = now;
			}
			this.noteFirst(sentAt, limit, remaining);
			this.remaining = remaining;
			this.windowOwn = counted ? 1 : 0;
			this.windowRoom = counted ? remaining + 1 : undefined;
			this.lastCountedSent = counted ? sentAt : 0;
		} else {
			// Answers out of order show no fall; they still were ours, counted in this window.
			if (counted) this.windowOwn++;
			// A window we began still counted (or refused) this one: it lasts longer than that.
			if (this.firstStart !== undefined) {
				this.windowLow = Math.max(this.windowLow, sentAt - this.firstStart);
			}
			this.remaining = Math.min(this.remaining as number, remaining);
			if (counted) this.lastCountedSent = Math.max(this.lastCountedSent, sentAt);
			this.learnShare(false);
		}
		this.limit = limit;
		this.updatedAt = now;
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
	 * Updates our share from this window's counts: how many of the requests the organization's
	 * window counted (limit − remaining) were ours. A lower share is believed at once, as soon
	 * as enough was seen in the current window (a newcomer), counting every request we still have
	 * in flight as already counted (answers arrive out of order: a burst of our own must not look
	 * like someone else's). A higher one, and "alone", only from a whole window, averaged with the
	 * last: our own burst, answered before anyone else's requests were counted, would otherwise
	 * look like having the organization to ourselves.
	 */
	private learnShare(windowEnded: boolean): void {
		if (this.limit === undefined || this.remaining === undefined) return;
		const used = this.limit - this.remaining;
		if (used < Math.max(4, this.limit * 0.2)) return;
		const ours = this.windowOwn + (windowEnded ? 0 : this.inFlight);
		const sample = Math.min(1, Math.max(0.05, ours / used));
		if (sample < this.share) {
			this.share = sample;
		} else if (windowEnded) {
			this.share += (sample - this.share) * 0.5;
			this.shareLearned = true;
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
		// Never below half: our measured share is what we were allowed to use, so a worker held
		// back once would measure little and stay held back. Taking half of the (live, shared)
		// remaining count is fair between two; with more workers the count falls faster and each
		// waits for the next window sooner, without 429s. A newcomer takes all once this window's
		// count has fallen by no more than its own requests explain.
		const alone = !shared && (this.shareLearned || this.aloneThisWindow());
		const exploreAt = alone ? this.exploreAt() : undefined;
		const exploring = exploreAt !== undefined && now < exploreAt;
		const reserve = shared ? Math.max(1, Math.ceil(this.limit * 0.04)) : exploring ? 1 : 0;
		const part = shared ? Math.max(this.share, 0.5) : alone ? 1 : 0.5;
		let available = Math.floor(Math.max(0, this.remaining - reserve) * part) - this.inFlight;
		if (!alone && !this.shareLearned && this.windowRoom !== undefined) {
			// Our part of the window as a whole, not only of what is left: the count we see lags
			// behind the others' requests still on their way, and taking part of it again and
			// again would add up to more than the window holds.
			const budget = Math.floor(Math.max(0, this.windowRoom - reserve) * part);
			available = Math.min(available, budget - this.windowOwn - this.inFlight);
		}
		const lowWater = Math.max(1, Math.ceil(this.limit * 0.2));
		const windowEnd = this.windowEnd();
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
		const ask =
			alone && this.lastRetryAfterMs !== undefined && now + this.lastRetryAfterMs * ASK_SLACK < windowEnd;
		if (ask) return available > 0 || mayAsk ? 0 : windowEnd - now;
		if (available <= 0) return windowEnd - now;
		// Spread what is left over the rest of the window. (A request that slips past the real
		// end is what shows us a window that ends earlier than estimated.)
		const gap = (windowEnd - now) / (available + 1);
		return Math.max(0, this.lastSentAt + gap - now);
	}

	/**
	 * While the window's length is known only roughly (the shortest span between two windows we
	 * began is an upper bound; the latest request the old window still counted, a lower one),
	 * the window's last request waits until halfway between the two. Counted in the old window,
	 * it raises the lower bound; in a new one, it began that window earlier than the estimate
	 * would have (and left one place of the old one unused). Bounds within a few per cent of
	 * each other are good enough.
	 */
	private exploreAt(): number | undefined {
		if (this.firstMs === undefined || this.firstStart === undefined) return undefined;
		if (this.windowLow >= this.firstMs * EXPLORE_UNTIL) return undefined;
		return this.firstStart + (this.windowLow + this.firstMs) / 2;
	}

	/** Whether this window's count has fallen by no more than our own requests explain. */
	private aloneThisWindow(): boolean {
		if (this.limit === undefined || this.remaining === undefined) return false;
		const used = this.limit - this.remaining;
		// Only answered requests count: one still in flight may be counted or not yet.
		return used >= Math.max(4, this.limit * 0.2) && this.windowOwn >= used;
	}

	private firstMargin(): number {
		return Math.max(2, (this.firstMs ?? 0) * FIRST_MARGIN);
	}

	private windowLength(): number | undefined {
		return this.firstMs ?? this.windowMs;
	}

	/**
	 * When the next window may be entered: the estimated end plus a small margin, so its first
	 * request does not arrive a moment early and earn a 429. Undefined while unknown.
	 */
	private windowEnd(): number | undefined {
		const estimate = this.estimatedWindowEnd();
		if (this.resetBy === undefined) return estimate;
		return Math.min(estimate ?? Infinity, this.resetBy);
	}

	private estimatedWindowEnd(): number | undefined {
		if (this.share >= 0.9 && this.firstMs !== undefined && this.firstStart !== undefined) {
			return this.firstStart + this.firstMs + this.firstMargin();
		}
		const length = this.windowLength();
		if (length === undefined || this.windowStart === undefined) return undefined;
		return this.windowStart + length + Math.min(50, length * 0.02);
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
