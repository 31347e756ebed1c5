import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Contact → Get Conversations', () => {
	test("one output item per conversation of the contact, paired with the input", async () => {
		const run = await runOperation(sandbox, 'contact', 'getConversations', { contactId: locator('entity_C0001') });
		expect(run.items.map((i) => [i.json.id, i.json.type, i.pairedItem])).toEqual([
			['t_0001', 'phone', { item: 0 }],
			['t_0005', 'note', { item: 0 }],
		]);
	});

	test('a contact without conversations gives no items', async () => {
		const run = await runOperation(sandbox, 'contact', 'getConversations', { contactId: locator('entity_C0010') });
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([]);
	});
});
