import { runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Contact → Create', () => {
	test('every field given reaches Spruce; the integration link is added; the contact is the output', async () => {
		const run = await runOperation(sandbox, 'contact', 'create', {
			givenName: 'Jenny',
			familyName: 'Wilson',
			phoneNumber: '5554443333',
			emailAddress: 'jenny@example.com',
			additionalFields: {
				middleName: 'Ann',
				dateOfBirth: '1990-07-04',
				gender: 'female',
				companyName: 'Acme',
				additionalPhoneNumbers: '555 444 2222, +442071234567',
				additionalEmailAddresses: 'jw@work.example.com',
				tagIds: 'tag_VIP',
				integrationLink: { link: { integrationLinkType: 'elation', externalId: 'elation_42' } },
			},
			options: { idempotencyKey: 'ehr-42-create' },
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			displayName: 'Jenny Wilson',
			middleName: 'Ann',
			dateOfBirth: '1990-07-04',
			gender: 'female',
			companyName: 'Acme',
			tags: [expect.objectContaining({ id: 'tag_VIP' })],
			integrationLinks: [expect.objectContaining({ type: 'elation', externalId: 'elation_42' })],
		});
		const phones = (run.items[0].json.phoneNumbers as Array<{ value: string }>).map((p) => p.value);
		expect(phones).toEqual(['+15554443333', '+15554442222', '+442071234567']);
		expect(sandbox.ledger().countsByKey['ehr-42-create']).toBe(2); // the contact and its link
	});

	test('the same idempotency key again: Spruce refuses the copy, the output says duplicate', async () => {
		const parameters = { givenName: 'Once', options: { idempotencyKey: 'only-once' } };
		await runOperation(sandbox, 'contact', 'create', parameters);
		const again = await runOperation(sandbox, 'contact', 'create', parameters);
		expect(again.error).toBeUndefined();
		expect(again.items[0].json).toEqual({ duplicate: true, idempotencyKey: 'only-once' });
		expect(sandbox.ledger().requests.status).toEqual({ '201': 1, '422': 1 });
	});

	test('a contact with no name, phone or email is refused before sending', async () => {
		const run = await runOperation(sandbox, 'contact', 'create', { additionalFields: { companyName: '' } });
		expect(run.error?.message).toMatch(/no name, phone number or email address/);
		expect(sandbox.ledger().requests.total).toBe(0);
	});
});
