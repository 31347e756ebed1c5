import { RateLimitPacer } from '../../../../nodes/SpruceHealth/transport/pacing';

let clock = 1_000_000;
beforeEach(() => {
	clock = 1_000_000;
	jest.spyOn(Date, 'now').mockImplementation(() => clock);
});
afterEach(() => jest.restoreAllMocks());

/** One request/answer round trip through the pacer at the current clock. */
async function roundTrip(pacer: RateLimitPacer, limit: number | undefined, remaining: number | undefined, latency = 10) {
	await pacer.acquire();
	const sentAt = clock;
	clock += latency;
	pacer.release(sentAt, { limit, remaining });
}

describe('RateLimitPacer', () => {
	test('no limit headers: never waits', async () => {
		const pacer = new RateLimitPacer();
		await roundTrip(pacer, undefined, undefined);
		for (let i = 0; i < 5; i++) await pacer.acquire();
		expect(pacer.delayBeforeNextRequest(clock)).toBe(0);
	});

	test('plenty of headroom, alone: no waiting at all, even with requests in flight', async () => {
		const pacer = new RateLimitPacer();
		// Remaining falls by one per request for a whole window: nobody else uses the limit.
		for (let r = 99; r >= 70; r--) await roundTrip(pacer, 100, r);
		clock += 60_000;
		await roundTrip(pacer, 100, 99);
		for (let i = 0; i < 50; i++) {
			expect(pacer.delayBeforeNextRequest(clock)).toBe(0);
			await pacer.acquire();
		}
	});

	test('until it knows whether others share the limit, a pacer uses half of what is left', async () => {
		const pacer = new RateLimitPacer();
		await roundTrip(pacer, 100, 99);
		let sent = 0;
		while (pacer.delayBeforeNextRequest(clock) <= 0 && sent < 100) {
			await pacer.acquire();
			sent++;
		}
		// Half of the 99 left (a lone pacer learns it is alone after a few answers).
		expect(sent).toBe(49);
	});

	test('the first request to an organization goes alone', async () => {
		const pacer = new RateLimitPacer();
		await pacer.acquire();
		expect(pacer.delayBeforeNextRequest(clock)).toBeGreaterThan(0);
		pacer.release(clock, { limit: 100, remaining: 99 });
		expect(pacer.delayBeforeNextRequest(clock)).toBe(0);
	});

	test('alone in a known window: what is left goes at once; exhausted: wait for the window', async () => {
		const pacer = new RateLimitPacer();
		// Learn a 1,000 ms window alone (remaining falls by one per request of ours): three
		// windows, each begun by our request; the second still counted one at 1,001,985.
		const down = async (from: number, to: number) => {
			for (let r = from; r >= to; r--) await roundTrip(pacer, 10, r);
		};
		await down(9, 0);
		clock = 1_001_000;
		await down(9, 2);
		clock = 1_001_985;
		await roundTrip(pacer, 10, 1);
		clock = 1_002_000;
		await roundTrip(pacer, 10, 9);
		// Plenty left: go.
		expect(pacer.delayBeforeNextRequest(clock)).toBe(0);
		// Two left: nobody else to leave room for, so they go now rather than spread out (the
		// last items of a run would otherwise wait most of a window for nothing).
		await down(8, 2);
		expect(pacer.delayBeforeNextRequest(clock)).toBe(0);
		await pacer.acquire();
		expect(pacer.delayBeforeNextRequest(clock)).toBe(0);
		// None left: wait until just past the window's end. The window began as our request sent
		// at 1,002,000 was counted, some time after it left; the next one's first request, counted
		// as long after it leaves, must leave after 1,003,000.
		await roundTrip(pacer, 10, 0);
		const wait = pacer.delayBeforeNextRequest(clock);
		expect(clock + wait).toBeGreaterThan(1_003_000);
		expect(clock + wait).toBeLessThanOrEqual(1_003_060);
	});

	test('a 429 holds every request until Retry-After', async () => {
		const pacer = new RateLimitPacer();
		await roundTrip(pacer, 100, 50);
		await pacer.acquire();
		pacer.release(clock, { limit: 100, remaining: 0 }, 2_000);
		expect(pacer.delayBeforeNextRequest(clock)).toBe(2_000);
		clock += 2_000;
		expect(pacer.delayBeforeNextRequest(clock)).toBe(0);
	});

	test('answers arriving out of order are not mistaken for a new window', async () => {
		const pacer = new RateLimitPacer();
		await roundTrip(pacer, 10, 5);
		const early = clock;
		clock += 5;
		await roundTrip(pacer, 10, 3);
		// An answer to a request sent before the last observation, showing more left: stale.
		pacer.release(early, { limit: 10, remaining: 4 });
		await pacer.acquire();
		// 3 left, half of it ours until we know whether others share the limit, 1 in flight:
		// nothing available (4 left, as the stale answer says, would leave one).
		expect(pacer.delayBeforeNextRequest(clock)).toBeGreaterThan(0);
	});

	test('the daily allowance: exhausted for a minute after Spruce says so, then asked again', async () => {
		const pacer = new RateLimitPacer();
		await pacer.acquire();
		pacer.release(clock, { dailyLimit: 1000, dailyRemaining: 0 });
		expect(pacer.dailyExhausted).toBe(true);
		clock += 61_000;
		expect(pacer.dailyExhausted).toBe(false);
	});
});

describe('an absurd Retry-After (issue 8, item 6)', () => {
	test('the hold lasts at most five minutes; then the next request asks Spruce again', async () => {
		const pacer = new RateLimitPacer();
		await pacer.acquire();
		pacer.release(clock, {}, 999_999_999_000);
		// While held, a request learns the whole wait Spruce asked for, and fails rather than wait.
		expect(pacer.heldFor(clock)).toBe(999_999_999_000);
		expect(await pacer.acquire(undefined, 5 * 60_000)).toBe(false);
		clock += 5 * 60_000;
		expect(pacer.heldFor(clock)).toBe(0);
		expect(await pacer.acquire(undefined, 5 * 60_000)).toBe(true);
	});
});
