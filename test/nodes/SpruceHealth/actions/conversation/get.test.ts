import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Conversation → Get', () => {
	test('by URL from the Spruce app; an unknown one is a 404 naming it', async () => {
		const run = await runOperation(sandbox, 'conversation', 'get', {
			conversationId: locator('https://app.sprucehealth.com/org/entity_ORG0001/thread/t_0003', 'url'),
		});
		expect(run.items[0].json).toMatchObject({ id: 't_0003', title: 'Esther Howard', type: 'email' });
		const missing = await runOperation(sandbox, 'conversation', 'get', { conversationId: locator('t_404') });
		expect(missing.error?.message).toMatch(/no conversation "t_404"/);
	});
});
