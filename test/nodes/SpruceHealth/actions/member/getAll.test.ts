import type { INodeParameters } from 'n8n-workflow';

import { runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox({ extraMembers: 1_100 })));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const getAll = (parameters: INodeParameters) =>
	runOperation(sandbox, 'member', 'getAll', parameters);
const ids = async (parameters: INodeParameters) =>
	(await getAll(parameters)).items.map((i) => i.json.id);
const pages = () => sandbox.ledger().requests.byRoute['GET /organization/members'];

describe('Member → Get Many', () => {
	test('default: the first 50 active members, from one page', async () => {
		const run = await getAll({});
		expect(run.items).toHaveLength(50);
		expect(run.items.some((i) => i.json.id === 'entity_TM004')).toBe(false);
		expect(pages()).toBe(1);
	});

	test('Return All with Include Suspended reads every page: all 1,107 members', async () => {
		const run = await getAll({ returnAll: true, filters: { includeSuspended: true } });
		expect(run.items).toHaveLength(1_107);
		expect(pages()).toBe(3);
	});

	test('a limit of 1 still asks for 2, the smallest page Spruce allows here', async () => {
		expect(await ids({ limit: 1, filters: { includeSuspended: true } })).toEqual(['entity_ORG0001']);
	});

	test('type filters: teams only, teammates with the suspended one', async () => {
		expect(await ids({ returnAll: true, filters: { type: ['team'] } })).toEqual([
			'entity_TEAM01',
			'entity_TEAM02',
		]);
		const teammates = await ids({
			limit: 4,
			filters: { type: ['teammate'], includeSuspended: true },
		});
		expect(teammates).toEqual(['entity_TM001', 'entity_TM002', 'entity_TM003', 'entity_TM004']);
		expect(await ids({ filters: { type: ['organization'] } })).toEqual(['entity_ORG0001']);
	});
});
