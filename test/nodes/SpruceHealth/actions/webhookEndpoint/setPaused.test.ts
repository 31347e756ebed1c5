import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';
import { receiver, registerEndpoint } from './setup';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const status = async (id: string) =>
	(await runOperation(sandbox, 'webhookEndpoint', 'get', { endpointId: locator(id) })).items[0].json
		.status;

describe('Webhook Endpoint → Pause or Resume', () => {
	test('pauses (no deliveries meanwhile), then resumes', async () => {
		const hook = await receiver();
		try {
			const id = await registerEndpoint(sandbox, 'EHR sync', hook.url);
			const paused = await runOperation(sandbox, 'webhookEndpoint', 'setPaused', {
				endpointId: locator(id),
				paused: true,
			});
			expect(paused.items[0].json).toMatchObject({ id, paused: true, duplicate: false });
			expect(await status(id)).toBe('paused');
			sandbox.webhooks.inboundMessage({ conversationId: 't_0001', text: 'while paused' });
			await sandbox.webhooks.settled();
			expect(sandbox.webhooks.snapshot().deliveries).toEqual([]);
			const resumed = await runOperation(sandbox, 'webhookEndpoint', 'setPaused', {
				endpointId: locator(id),
				paused: false,
			});
			expect(resumed.items[0].json.paused).toBe(false);
			expect(await status(id)).toBe('active');
		} finally {
			await hook.close();
		}
	});

	test('a repeated idempotency key is refused by Spruce: duplicate', async () => {
		const params = {
			endpointId: locator(await registerEndpoint(sandbox)),
			paused: true,
			options: { idempotencyKey: 'pause-1' },
		};
		await runOperation(sandbox, 'webhookEndpoint', 'setPaused', params);
		const again = await runOperation(sandbox, 'webhookEndpoint', 'setPaused', params);
		expect(again.items[0].json).toMatchObject({ paused: true, duplicate: true });
	});
});
