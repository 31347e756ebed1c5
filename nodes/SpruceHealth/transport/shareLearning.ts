/**
 * Our part of an organization's use of its limit, learned from the headers: how much
 * `remaining` fell between our answers against how many of those requests were ours. 1 when
 * nobody else (another n8n worker, another app) is using the organization's limit.
 */
export class LimitShare {
	private share = 1;
	private learned = false;
	/** What the current window had left when our first request in it was counted. */
	private windowRoom?: number;
	/** Our requests counted in the current window (answers that showed it). */
	private windowOwn = 0;

	/** Others use the organization's limit too, as far as we have seen. */
	get shared(): boolean {
		return this.share < 0.9;
	}

	/** Our first answer from a window; `remaining` is what the window had left after it. */
	newWindow(remaining: number, counted: boolean): void {
		this.windowOwn = counted ? 1 : 0;
		this.windowRoom = counted ? remaining + 1 : undefined;
	}

	/** Another of our requests that the current window counted. */
	counted(): void {
		this.windowOwn++;
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
	learn(limit: number, remaining: number, inFlight: number, windowEnded: boolean): void {
		const used = limit - remaining;
		if (used < Math.max(4, limit * 0.2)) return;
		const ours = this.windowOwn + (windowEnded ? 0 : inFlight);
		const sample = Math.min(1, Math.max(0.05, ours / used));
		if (sample < this.share) {
			this.share = sample;
		} else if (windowEnded) {
			this.share += (sample - this.share) * 0.5;
			this.learned = true;
		}
	}

	/**
	 * Whether the organization's limit is ours alone: learned from a whole window, or this
	 * window's count has fallen by no more than our own requests explain.
	 */
	alone(limit: number, remaining: number): boolean {
		if (this.shared) return false;
		if (this.learned) return true;
		const used = limit - remaining;
		// Only answered requests count: one still in flight may be counted or not yet.
		return used >= Math.max(4, limit * 0.2) && this.windowOwn >= used;
	}

	/**
	 * How much of what is left we may take. Never below half when shared: our measured share is
	 * what we were allowed to use, so a worker held back once would measure little and stay held
	 * back. Taking half of the (live, shared) remaining count is fair between two; with more
	 * workers the count falls faster and each waits for the next window sooner, without 429s.
	 * Until the first measurement (a few answers), half: workers starting at the same moment
	 * cannot know of each other yet, and two full bursts would overrun the window.
	 */
	part(alone: boolean): number {
		return this.shared ? Math.max(this.share, 0.5) : alone ? 1 : 0.5;
	}

	/**
	 * Until our share is learned, what is left of our part of the window as a whole, not only
	 * of what is left: the count we see lags behind the others' requests still on their way,
	 * and taking part of it again and again would add up to more than the window holds.
	 */
	leftInWindow(reserve: number, part: number): number | undefined {
		if (this.learned || this.windowRoom === undefined) return undefined;
		return Math.floor(Math.max(0, this.windowRoom - reserve) * part) - this.windowOwn;
	}
}
