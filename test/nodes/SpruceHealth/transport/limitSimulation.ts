import { RateLimitPacer } from '../../../../nodes/SpruceHealth/transport/pacing';

/**
 * A simulated clock, server and n8n processes for the pacer: each process has its own pacer and
 * sends up to `concurrency` requests at a time; they only know each other through the server's
 * s-ratelimit-* headers. The server counts a request `countAfterMs` after it left and answers
 * `answerAfterMs` after that (the sandbox counts after its latency, like a slow handler would).
 * Windows are fixed, like the sandbox's (a window starts with the first request counted after
 * the previous one ended) or aligned to the clock (`aligned`); a 429 carries Retry-After in
 * whole seconds, rounded up, unless `retryAfter` is false. Deterministic: jitter comes from a
 * seeded generator. The caller mocks `Date.now` to return `clock()`.
 */
export interface SimProcess {
	messages: number;
	/** Requests this process may have in flight (the executions' concurrencies together). */
	concurrency: number;
	/** When the process starts sending, in ms from the beginning. */
	startAt?: number;
}

export interface SimOptions {
	limit?: number;
	windowMs?: number;
	countAfterMs?: number;
	answerAfterMs?: number;
	/** Up to this many ms added at random to each of the two delays. */
	jitterMs?: number;
	seed?: number;
	aligned?: boolean;
	retryAfter?: boolean;
}

export interface SimResult {
	requests: number;
	limited: number;
	/** From the start to the last answer. */
	seconds: number;
	/** `seconds` over the theoretical minimum (all messages ÷ the limit per second). */
	ratio: number;
	/** Requests counted in each window, in order. */
	windowCounts: number[];
	/** Time between one window's end and the next one's first counted request, per window. */
	gapsMs: number[];
}

let now = 0;
/** The simulation's clock, for `Date.now`. */
export const clock = () => now;

function generator(seed: number) {
	let state = seed >>> 0 || 1;
	return () => {
		state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
		return state / 2 ** 32;
	};
}

export function simulate(processes: SimProcess[], options: SimOptions = {}): SimResult {
	const { limit = 50, windowMs = 1_000, countAfterMs = 5, answerAfterMs = 5, jitterMs = 0 } = options;
	const random = generator(options.seed ?? 1);
	const windows: Array<{ start: number; used: number }> = [];
	let requests = 0;
	let limited = 0;
	const serve = (at: number) => {
		requests++;
		let current = windows.at(-1);
		if (!current || at >= current.start + windowMs) {
			const start = options.aligned ? Math.floor(at / windowMs) * windowMs : at;
			current = { start, used: 0 };
			windows.push(current);
		}
		if (current.used >= limit) {
			limited++;
			const waitMs = current.start + windowMs - at;
			const retryAfterMs = options.retryAfter === false ? undefined : Math.max(1, Math.ceil(waitMs / 1_000)) * 1_000;
			return { status: 429, remaining: 0, retryAfterMs };
		}
		current.used++;
		return { status: 200, remaining: limit - current.used };
	};
	type Request = { sentAt: number; countAt: number; answerAt: number; answer?: ReturnType<typeof serve> };
	const state = processes.map((p) => ({
		pacer: new RateLimitPacer(),
		pending: p.messages,
		startAt: p.startAt ?? 0,
		concurrency: p.concurrency,
		inFlight: [] as Request[],
	}));
	const begin = now;
	let lastAnswer = now;
	while (state.some((p) => p.pending > 0 || p.inFlight.length > 0)) {
		if (now - begin > 600_000) throw new Error('simulation did not finish');
		// Requests are counted in the order they reach the server, whoever sent them.
		for (const p of state) for (const r of p.inFlight) if (!r.answer && r.countAt <= now) r.answer = serve(r.countAt);
		for (const p of state) {
			if (now < begin + p.startAt) continue;
			for (const r of p.inFlight.filter((q) => q.answerAt <= now)) {
				p.inFlight.splice(p.inFlight.indexOf(r), 1);
				const answer = r.answer ?? serve(r.countAt);
				// Without Retry-After the transport holds for its backoff; half a second here.
				const hold = answer.status === 429 ? (answer.retryAfterMs ?? 500) : undefined;
				p.pacer.release(r.sentAt, { limit, remaining: answer.remaining }, hold, answer.retryAfterMs !== undefined);
				if (answer.status === 429) p.pending++;
				lastAnswer = now;
			}
			while (p.pending > 0 && p.inFlight.length < p.concurrency && p.pacer.delayBeforeNextRequest(now) <= 0) {
				void p.pacer.acquire();
				p.pending--;
				const countAt = now + countAfterMs + Math.round(random() * jitterMs);
				p.inFlight.push({ sentAt: now, countAt, answerAt: countAt + answerAfterMs + Math.round(random() * jitterMs) });
			}
		}
		now++;
	}
	const seconds = (lastAnswer - begin) / 1_000;
	const total = processes.reduce((sum, p) => sum + p.messages, 0);
	return {
		requests,
		limited,
		seconds,
		ratio: seconds / (total / (limit * (1_000 / windowMs))),
		windowCounts: windows.map((w) => w.used),
		gapsMs: windows.slice(1).map((w, i) => w.start - (windows[i].start + windowMs)),
	};
}
