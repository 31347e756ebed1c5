import type { INodeParameters } from 'n8n-workflow';

import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const members = (parameters: INodeParameters) =>
	runOperation(sandbox, 'member', 'getTeamMembers', parameters);

describe('Member → Get Team Members', () => {
	test("the team's teammates; a limit asks Spruce for no more than it needs", async () => {
		const all = await members({ teamId: locator('entity_TEAM01', 'list'), returnAll: true });
		expect(all.items.map((i) => i.json.id)).toEqual([
			'entity_TM002',
			'entity_TM003',
			'entity_TM004',
		]);
		const two = await members({ teamId: locator('entity_TEAM01'), limit: 2 });
		expect(two.items.map((i) => i.json.id)).toEqual(['entity_TM002', 'entity_TM003']);
		expect(sandbox.ledger().requests.byRoute['GET /teams/{id}/members']).toBe(2);
	});

	test('a teammate is not a team: a 404 naming it', async () => {
		const run = await members({ teamId: locator('entity_TM001') });
		expect(run.error?.message).toMatch(/no team "entity_TM001"/);
	});
});
