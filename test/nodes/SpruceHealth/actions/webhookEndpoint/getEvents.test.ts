import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const events = (parameters: Record<string, unknown>) =>
	runOperation(sandbox, 'webhookEndpoint', 'getEvents', { endpointId: locator('wde_0001'), ...parameters });
const pages = () => sandbox.ledger().requests.byRoute['GET /webhooks/endpoints/{id}/events'];

describe('Webhook Endpoint → Get Deliveries', () => {
	test('Return All follows Spruce’s pages; each event shows its delivery', async () => {
		const run = await events({ returnAll: true });
		expect(run.items.map((i) => [i.json.id, (i.json.delivery as { status: string }).status])).toEqual([
			['whe_0001', 'delivered'],
			['whe_0002', 'delivered'],
			['whe_0003', 'failed'],
		]);
		expect(pages()).toBe(2);
	});

	test('a limit stops after the page that reaches it; time filters are sent as RFC 3339', async () => {
		const one = await events({ limit: 1 });
		expect(one.items).toHaveLength(1);
		expect(pages()).toBe(1);
		const later = await events({ returnAll: true, filters: { startTime: '2025-06-02T00:00:00Z' } });
		expect(later.items.map((i) => i.json.id)).toEqual(['whe_0002', 'whe_0003']);
		const bad = await events({ filters: { endTime: '={{ "soon" }}' } });
		expect(bad.error?.message).toMatch(/Filters → Until: "soon" is not a date and time/);
	});
});
