import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Conversation Item → Delete', () => {
	test('deletes the item; one that cannot be deleted is refused by Spruce', async () => {
		const run = await runOperation(sandbox, 'conversationItem', 'delete', { conversationItemId: locator('ti_0002') });
		expect(run.items[0].json).toMatchObject({ conversationItemId: 'ti_0002', deleted: true, requestId: expect.stringMatching(/^asyncRequest_/) });
		const gone = await runOperation(sandbox, 'conversationItem', 'get', { conversationItemId: locator('ti_0002') });
		expect(gone.error?.httpCode).toBe('404');
		const kept = await runOperation(sandbox, 'conversationItem', 'delete', { conversationItemId: locator('ti_0001') });
		expect(kept.error?.message).toMatch(/cannot be deleted/);
	});
});
