import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Contact → Remove Integration Link', () => {
	test('removes the link; removing it again is a 404 naming it', async () => {
		const parameters = { contactId: locator('entity_C0001'), integrationLinkType: 'elation', externalId: 'elation_1001' };
		const run = await runOperation(sandbox, 'contact', 'removeIntegrationLink', parameters);
		expect(run.items[0].json).toEqual({ contactId: 'entity_C0001', type: 'elation', externalId: 'elation_1001', removed: true });
		const again = await runOperation(sandbox, 'contact', 'removeIntegrationLink', parameters);
		expect(again.error?.message).toMatch(/no elation link "elation_1001" on contact "entity_C0001"/);
	});
});
