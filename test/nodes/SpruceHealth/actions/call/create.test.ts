import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const call = (parameters: Record<string, unknown>) =>
	runOperation(sandbox, 'call', 'create', {
		internalEndpointId: locator('ie_PHONE_MAIN', 'list'),
		originatingNumber: '(555) 777-0001',
		destinationNumber: '555-201-0001',
		...parameters,
	});

describe('Call → Start Proxy Call', () => {
	test('gives the proxy number to dial; both numbers are sent in E.164', async () => {
		const run = await call({});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			proxyNumber: '+15559990000',
			internalEndpointId: 'ie_PHONE_MAIN',
			originatingNumber: '+15557770001',
			destinationNumber: '+15552010001',
			duplicate: false,
		});
		expect(run.items[0].json.requestId).toMatch(/^asyncRequest_/);
	});

	test('the same idempotency key again is refused by Spruce: duplicate, no proxy number', async () => {
		await call({ options: { idempotencyKey: 'callback-77' } });
		const again = await call({ options: { idempotencyKey: 'callback-77' } });
		expect(again.items[0].json).toMatchObject({
			duplicate: true,
			proxyNumber: null,
			idempotencyKey: 'callback-77',
		});
	});

	test('a number that is not a phone number is refused before sending; a non-phone line by Spruce', async () => {
		const bad = await call({ destinationNumber: 'front desk' });
		expect(bad.error?.message).toMatch(/Call To: "front desk" is not a phone number/);
		expect(sandbox.ledger().requests.total).toBe(0);
		const email = await call({ internalEndpointId: locator('ie_EMAIL') });
		expect(email.error?.message).toMatch(
			/Spruce refused to start the proxy call: Internal endpoint ie_EMAIL is not a phone line/,
		);
	});
});
