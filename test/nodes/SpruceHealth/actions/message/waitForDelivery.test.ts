import { runSpruce, startSandbox, textPost, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Message → Post with Wait for Delivery', () => {
	test('off by default: the output is the request only, and no item is read', async () => {
		const run = await runSpruce(sandbox, textPost('Hello'));
		expect(run.items[0].json).not.toHaveProperty('delivered');
		expect(sandbox.ledger().requests.byRoute['GET /conversations/{id}/items']).toBeUndefined();
	});

	test('the posted item appears after a while: the output is that item', async () => {
		sandbox.configure({ deliveryDelayMs: 1_200 });
		try {
			const run = await runSpruce(sandbox, textPost('Your results are ready', 't_0003', { options: { waitForDelivery: true } }));
			expect(run.error).toBeUndefined();
			const [message] = sandbox.ledger().messages;
			expect(run.items[0].json).toMatchObject({
				requestId: message.requestId,
				conversationId: 't_0003',
				duplicate: false,
				delivered: true,
				conversationItemId: expect.stringMatching(/^ti_/),
				appURL: expect.stringMatching(/\/thread\/t_0003\/message\/ti_/),
				createdAt: expect.any(String),
				text: 'Your results are ready',
				attachments: [],
			});
			expect(sandbox.ledger().requests.byRoute['GET /conversations/{id}/items']).toBeGreaterThan(1);
		} finally {
			sandbox.configure({ deliveryDelayMs: 0 });
		}
	});

	test('never appears: after the timeout the item says delivered: false, and the run does not fail', async () => {
		sandbox.configure({ deliveryDelayMs: null });
		try {
			const started = Date.now();
			const run = await runSpruce(sandbox, textPost('Hello', 't_0001', { options: { waitForDelivery: true, waitTimeout: 1 } }));
			expect(run.error).toBeUndefined();
			expect(run.items[0].json).toMatchObject({ duplicate: false, delivered: false, requestId: sandbox.ledger().messages[0].requestId });
			expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
		} finally {
			sandbox.configure({ deliveryDelayMs: 0 });
		}
	});
});
