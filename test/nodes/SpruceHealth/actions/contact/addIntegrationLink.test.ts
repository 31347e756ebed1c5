import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Contact → Add Integration Link', () => {
	test('links the contact to its EHR record; the output lists its links', async () => {
		const run = await runOperation(sandbox, 'contact', 'addIntegrationLink', {
			contactId: locator('entity_C0002'),
			integrationLinkType: 'custom',
			externalId: 'ehr-2002',
			url: 'https://ehr.example.com/patients/2002',
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toEqual({
			contactId: 'entity_C0002',
			integrationLinks: [{ contactId: 'entity_C0002', type: 'custom', externalId: 'ehr-2002', url: 'https://ehr.example.com/patients/2002' }],
		});
	});

	test('an empty External ID is refused before sending', async () => {
		const run = await runOperation(sandbox, 'contact', 'addIntegrationLink', { contactId: locator('entity_C0002'), externalId: '={{ " " }}' });
		expect(run.error?.message).toMatch(/External ID is empty/);
		expect(sandbox.ledger().requests.total).toBe(0);
	});
});
