import { runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Saved Message → Get Many', () => {
	test('titles, texts and whether each is an internal note; a limit asks for no more', async () => {
		const all = await runOperation(sandbox, 'savedMessage', 'getAll', { returnAll: true });
		expect(all.items.map((i) => [i.json.id, i.json.title, i.json.internal])).toEqual([
			['sm_saved_REMIND', 'Appointment reminder', false],
			['sm_saved_RESULTS', 'Results ready', false],
			['sm_saved_HANDOFF', 'Hand-off note', true],
		]);
		const two = await runOperation(sandbox, 'savedMessage', 'getAll', { limit: 2 });
		expect(two.items).toHaveLength(2);
		expect(sandbox.ledger().requests.byRoute['GET /savedmessages']).toBe(2);
	});
});
