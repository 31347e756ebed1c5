import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';
import { registerEndpoint } from './setup';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Webhook Endpoint → Get', () => {
	test('by ID or from the list, never with its secret; an unknown one is a 404 naming it', async () => {
		const id = await registerEndpoint(sandbox);
		const run = await runOperation(sandbox, 'webhookEndpoint', 'get', {
			endpointId: locator(id, 'list'),
		});
		expect(run.items[0].json).toMatchObject({
			id,
			name: 'EHR sync',
			status: 'active',
			signingSecrets: [],
		});
		const missing = await runOperation(sandbox, 'webhookEndpoint', 'get', {
			endpointId: locator('wde_NOPE'),
		});
		expect(missing.error?.message).toMatch(/no webhook endpoint "wde_NOPE"/);
	});
});
