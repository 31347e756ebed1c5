import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const status = async () =>
	(await runOperation(sandbox, 'webhookEndpoint', 'get', { endpointId: locator('wde_0001') })).items[0].json.status;

describe('Webhook Endpoint → Pause or Resume', () => {
	test('pauses, then resumes', async () => {
		const paused = await runOperation(sandbox, 'webhookEndpoint', 'setPaused', { endpointId: locator('wde_0001'), paused: true });
		expect(paused.items[0].json).toMatchObject({ id: 'wde_0001', paused: true, duplicate: false });
		expect(await status()).toBe('paused');
		const resumed = await runOperation(sandbox, 'webhookEndpoint', 'setPaused', { endpointId: locator('wde_0001'), paused: false });
		expect(resumed.items[0].json.paused).toBe(false);
		expect(await status()).toBe('active');
	});

	test('a repeated idempotency key is refused by Spruce: duplicate', async () => {
		const params = { endpointId: locator('wde_0001'), paused: true, options: { idempotencyKey: 'pause-1' } };
		await runOperation(sandbox, 'webhookEndpoint', 'setPaused', params);
		const again = await runOperation(sandbox, 'webhookEndpoint', 'setPaused', params);
		expect(again.items[0].json).toMatchObject({ paused: true, duplicate: true });
	});
});
