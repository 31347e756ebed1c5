import type { INodeParameters } from 'n8n-workflow';

import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const send = (parameters: INodeParameters, options: Parameters<typeof runOperation>[4] = {}) =>
	runOperation(sandbox, 'message', 'send', { bodyMode: 'text', text: 'Reminder: your visit is tomorrow at 10:00.', ...parameters }, options);

describe('Message → Send', () => {
	test('SMS from the main line to a US number without +1: it lands in the existing conversation', async () => {
		const run = await send({ internalEndpointId: locator('ie_PHONE_MAIN', 'list'), destinationType: 'smsOrEmail', destination: '555-201-0001' });
		expect(run.error).toBeUndefined();
		const [sent] = sandbox.ledger().sent;
		expect(sent).toMatchObject({
			internalEndpointId: 'ie_PHONE_MAIN',
			destination: { smsOrEmailEndpoint: '+15552010001' },
			message: { body: [{ type: 'text', value: 'Reminder: your visit is tomorrow at 10:00.' }] },
			conversationId: 't_0001',
		});
		expect(run.items).toEqual([
			{
				json: {
					requestId: sent.requestId,
					internalEndpointId: 'ie_PHONE_MAIN',
					smsOrEmailEndpoint: '+15552010001',
					idempotencyKey: sent.idempotencyKey,
					duplicate: false,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('email, fax and secure destinations; a scheduled send carries sendAt', async () => {
		await send({ internalEndpointId: locator('ie_EMAIL'), destination: 'new.patient@example.com' });
		await send({ internalEndpointId: locator('ie_FAX'), destinationType: 'fax', destination: '(555) 300-0006' });
		await send({
			internalEndpointId: locator('organizationCode_RIVERSIDE'),
			destinationType: 'secure',
			contactId: locator('entity_C0002', 'list'),
			deliveryMethod: 'new_conversation',
			subject: 'Lab results',
			options: { sendAt: '2030-01-15T09:30:00.000Z' },
		});
		expect(sandbox.ledger().sent.map((s) => [s.destination, s.sendAt])).toEqual([
			[{ smsOrEmailEndpoint: 'new.patient@example.com' }, undefined],
			[{ faxEndpoint: '+15553000006' }, undefined],
			[{ secureEndpoint: { contactId: 'entity_C0002', deliveryMethod: 'new_conversation', subject: 'Lab results' } }, '2030-01-15T09:30:00.000Z'],
		]);
	});

	test('body elements and JSON work as in Post; a retry with the same key is a duplicate', async () => {
		const parameters = {
			internalEndpointId: locator('ie_PHONE_MAIN'),
			destination: '5552010007',
			bodyMode: 'json',
			bodyJson: '[{"type":"text","value":"Part one"},{"type":"text","value":"Part two"}]',
			options: { idempotencyKey: 'visit-9-reminder' },
		};
		await send(parameters);
		const again = await send(parameters);
		expect(again.items[0].json).toMatchObject({ requestId: null, duplicate: true });
		expect(sandbox.ledger().sent).toHaveLength(1);
		expect(sandbox.ledger().sent[0].message.body).toHaveLength(2);
	});

	test("Spruce's refusal (an SMS from a fax line) is an API error with its message", async () => {
		const run = await send({ internalEndpointId: locator('ie_FAX'), destination: '5552010001' });
		expect(run.error?.message).toMatch(/Spruce refused to send the message: .*fax endpoint; it cannot send SMS or email/);
	});

	test('bad input fails before anything is sent', async () => {
		const cases: Array<[INodeParameters, RegExp]> = [
			[{ internalEndpointId: locator('ie_PHONE_MAIN'), destination: '={{ "" }}' }, /Phone Number or Email is empty/],
			[{ internalEndpointId: locator('ie_PHONE_MAIN'), destination: '555-12' }, /"555-12" is not a phone number or email address/],
			[{ internalEndpointId: locator('ie_PHONE_MAIN'), destination: 'jane@' }, /"jane@" is not a phone number or email address/],
			[{ internalEndpointId: locator('ie_FAX'), destinationType: 'fax', destination: 'fax me' }, /"fax me" is not a fax number/],
			[{ internalEndpointId: locator('={{ "" }}'), destination: '5552010001' }, /No internal endpoint was chosen/],
			[{ internalEndpointId: locator('organizationCode_RIVERSIDE'), destinationType: 'secure', contactId: locator('={{ "" }}') }, /No contact was chosen/],
			[{ internalEndpointId: locator('ie_PHONE_MAIN'), destination: '5552010001', text: ' ' }, /The message text is empty/],
			[
				{ internalEndpointId: locator('ie_PHONE_MAIN'), destination: '5552010001', bodyMode: 'json', bodyJson: '[{"type":"page","value":"entity_TM001"}]' },
				/Page elements cannot be sent to a patient/,
			],
			[{ internalEndpointId: locator('ie_PHONE_MAIN'), destination: '5552010001', options: { sendAt: 'next tuesday' } }, /Send At: "next tuesday" is not a date/],
		];
		for (const [parameters, message] of cases) {
			const run = await send(parameters);
			expect(run.error?.message).toMatch(message);
			expect(run.error?.context?.itemIndex).toBe(0);
		}
		expect(sandbox.ledger().requests.total).toBe(0);
	});
});
