import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Contact → Update', () => {
	test('only the fields given change; phones given replace the list', async () => {
		const run = await runOperation(sandbox, 'contact', 'update', {
			contactId: locator('entity_C0002'),
			updateFields: { familyName: 'Fox-Smith', phoneNumber: '5559990000' },
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			id: 'entity_C0002',
			givenName: 'Robert',
			familyName: 'Fox-Smith',
			emailAddresses: [expect.objectContaining({ value: 'robert.fox@example.com' })],
			phoneNumbers: [expect.objectContaining({ value: '+15559990000' })],
		});
	});

	test('nothing to update, or a bad value: refused before sending', async () => {
		const none = await runOperation(sandbox, 'contact', 'update', { contactId: locator('entity_C0002'), updateFields: {} });
		expect(none.error?.message).toMatch(/Nothing to update/);
		const bad = await runOperation(sandbox, 'contact', 'update', {
			contactId: locator('entity_C0002'),
			updateFields: { emailAddress: 'robert at example' },
		});
		expect(bad.error?.message).toMatch(/Update Fields → Email Address: "robert at example" is not an email address/);
		expect(sandbox.ledger().requests.total).toBe(0);
	});
});
