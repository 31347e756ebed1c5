import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Conversation → Create', () => {
	test('a secure conversation with a contact and a first message', async () => {
		const run = await runOperation(sandbox, 'conversation', 'create', {
			type: 'secure',
			internalEndpointId: locator('organizationCode_RIVERSIDE', 'list'),
			contactIds: 'entity_C0003',
			subject: 'Your visit',
			messageText: 'Welcome to secure messaging.',
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			type: 'secure',
			title: 'Esther Howard',
			subtitle: 'Your visit',
			postMessageRequestId: expect.stringMatching(/^asyncRequest_/),
		});
		const back = await runOperation(sandbox, 'contact', 'getConversations', { contactId: locator('entity_C0003') });
		expect(back.items.map((i) => i.json.id)).toContain(run.items[0].json.id);
	});

	test('a note for teammates about a contact', async () => {
		const run = await runOperation(sandbox, 'conversation', 'create', {
			type: 'note',
			title: 'Follow-up for Jane',
			memberIds: ['entity_TM002'],
			contactIds: 'entity_C0001',
		});
		expect(run.items[0].json).toMatchObject({ type: 'note', title: 'Follow-up for Jane', associatedContactIds: ['entity_C0001'] });
	});

	test('a secure conversation without contacts is refused before sending', async () => {
		const run = await runOperation(sandbox, 'conversation', 'create', {
			type: 'secure',
			internalEndpointId: locator('organizationCode_RIVERSIDE'),
			contactIds: '={{ "" }}',
		});
		expect(run.error?.message).toMatch(/Contact IDs is empty/);
		expect(sandbox.ledger().requests.total).toBe(0);
	});
});
