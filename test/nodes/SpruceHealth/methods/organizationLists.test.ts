import { listSearch, loadOptions, startSandbox, type Sandbox } from '../../../support';
import { registerEndpoint } from '../actions/webhookEndpoint/setup';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());

describe('Pickers of the organization’s lists', () => {
	test('teams, phone lines, saved messages (internal notes marked), webhook endpoints; the filter narrows', async () => {
		expect((await listSearch(sandbox, 'searchTeams')).results).toEqual([
			{ name: 'Front Desk', value: 'entity_TEAM01' },
			{ name: 'Billing Team', value: 'entity_TEAM02' },
		]);
		expect((await listSearch(sandbox, 'searchTeams', 'bill')).results.map((r) => r.value)).toEqual([
			'entity_TEAM02',
		]);
		expect((await listSearch(sandbox, 'searchPhoneLines', 'nurse')).results).toEqual([
			{ name: 'Nurse Line', value: 'pl_NURSE' },
		]);
		expect((await listSearch(sandbox, 'searchSavedMessages')).results.map((r) => r.name)).toEqual([
			'Appointment reminder',
			'Results ready',
			'Hand-off note (internal note)',
		]);
		const id = await registerEndpoint(sandbox);
		expect((await listSearch(sandbox, 'searchWebhookEndpoints')).results).toEqual([
			{ name: 'EHR sync — https://ehr.example.com/spruce', value: id },
		]);
	});

	test('scheduled messages: soonest first, with time and the start of the text', async () => {
		expect((await listSearch(sandbox, 'searchScheduledMessages')).results).toEqual([
			{
				name: '2099-01-01 10:00 UTC — Reminder: your appointment is tomorrow a…',
				value: 'sm_0001',
			},
			{ name: '2099-01-02 10:00 UTC — Your lab results are ready.', value: 'sm_0002' },
		]);
		expect(
			(await listSearch(sandbox, 'searchScheduledMessages', 'LAB')).results.map((r) => r.value),
		).toEqual(['sm_0002']);
	});

	test('tag and field pickers list names by ID, sorted', async () => {
		expect(await loadOptions(sandbox, 'getContactTags')).toEqual([
			{ name: 'Diabetes program', value: 'tag_DIAB' },
			{ name: 'VIP', value: 'tag_VIP' },
		]);
		expect((await loadOptions(sandbox, 'getConversationTags')).map((o) => o.name)).toEqual([
			'Billing',
			'Follow-up',
			'Urgent',
		]);
		expect((await loadOptions(sandbox, 'getContactFields')).map((o) => o.value)).toEqual([
			'cf_INSURER',
			'cf_PHARMACY',
		]);
	});
});
