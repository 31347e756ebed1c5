import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const invite = (contact: string, inviteVia: string) =>
	runOperation(sandbox, 'contact', 'invite', {
		contactId: locator(contact),
		internalEndpointId: locator('organizationCode_RIVERSIDE', 'list'),
		inviteVia,
		customMessage: 'Join us on Spruce for secure messages.',
	});

describe('Contact → Invite to Spruce', () => {
	test("sends the invite to the contact's first phone number", async () => {
		const run = await invite('entity_C0002', 'phone');
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ contact: { id: 'entity_C0002', hasPendingInvite: true }, conversation: { id: 't_0002' } });
	});

	test('a contact without an email cannot be invited by email: the item says so', async () => {
		const run = await invite('entity_C0007', 'email');
		expect(run.error?.message).toMatch(/The contact has no email address to send the invite to/);
		expect(sandbox.ledger().requests.byRoute['POST /contacts/{id}/invite']).toBeUndefined();
	});
});
