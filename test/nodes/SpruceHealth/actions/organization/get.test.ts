import { runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());

describe('Organization → Get', () => {
	test('one item per input item: the organization', async () => {
		const run = await runOperation(
			sandbox,
			'organization',
			'get',
			{},
			{ input: [{ json: {} }, { json: {} }] },
		);
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => [i.json.id, i.json.name, i.pairedItem])).toEqual([
			['entity_ORG0001', 'Riverside Family Practice', { item: 0 }],
			['entity_ORG0001', 'Riverside Family Practice', { item: 1 }],
		]);
	});
});
