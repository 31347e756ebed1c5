import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Conversation → Update', () => {
	test('unarchive, assign and tag in one update', async () => {
		const run = await runOperation(sandbox, 'conversation', 'update', {
			conversationId: locator('t_0007'),
			updateFields: { archived: false, assignToMemberId: 'entity_TM002', tagIds: 'ctag_FOLLOWUP' },
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			id: 't_0007',
			archived: false,
			assignedToMemberId: 'entity_TM002',
			tags: [{ id: 'ctag_FOLLOWUP', value: 'Follow-up' }],
		});
	});

	test('nothing to update is refused before sending; an unknown member is Spruce\'s 400', async () => {
		const none = await runOperation(sandbox, 'conversation', 'update', { conversationId: locator('t_0001') });
		expect(none.error?.message).toMatch(/Nothing to update/);
		expect(sandbox.ledger().requests.total).toBe(0);
		const bad = await runOperation(sandbox, 'conversation', 'update', {
			conversationId: locator('t_0001'),
			updateFields: { assignToMemberId: 'entity_ORG0001' },
		});
		expect(bad.error?.message).toMatch(/Spruce refused to update the conversation: assignToMemberId is not a teammate or team/);
	});
});
