import type { IDataObject } from 'n8n-workflow';

import { firstDelivery } from '../../../nodes/SpruceHealthTrigger/acceptedEvents';

/** What n8n does per delivery: a copy of the stored static data, written back whole afterwards. */
const read = (db: { data: IDataObject }) => structuredClone(db.data);

describe('firstDelivery: each event once, however n8n reads and writes the static data', () => {
	afterEach(() => jest.restoreAllMocks());

	test('two copies of an event read the same stored data: only the first passes', () => {
		const db = { data: {} };
		const [a, b] = [read(db), read(db)];
		expect(firstDelivery(a, 'wf1|n1', 'e1')).toBe(true);
		expect(firstDelivery(b, 'wf1|n1', 'e1')).toBe(false);
	});

	test('a burst of overlapping deliveries: the last write holds every key, for a new process too', () => {
		const db = { data: {} };
		const copies = ['k1', 'k2', 'k3', 'k4', 'k5'].map((key) => ({ key, data: read(db) }));
		for (const { key, data } of copies) expect(firstDelivery(data, 'wf2|n1', key)).toBe(true);
		// Writes land in any order; the one computed last is written last here.
		for (const { data } of copies) db.data = data;
		jest.isolateModules(() => {
			const fresh = require('../../../nodes/SpruceHealthTrigger/acceptedEvents') as {
				firstDelivery: typeof firstDelivery;
			};
			for (const { key } of copies) expect(fresh.firstDelivery(read(db), 'wf2|n1', key)).toBe(false);
			expect(fresh.firstDelivery(read(db), 'wf2|n1', 'k6')).toBe(true);
		});
	});

	test('an event whose write never happened (n8n failed to start the run) passes again after a minute', () => {
		const db = { data: {} };
		const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
		expect(firstDelivery(read(db), 'wf3|n1', 'e1')).toBe(true);
		now.mockReturnValue(1_000_000 + 30_000);
		expect(firstDelivery(read(db), 'wf3|n1', 'e1')).toBe(false);
		now.mockReturnValue(1_000_000 + 2 * 60_000); // Spruce's retry
		expect(firstDelivery(read(db), 'wf3|n1', 'e1')).toBe(true);
	});

	test('triggers do not share keys', () => {
		expect(firstDelivery({}, 'wf4|n1', 'e1')).toBe(true);
		expect(firstDelivery({}, 'wf4|n2', 'e1')).toBe(true);
	});
});
