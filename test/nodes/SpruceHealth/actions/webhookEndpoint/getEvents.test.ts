import type { INodeParameters } from 'n8n-workflow';

import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';
import { receiver, registerEndpoint } from './setup';

let sandbox: Sandbox;
let hook: Awaited<ReturnType<typeof receiver>>;
let endpointId: string;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(async () => {
	sandbox.reset();
	hook = await receiver([500]);
	endpointId = await registerEndpoint(sandbox, 'EHR sync', hook.url);
	// Three events: the first delivery fails once (retried at once), the others go through.
	sandbox.webhooks.configure({ retryDelayMs: 1 });
	for (const text of ['one', 'two', 'three']) {
		sandbox.webhooks.inboundMessage({ conversationId: 't_0001', text });
		await sandbox.webhooks.settled();
		await new Promise((resolve) => setTimeout(resolve, 20));
		await sandbox.webhooks.settled();
	}
});
afterEach(async () => await hook.close());

const events = (parameters: INodeParameters) =>
	runOperation(sandbox, 'webhookEndpoint', 'getEvents', {
		endpointId: locator(endpointId),
		...parameters,
	});
const pages = () => sandbox.ledger().requests.byRoute['GET /webhooks/endpoints/{id}/events'];

describe('Webhook Endpoint → Get Deliveries', () => {
	test('Return All follows Spruce’s pages; each event shows its delivery and attempts', async () => {
		const run = await events({ returnAll: true });
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.json.delivery)).toEqual([
			expect.objectContaining({ status: 'delivered', attempts: 2 }),
			expect.objectContaining({ status: 'delivered', attempts: 1 }),
			expect.objectContaining({ status: 'delivered', attempts: 1 }),
		]);
		expect(JSON.parse(String(run.items[0].json.data))).toMatchObject({
			type: 'conversationItem.created',
		});
		expect(pages()).toBe(2);
	});

	test('a limit stops after the page that reaches it; time filters are sent as RFC 3339', async () => {
		const one = await events({ limit: 1 });
		expect(one.items).toHaveLength(1);
		expect(pages()).toBe(1);
		const future = await events({
			returnAll: true,
			filters: { startTime: '2099-01-01T00:00:00Z' },
		});
		expect(future.items).toEqual([]);
		const bad = await events({ filters: { endTime: '={{ "soon" }}' } });
		expect(bad.error?.message).toMatch(/Filters → Until: "soon" is not a date and time/);
	});
});
