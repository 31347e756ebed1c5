import { locator, runOperation, startSandbox, type Sandbox } from '../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Tags chosen in pickers', () => {
	test('Conversation → Update takes the tag picker’s list, or IDs with commas from an expression', async () => {
		const created = await runOperation(sandbox, 'conversationTag', 'create', { value: 'Refill' });
		const refill = String(created.items[0].json.id);
		const picked = await runOperation(sandbox, 'conversation', 'update', {
			conversationId: locator('t_0001'),
			updateFields: { tagIds: ['ctag_URGENT', refill] },
		});
		expect(picked.items[0].json.tags).toEqual([
			{ id: 'ctag_URGENT', value: 'Urgent' },
			{ id: refill, value: 'Refill' },
		]);
		const typed = await runOperation(sandbox, 'conversation', 'update', {
			conversationId: locator('t_0001'),
			updateFields: { tagIds: '={{ "ctag_BILLING, ctag_FOLLOWUP" }}' },
		});
		expect((typed.items[0].json.tags as Array<{ id: string }>).map((t) => t.id)).toEqual([
			'ctag_BILLING',
			'ctag_FOLLOWUP',
		]);
	});

	test('Contact → Create takes the contact tag picker’s list, a tag just created included', async () => {
		const created = await runOperation(sandbox, 'contactTag', 'create', { value: 'Flu shot 2026' });
		const flu = String(created.items[0].json.id);
		const run = await runOperation(sandbox, 'contact', 'create', {
			givenName: 'Ann',
			familyName: 'Lee',
			phoneNumber: '5552017777',
			additionalFields: { tagIds: ['tag_VIP', flu] },
		});
		expect(run.error).toBeUndefined();
		expect(
			(run.items[0].json.tags as Array<{ id: string; value: string }>).map((t) => t.value),
		).toEqual(['VIP', 'Flu shot 2026']);
	});
});
