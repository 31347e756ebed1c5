import { runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const create = (parameters: Record<string, unknown>) =>
	runOperation(sandbox, 'webhookEndpoint', 'create', {
		name: 'Billing sync',
		url: 'https://billing.example.com/spruce',
		...parameters,
	});

describe('Webhook Endpoint → Create', () => {
	test('outputs the signing secret once, with a hint that it is shown only now; Get never shows it', async () => {
		const run = await create({});
		expect(run.error).toBeUndefined();
		const json = run.items[0].json;
		expect(json).toMatchObject({
			name: 'Billing sync',
			url: 'https://billing.example.com/spruce',
			status: 'active',
			duplicate: false,
		});
		expect(json.signingSecret).toEqual(expect.any(String));
		expect(json.signingSecretId).toMatch(/^wss_/);
		expect(json.hint).toMatch(/shows this signing secret only now/);
		expect(json).not.toHaveProperty('signingSecrets');
		const got = await runOperation(sandbox, 'webhookEndpoint', 'get', {
			endpointId: { __rl: true, mode: 'id', value: String(json.id) },
		});
		expect(JSON.stringify(got.items[0].json)).not.toContain(json.signingSecret as string);
	});

	test('the same idempotency key again: duplicate, and the hint says the secret was shown only then', async () => {
		await create({ options: { idempotencyKey: 'hook-1' } });
		const again = await create({ options: { idempotencyKey: 'hook-1' } });
		expect(again.items[0].json).toMatchObject({ duplicate: true, idempotencyKey: 'hook-1' });
		expect(again.items[0].json.signingSecret).toBeUndefined();
		expect(again.items[0].json.hint).toMatch(/shown only then/);
	});

	test('an answer lost after Spruce created it: the retry is refused, and the output says the secret was shown only then', async () => {
		sandbox.setFaults({ target: 'all', sequence: ['fail-after'] });
		const run = await create({});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			duplicate: true,
			hint: expect.stringMatching(/delete that endpoint and create a new one/),
		});
		const all = await runOperation(sandbox, 'webhookEndpoint', 'getAll', { returnAll: true });
		expect(all.items.map((i) => i.json.name)).toEqual(['Billing sync']);
	});

	test('a URL that is not https is refused before sending', async () => {
		for (const url of ['http://billing.example.com/spruce', 'billing.example.com']) {
			const run = await create({ url });
			expect(run.error?.message).toMatch(/is not an https URL/);
		}
		expect(sandbox.ledger().requests.total).toBe(0);
	});
});
