import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Conversation Item → Get', () => {
	test('by its link in the Spruce app or its ID', async () => {
		const byUrl = await runOperation(sandbox, 'conversationItem', 'get', {
			conversationItemId: locator('https://app.sprucehealth.com/org/entity_ORG0001/thread/t_0001/message/ti_0001', 'url'),
		});
		expect(byUrl.items[0].json).toMatchObject({ id: 'ti_0001', direction: 'inbound', text: 'Hi, can I move my appointment?' });
		const byId = await runOperation(sandbox, 'conversationItem', 'get', { conversationItemId: locator('ti_0003') });
		expect((byId.items[0].json.attachments as unknown[]).length).toBe(2);
	});
});
