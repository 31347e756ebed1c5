import type { INodeParameters } from 'n8n-workflow';

import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const reminder = (placeholders: Array<{ name: string; value: string }>): INodeParameters => ({
	bodyMode: 'savedMessage',
	savedMessageId: locator('sm_saved_REMIND', 'list'),
	placeholders: { placeholder: placeholders },
});
const post = (parameters: INodeParameters, input?: Array<{ json: object }>) =>
	runOperation(
		sandbox,
		'message',
		'post',
		{ conversationId: locator('t_0001'), ...parameters },
		input ? { input: input as never } : {},
	);

describe('Message body from a saved message (Post, Send, Scheduled Message)', () => {
	test('Post: the saved text with its placeholders filled by expressions; saved messages read once per run', async () => {
		const run = await post(
			reminder([
				{ name: '[First Name]', value: '={{ $json.first }}' },
				{ name: '[Date]', value: 'Monday' },
			]),
			[{ json: { first: 'Jane' } }, { json: { first: 'Ann' } }],
		);
		expect(run.error).toBeUndefined();
		expect(sandbox.ledger().messages.map((m) => m.body)).toEqual([
			[
				{
					type: 'text',
					value: 'Hi Jane, this is a reminder of your appointment on Monday. Reply C to confirm.',
				},
			],
			[
				{
					type: 'text',
					value: 'Hi Ann, this is a reminder of your appointment on Monday. Reply C to confirm.',
				},
			],
		]);
		expect(sandbox.ledger().requests.byRoute['GET /savedmessages']).toBe(1);
	});

	test('a saved internal note stays internal even with Internal off', async () => {
		await post({ bodyMode: 'savedMessage', savedMessageId: locator('sm_saved_HANDOFF') });
		expect(sandbox.ledger().messages[0]).toMatchObject({
			internal: true,
			body: [{ type: 'text', value: 'Please call the patient back today.' }],
		});
	});

	test('a placeholder not in the text, an empty value or an unknown saved message: nothing is sent', async () => {
		const typo = await post(reminder([{ name: '[FirstName]', value: 'Jane' }]));
		expect(typo.error?.message).toMatch(
			/"\[FirstName\]" is not in the saved message "Appointment reminder"/,
		);
		expect(typo.error?.description).toMatch(/Hi \[First Name\], this is a reminder/);
		const empty = await post(reminder([{ name: '[First Name]', value: '={{ $json.missing }}' }]));
		expect(empty.error?.message).toMatch(/the value for "\[First Name\]" is empty/);
		const unknown = await post({
			bodyMode: 'savedMessage',
			savedMessageId: locator('sm_saved_NOPE'),
		});
		expect(unknown.error?.message).toMatch(/No saved message "sm_saved_NOPE" in this organization/);
		expect(sandbox.ledger().messages).toHaveLength(0);
	});

	test('Send refuses a saved internal note: it would reach the patient', async () => {
		const run = await runOperation(sandbox, 'message', 'send', {
			internalEndpointId: locator('ie_PHONE_MAIN'),
			destinationType: 'smsOrEmail',
			destination: '5552010001',
			bodyMode: 'savedMessage',
			savedMessageId: locator('sm_saved_HANDOFF'),
		});
		expect(run.error?.message).toMatch(/The saved message is an internal note/);
		expect(sandbox.ledger().sent).toHaveLength(0);
	});
});
