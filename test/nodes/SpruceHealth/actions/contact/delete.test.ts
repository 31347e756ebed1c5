import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Contact → Delete', () => {
	test('deletes the contact; a second delete is a 404', async () => {
		const run = await runOperation(sandbox, 'contact', 'delete', { contactId: locator('entity_C0003') });
		expect(run.items).toEqual([{ json: { contactId: 'entity_C0003', deleted: true }, pairedItem: { item: 0 } }]);
		const again = await runOperation(sandbox, 'contact', 'delete', { contactId: locator('entity_C0003') });
		expect(again.error?.httpCode).toBe('404');
	});

	test("Spruce's refusal (a contact that cannot be deleted) comes out with its message", async () => {
		const run = await runOperation(sandbox, 'contact', 'delete', { contactId: locator('entity_C0011') }, { node: { onError: 'continueRegularOutput' } });
		expect(run.items[0].json).toMatchObject({ error: expect.stringMatching(/cannot be deleted/), httpCode: '400' });
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
	});
});
