import { runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());

describe('Phone Line → Get Many', () => {
	test('Spruce answers the whole list: Return All gets it, a limit cuts it', async () => {
		const all = await runOperation(sandbox, 'phoneLine', 'getAll', { returnAll: true });
		expect(all.items.map((i) => i.json.id)).toEqual(['pl_MAIN', 'pl_NURSE', 'pl_AFTER']);
		const two = await runOperation(sandbox, 'phoneLine', 'getAll', { limit: 2 });
		expect(two.items.map((i) => i.json.name)).toEqual(['Main Line', 'Nurse Line']);
	});
});
