import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const upsert = (parameters: INodeParameters, input?: Array<{ json: IDataObject }>) =>
	runOperation(sandbox, 'contact', 'upsert', parameters, input ? { input } : {});
const routes = () => sandbox.ledger().requests.byRoute;
const get = async (id: string) => (await runOperation(sandbox, 'contact', 'get', { contactId: { __rl: true, mode: 'id', value: id } })).items[0].json;

describe('Contact → Create or Update', () => {
	test('no match: creates the contact, created: true', async () => {
		const run = await upsert({ matchBy: 'phoneNumber', givenName: 'Theresa', familyName: 'Webb', phoneNumber: '555 777 1234', emailAddress: 'theresa@example.com' });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toMatchObject({
			displayName: 'Theresa Webb',
			phoneNumbers: [expect.objectContaining({ value: '+15557771234' })],
			emailAddresses: [expect.objectContaining({ value: 'theresa@example.com' })],
			created: true,
		});
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
		expect(routes()).toEqual({ 'POST /contacts/search': 1, 'POST /contacts': 1 });
	});

	test('one match: PATCHes only what is new (an added email; the phone it matched by is kept), created: false', async () => {
		const run = await upsert({ matchBy: 'phoneNumber', phoneNumber: '(555) 201-0001', emailAddress: 'jane.new@example.com', givenName: 'Jane' });
		expect(run.items[0].json).toMatchObject({ id: 'entity_C0001', created: false });
		expect((run.items[0].json.emailAddresses as IDataObject[]).map((e) => e.value)).toEqual(['jane.cooper@example.com', 'jane.new@example.com']);
		expect(routes()).toEqual({ 'POST /contacts/search': 1, 'PATCH /contacts/{id}': 1 });
		const after = await get('entity_C0001');
		expect(after.familyName).toBe('Cooper');
		expect((after.phoneNumbers as IDataObject[]).map((p) => p.value)).toEqual(['+15552010001']);
	});

	test('one match without the EHR link given: the link is added, nothing else changes', async () => {
		const run = await upsert({
			matchBy: 'phoneNumber',
			phoneNumber: '5552010002',
			additionalFields: { integrationLink: { link: { integrationLinkType: 'athena', externalId: 'athena_2' } } },
		});
		expect(run.items[0].json).toMatchObject({ id: 'entity_C0002', created: false, integrationLinks: [{ type: 'athena', externalId: 'athena_2' }] });
		expect(routes()).toEqual({ 'POST /contacts/search': 1, 'POST /contacts/{id}/integrationlinks': 1 });
	});

	test('one match with nothing new: no PATCH at all', async () => {
		const run = await upsert({ matchBy: 'emailAddress', emailAddress: 'robert.fox@example.com', givenName: 'Robert' });
		expect(run.items[0].json).toMatchObject({ id: 'entity_C0002', created: false });
		expect(routes()).toEqual({ 'POST /contacts/search': 1 });
	});

	test('several matches: the item fails and names them; nothing is written', async () => {
		const run = await upsert({ matchBy: 'phoneNumber', phoneNumber: '5552019999', givenName: 'Kim' });
		expect(run.error?.message).toMatch(/2 contacts match, so none was updated: Kim Lee \(entity_C0010\), Sam Lee \(entity_C0011\)/);
		expect(run.error?.context?.itemIndex).toBe(0);
		expect(routes()).toEqual({ 'POST /contacts/search': 1 });
	});

	test('match by EHR ID: a new contact gets the integration link; the next run finds and updates it', async () => {
		const parameters = { matchBy: 'integrationId', integrationId: 'athena_77', integrationLinkType: 'athena', givenName: 'Wade', familyName: 'Warren' };
		const first = await upsert(parameters);
		expect(first.items[0].json).toMatchObject({
			displayName: 'Wade Warren',
			created: true,
			integrationLinks: [{ type: 'athena', externalId: 'athena_77', contactId: first.items[0].json.id }],
		});
		const second = await upsert({ ...parameters, phoneNumber: '5553334444' }, [{ json: {} }]);
		expect(second.items[0].json).toMatchObject({ id: first.items[0].json.id, created: false });
		expect((second.items[0].json.phoneNumbers as IDataObject[])[0].value).toBe('+15553334444');
	});

	test('two items for the same new patient: one is created, the other updates it (run in order)', async () => {
		const run = await upsert({ matchBy: 'phoneNumber', phoneNumber: '={{ $json.phone }}', givenName: '={{ $json.name }}' }, [
			{ json: { phone: '5558880000', name: 'Ann' } },
			{ json: { phone: '(555) 888-0000', name: 'Annie' } },
		]);
		expect(run.items.map((i) => [i.json.created, i.json.givenName])).toEqual([
			[true, 'Ann'],
			[false, 'Annie'],
		]);
		expect(routes()['POST /contacts']).toBe(1);
	});

	test('bad input fails before anything is sent', async () => {
		const cases: Array<[INodeParameters, RegExp]> = [
			[{ matchBy: 'phoneNumber', givenName: 'X' }, /Phone Number is empty, and Match By is Phone Number/],
			[{ matchBy: 'phoneNumber', phoneNumber: '12' }, /Contact → Phone Number: "12" is not a phone number/],
			[{ matchBy: 'emailAddress', emailAddress: 'nope' }, /"nope" is not an email address/],
			[{ matchBy: 'integrationId', integrationId: '={{ "" }}' }, /Integration ID is empty/],
			[{ matchBy: 'phoneNumber', phoneNumber: '5551112222', additionalFields: { dateOfBirth: '12/03/1984' } }, /Date of Birth: "12\/03\/1984" is not a date/],
		];
		for (const [parameters, message] of cases) {
			const run = await upsert(parameters);
			expect(run.error?.message).toMatch(message);
			expect(run.error?.description).toBeTruthy();
		}
		expect(sandbox.ledger().requests.total).toBe(0);
	});
});
