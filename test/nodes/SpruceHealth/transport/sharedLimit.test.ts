import { RateLimitPacer } from '../../../../nodes/SpruceHealth/transport/pacing';

// Several n8n processes (queue-mode workers) post to one Spruce organization. Each has its own
// pacer; they only know each other through the organization's s-ratelimit-* headers. A simulated
// clock and a server with fixed windows like Spruce's (and the sandbox's) drive them.

let clock = 0;
beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => clock));
afterEach(() => jest.restoreAllMocks());

interface Worker {
	pacer: RateLimitPacer;
	pending: number;
	concurrency: number;
	inFlight: Array<{ sentAt: number; answerAt: number; status: number; remaining: number; retryAfterMs?: number }>;
}

function simulate(
	workers: Array<{ messages: number; concurrency: number; startAt?: number }>,
	{ limit = 50, windowMs = 1_000, latencyMs = 10 } = {},
) {
	let windowStart = -Infinity;
	let used = 0;
	let requests = 0;
	let limited = 0;
	const serve = (at: number) => {
		requests++;
		// A window starts with the first request after the previous one ended.
		if (at >= windowStart + windowMs) {
			windowStart = at;
			used = 0;
		}
		if (used >= limit) {
			limited++;
			const retryAfterMs = Math.ceil((windowStart + windowMs - at) / 1_000) * 1_000;
			return { status: 429, remaining: 0, retryAfterMs };
		}
		used++;
		return { status: 200, remaining: limit - used };
	};
	const state: Worker[] = workers.map((w) => ({
		pacer: new RateLimitPacer(),
		pending: w.messages,
		concurrency: w.concurrency,
		inFlight: [],
	}));
	const begin = clock;
	while (state.some((w) => w.pending > 0 || w.inFlight.length > 0)) {
		if (clock - begin > 600_000) throw new Error('simulation did not finish');
		for (const [n, w] of state.entries()) {
			if (clock < begin + (workers[n].startAt ?? 0)) continue;
			for (const answer of w.inFlight.filter((r) => r.answerAt <= clock)) {
				w.inFlight.splice(w.inFlight.indexOf(answer), 1);
				w.pacer.release(answer.sentAt, { limit, remaining: answer.remaining }, answer.retryAfterMs);
				if (answer.status === 429) w.pending++;
			}
			while (w.pending > 0 && w.inFlight.length < w.concurrency && w.pacer.delayBeforeNextRequest(clock) <= 0) {
				void w.pacer.acquire();
				w.pending--;
				const answer = serve(clock + latencyMs / 2);
				w.inFlight.push({ sentAt: clock, answerAt: clock + latencyMs, ...answer });
			}
		}
		clock++;
	}
	const seconds = (clock - begin) / 1_000;
	const total = workers.reduce((sum, w) => sum + w.messages, 0);
	return { requests, limited, seconds, ratio: seconds / (total / (limit * (1_000 / windowMs))) };
}

describe('pacers of several workers sharing one organization', () => {
	test('two workers, three executions (1,200 posts at 50/s): few 429s, near the minimum time', () => {
		const result = simulate([
			{ messages: 800, concurrency: 40 },
			{ messages: 400, concurrency: 20 },
		]);
		// Each pacer on its own (before): 7.4 % 429s, 1.36 x. Now about 1 % (in the first second,
		// when both start at once knowing nothing of each other) and 1.09 x.
		expect(result.limited / result.requests).toBeLessThan(0.02);
		expect(result.ratio).toBeLessThan(1.15);
	});

	test('a second worker joining midway: the first makes room', () => {
		const result = simulate([
			{ messages: 600, concurrency: 20 },
			{ messages: 300, concurrency: 20, startAt: 5_000 },
		]);
		// Before: 3.3 % 429s, 1.17 x; now about 2.7 %, 1.21 x (each starts at half of what is left
		// until it has seen a whole window).
		expect(result.limited / result.requests).toBeLessThan(0.03);
		expect(result.ratio).toBeLessThan(1.3);
	});

	test('three workers: the shared count keeps them within the limit', () => {
		const result = simulate([
			{ messages: 400, concurrency: 20 },
			{ messages: 400, concurrency: 20 },
			{ messages: 400, concurrency: 20 },
		]);
		// About 5 % 429s (three half-bursts at the same first moment) and 1.08 x: not yet the 2 %
		// we want for two workers; the time stays near the minimum.
		expect(result.limited / result.requests).toBeLessThan(0.06);
		expect(result.ratio).toBeLessThan(1.15);
	});

	test('one worker alone keeps its speed', () => {
		const result = simulate([{ messages: 600, concurrency: 20 }]);
		expect(result.limited / result.requests).toBeLessThan(0.02);
		expect(result.ratio).toBeLessThan(1.1);
	});
});
