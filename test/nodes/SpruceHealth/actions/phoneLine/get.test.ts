import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());

describe('Phone Line → Get', () => {
	test('by ID or from the list; an unknown one is a 404 naming it', async () => {
		const run = await runOperation(sandbox, 'phoneLine', 'get', {
			phoneLineId: locator('pl_NURSE', 'list'),
		});
		expect(run.items[0].json).toEqual({
			id: 'pl_NURSE',
			name: 'Nurse Line',
			createdAt: '2024-02-01T09:00:00.000Z',
		});
		const missing = await runOperation(sandbox, 'phoneLine', 'get', {
			phoneLineId: locator('pl_NOPE'),
		});
		expect(missing.error?.message).toMatch(/no phone line "pl_NOPE"/);
	});
});
