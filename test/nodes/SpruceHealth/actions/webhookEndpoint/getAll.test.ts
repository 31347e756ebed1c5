import { runOperation, startSandbox, type Sandbox } from '../../../../support';
import { registerEndpoint } from './setup';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Webhook Endpoint → Get Many', () => {
	test('every endpoint with Return All; a limit cuts the list', async () => {
		await registerEndpoint(sandbox);
		await registerEndpoint(sandbox, 'Second', 'https://two.example.com/h');
		const all = await runOperation(sandbox, 'webhookEndpoint', 'getAll', { returnAll: true });
		expect(all.items.map((i) => i.json.name)).toEqual(['EHR sync', 'Second']);
		const one = await runOperation(sandbox, 'webhookEndpoint', 'getAll', { limit: 1 });
		expect(one.items.map((i) => i.json.name)).toEqual(['EHR sync']);
	});
});
