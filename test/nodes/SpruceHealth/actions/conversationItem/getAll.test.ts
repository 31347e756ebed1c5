import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox({ extraItems: 450 })));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const list = (parameters: Record<string, unknown>) =>
	runOperation(sandbox, 'conversationItem', 'getAll', { conversationId: locator('t_0001'), ...(parameters as object) });
const pages = () => sandbox.ledger().requests.byRoute['GET /conversations/{id}/items'];

describe('Conversation Item → Get Many', () => {
	test('newest first by default, 50 in one page', async () => {
		const run = await list({});
		expect(run.items).toHaveLength(50);
		expect(run.items.slice(0, 2).map((i) => i.json.id)).toEqual(['ti_0004', 'ti_0003']);
		expect(pages()).toBe(1);
	});

	test('Return All, oldest first, over several pages of 200', async () => {
		const run = await list({ returnAll: true, order: 'oldest_first' });
		expect(run.items).toHaveLength(454);
		expect(run.items[0].json.id).toBe('ti_G000001');
		expect(run.items[453].json.id).toBe('ti_0004');
		expect(pages()).toBe(3);
	});

	test('direction is filtered while reading, until the limit is met', async () => {
		const run = await list({ limit: 230, filters: { direction: 'outbound' } });
		expect(run.items).toHaveLength(226);
		expect(run.items.every((i) => i.json.direction === 'outbound')).toBe(true);
		const inbound = await list({ limit: 3, filters: { direction: 'inbound' } });
		expect(inbound.items.map((i) => i.json.id)).toEqual(['ti_0004', 'ti_0003', 'ti_0001']);
	});

	test('Created After passes startFrom to Spruce', async () => {
		const run = await list({ returnAll: true, filters: { startFrom: '2025-06-01T10:30:00Z' } });
		expect(run.items.map((i) => i.json.id)).toEqual(['ti_0004', 'ti_0003']);
	});
});
