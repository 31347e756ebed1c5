import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Contact → Get', () => {
	test('by ID, by Spruce app URL and from the list', async () => {
		const ids = [];
		for (const contactId of [
			locator('entity_C0002'),
			locator('https://app.sprucehealth.com/org/entity_ORG0001/contact/entity_C0003', 'url'),
			locator('entity_C0001', 'list'),
		]) {
			const run = await runOperation(sandbox, 'contact', 'get', { contactId });
			expect(run.error).toBeUndefined();
			ids.push(run.items[0].json.id);
		}
		expect(ids).toEqual(['entity_C0002', 'entity_C0003', 'entity_C0001']);
	});

	test('an unknown contact is a 404 naming it; a URL of another kind is refused before sending', async () => {
		const missing = await runOperation(sandbox, 'contact', 'get', { contactId: locator('entity_NOPE') });
		expect(missing.error?.message).toMatch(/Not found in Spruce: no contact "entity_NOPE"/);
		const wrong = await runOperation(sandbox, 'contact', 'get', {
			contactId: locator('={{ "https://app.sprucehealth.com/org/o/thread/t_1" }}', 'url'),
		});
		expect(wrong.error?.message).toMatch(/is not a Spruce contact URL/);
		expect(sandbox.ledger().requests.byRoute).toEqual({ 'GET /contacts/{id}': 1 });
	});
});
