import { runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());

describe('Internal Endpoint → Get Many', () => {
	test("the organization's phone lines, email, fax and Spruce Link; a limit cuts the list", async () => {
		const all = await runOperation(sandbox, 'internalEndpoint', 'getAll', { returnAll: true });
		expect(all.items.map((i) => (i.json.endpoint as { channel: string }).channel)).toEqual([
			'phone',
			'phone',
			'email',
			'fax',
			'secure',
		]);
		const one = await runOperation(sandbox, 'internalEndpoint', 'getAll', { limit: 1 });
		expect(one.items).toHaveLength(1);
		expect(one.items[0].json).toMatchObject({
			endpoint: { id: 'ie_PHONE_MAIN' },
			owner: { type: 'organization' },
		});
	});
});
