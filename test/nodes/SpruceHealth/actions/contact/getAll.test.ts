import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox({ extraContacts: 1_200 })));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const getAll = (parameters: INodeParameters, input?: Array<{ json: IDataObject }>) =>
	runOperation(sandbox, 'contact', 'getAll', parameters, input ? { input } : {});
const routes = () => sandbox.ledger().requests.byRoute;

describe('Contact → Get Many', () => {
	test('no filter lists contacts: the default limit of 50 reads one page of 50', async () => {
		const run = await getAll({});
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(50);
		expect(run.items[0].json).toMatchObject({ id: 'entity_C0001', displayName: 'Jane Cooper' });
		expect(run.items.every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(routes()).toEqual({ 'GET /contacts': 1 });
	});

	test('Return All pages through everything, 500 at a time', async () => {
		const run = await getAll({ returnAll: true });
		expect(run.items).toHaveLength(1_207);
		expect(new Set(run.items.map((i) => i.json.id)).size).toBe(1_207);
		expect(routes()).toEqual({ 'GET /contacts': 3 });
	});

	test('a limit over one page stops there: the last page asks only for what is missing', async () => {
		const run = await getAll({ limit: 620 });
		expect(run.items).toHaveLength(620);
		expect(routes()).toEqual({ 'GET /contacts': 2 });
	});

	test('a phone filter searches with the number in E.164 (US numbers without +1 accepted)', async () => {
		for (const phone of ['(555) 201-0001', '5552010001', '+1 555 201 0001']) {
			const run = await getAll({ filters: { phoneNumber: phone } });
			expect(run.items.map((i) => i.json.id)).toEqual(['entity_C0001']);
		}
		expect(routes()).toEqual({ 'POST /contacts/search': 3 });
	});

	test('email, integration ID, tag and free text filters; each filter narrows', async () => {
		const ids = async (filters: INodeParameters) => (await getAll({ filters })).items.map((i) => i.json.id);
		expect(await ids({ emailAddress: 'robert.fox@example.com' })).toEqual(['entity_C0002']);
		expect(await ids({ integrationId: 'elation_1001', integrationLinkType: 'elation' })).toEqual(['entity_C0001']);
		expect(await ids({ integrationId: 'elation_1001', integrationLinkType: 'athena' })).toEqual([]);
		expect(await ids({ tagId: 'tag_DIAB' })).toEqual(['entity_C0001', 'entity_C0002']);
		expect(await ids({ tagId: 'tag_DIAB', phoneNumber: '555-201-0002' })).toEqual(['entity_C0002']);
		expect(await ids({ freeText: 'howard' })).toEqual(['entity_C0003']);
	});

	test('each input item gets its own search, results paired with it', async () => {
		const run = await getAll({ filters: { phoneNumber: '={{ $json.phone }}' } }, [
			{ json: { phone: '5552010001' } },
			{ json: { phone: '5552019999' } },
		]);
		expect(run.items.map((i) => [i.json.id, i.pairedItem])).toEqual([
			['entity_C0001', { item: 0 }],
			['entity_C0010', { item: 1 }],
			['entity_C0011', { item: 1 }],
		]);
	});

	test('a bad phone number or limit fails the item before anything is sent', async () => {
		const bad = await getAll({ filters: { phoneNumber: '={{ "call me" }}' } });
		expect(bad.error?.message).toMatch(/Filters → Phone Number: "call me" is not a phone number/);
		const zero = await getAll({ limit: '={{ 0 }}' });
		expect(zero.error?.message).toMatch(/Limit must be a whole number of at least 1/);
		expect(sandbox.ledger().requests.total).toBe(0);
	});
});
