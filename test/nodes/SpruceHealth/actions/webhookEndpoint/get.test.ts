import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());

describe('Webhook Endpoint → Get', () => {
	test('by ID or from the list; an unknown one is a 404 naming it', async () => {
		const run = await runOperation(sandbox, 'webhookEndpoint', 'get', { endpointId: locator('wde_0001', 'list') });
		expect(run.items[0].json).toMatchObject({ id: 'wde_0001', name: 'EHR sync', status: 'active', signingSecrets: [] });
		const missing = await runOperation(sandbox, 'webhookEndpoint', 'get', { endpointId: locator('wde_NOPE') });
		expect(missing.error?.message).toMatch(/no webhook endpoint "wde_NOPE"/);
	});
});
