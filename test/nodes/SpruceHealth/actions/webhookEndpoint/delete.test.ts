import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Webhook Endpoint → Delete', () => {
	test('deletes it; deleting it again is a 404 saying it may be deleted already', async () => {
		const run = await runOperation(sandbox, 'webhookEndpoint', 'delete', { endpointId: locator('wde_0001') });
		expect(run.items[0].json).toEqual({ id: 'wde_0001', deleted: true });
		const again = await runOperation(sandbox, 'webhookEndpoint', 'delete', { endpointId: locator('wde_0001') });
		expect(again.error?.message).toMatch(/no webhook endpoint "wde_0001" .*deleted already/);
	});
});
