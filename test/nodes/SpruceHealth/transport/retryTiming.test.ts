import { backoffDelay, parseRetryAfter } from '../../../../nodes/SpruceHealth/transport/retry';

describe('retry timing', () => {
	test('Retry-After in seconds or as an HTTP date', () => {
		expect(parseRetryAfter('3', 0)).toBe(3_000);
		expect(parseRetryAfter(['1.5'], 0)).toBe(1_500);
		expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
		expect(parseRetryAfter(new Date(1_000).toUTCString(), 4_000)).toBe(0);
		expect(parseRetryAfter(undefined)).toBeUndefined();
		expect(parseRetryAfter('soon')).toBeUndefined();
	});

	test('exponential backoff with jitter, capped', () => {
		expect(backoffDelay(1, () => 0)).toBe(250);
		expect(backoffDelay(1, () => 1)).toBe(500);
		expect(backoffDelay(3, () => 0)).toBe(1_000);
		expect(backoffDelay(3, () => 1)).toBe(2_000);
		expect(backoffDelay(20, () => 1)).toBe(30_000);
		const seen = new Set(Array.from({ length: 20 }, () => backoffDelay(2)));
		expect(seen.size).toBeGreaterThan(1);
	});
});
