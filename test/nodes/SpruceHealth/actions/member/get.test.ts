import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());

describe('Member → Get', () => {
	test('a teammate or a team by ID', async () => {
		const teammate = await runOperation(sandbox, 'member', 'get', {
			memberId: locator('entity_TM002'),
		});
		expect(teammate.items[0].json).toMatchObject({
			id: 'entity_TM002',
			displayName: 'Ben Ortiz, RN',
			type: 'teammate',
		});
		const team = await runOperation(sandbox, 'member', 'get', {
			memberId: locator('entity_TEAM01', 'list'),
		});
		expect(team.items[0].json).toMatchObject({
			id: 'entity_TEAM01',
			name: 'Front Desk',
			type: 'team',
		});
	});

	test('an unknown member is a 404 naming it', async () => {
		const run = await runOperation(sandbox, 'member', 'get', { memberId: locator('entity_NOPE') });
		expect(run.error?.message).toMatch(/Not found in Spruce: no member "entity_NOPE"/);
	});
});
