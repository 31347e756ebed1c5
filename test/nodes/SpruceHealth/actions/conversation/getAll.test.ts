import { runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox({ extraConversations: 450 })));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const pages = () => sandbox.ledger().requests.byRoute['GET /conversations'];

describe('Conversation → Get Many', () => {
	test('default: 50 by last message, one page', async () => {
		const run = await runOperation(sandbox, 'conversation', 'getAll', {});
		expect(run.items).toHaveLength(50);
		expect(run.items[0].json.id).toBe('t_0001');
		expect(pages()).toBe(1);
	});

	test('Return All reads every page of 200; a limit of 250 reads 200 + 50', async () => {
		const all = await runOperation(sandbox, 'conversation', 'getAll', { returnAll: true, orderBy: 'created' });
		expect(all.items).toHaveLength(458);
		expect(all.items[0].json.id).toBe('t_0008');
		expect(pages()).toBe(3);
		sandbox.reset();
		const some = await runOperation(sandbox, 'conversation', 'getAll', { limit: 250 });
		expect(some.items).toHaveLength(250);
		expect(pages()).toBe(2);
	});

	test('Since keeps the conversations active at or after a time', async () => {
		const run = await runOperation(sandbox, 'conversation', 'getAll', {
			returnAll: true,
			filters: { startFrom: '2025-06-01T09:00:00.000Z' },
		});
		expect(run.items.map((i) => i.json.id)).toEqual(['t_0001', 't_0002', 't_0003', 't_0004']);
	});
});
