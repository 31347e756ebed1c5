import { RecentKeys } from '../../../nodes/SpruceHealthTrigger/shared/recentKeys';

describe('RecentKeys: the bounded memory of seen events and items', () => {
	test('remembers keys across instances on the same store', () => {
		const store = {};
		expect(new RecentKeys(store, 'seen', { max: 10, ttlMs: 1_000 }, 0).add('a')).toBe(true);
		const later = new RecentKeys(store, 'seen', { max: 10, ttlMs: 1_000 }, 500);
		expect(later.has('a')).toBe(true);
		expect(later.add('a')).toBe(false);
	});

	test('keeps at most max keys, forgetting the oldest first', () => {
		const store = {};
		const keys = new RecentKeys(store, 'seen', { max: 3, ttlMs: 60_000 }, 0);
		for (const key of ['a', 'b', 'c', 'd']) keys.add(key);
		expect(keys.size).toBe(3);
		expect(keys.has('a')).toBe(false);
		expect(keys.has('d')).toBe(true);
	});

	test('forgets keys older than the time to live', () => {
		const store = {};
		new RecentKeys(store, 'seen', { max: 10, ttlMs: 1_000 }, 0).add('old');
		new RecentKeys(store, 'seen', { max: 10, ttlMs: 1_000 }, 900).add('new');
		const now = new RecentKeys(store, 'seen', { max: 10, ttlMs: 1_000 }, 1_500);
		expect(now.has('old')).toBe(false);
		expect(now.has('new')).toBe(true);
	});

	test('a damaged store starts afresh instead of failing', () => {
		const store = { seen: 'garbage' };
		expect(new RecentKeys(store, 'seen', { max: 10, ttlMs: 1_000 }).add('a')).toBe(true);
	});
});
