import type { INodeParameters } from 'n8n-workflow';

import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const tomorrow = () => new Date(Date.now() + 24 * 3_600_000).toISOString();
const schedule = (parameters: INodeParameters, options: Parameters<typeof runOperation>[4] = {}) =>
	runOperation(
		sandbox,
		'scheduledMessage',
		'create',
		{
			conversationId: locator('t_0001'),
			sendAt: tomorrow(),
			bodyMode: 'text',
			text: 'See you tomorrow',
			...parameters,
		},
		options,
	);
const listed = async () =>
	(
		await runOperation(sandbox, 'scheduledMessage', 'getAll', {
			scope: 'conversation',
			conversationId: locator('t_0001'),
		})
	).items.map((i) => i.json);

describe('Scheduled Message → Create', () => {
	test('schedules the text for Send At, as the organization unless Send As is set', async () => {
		const sendAt = tomorrow();
		const run = await schedule({ sendAt, author: locator('entity_TM002') });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			conversationId: 't_0001',
			scheduledToSendAt: sendAt,
			sendAsInternalMemberId: 'entity_TM002',
			message: { text: 'See you tomorrow' },
			duplicate: false,
		});
		expect(await listed()).toHaveLength(2);
	});

	test('Send At in the past, empty or not a date: refused before anything is sent', async () => {
		const past = await schedule({ sendAt: '2020-01-01T00:00:00Z' });
		expect(past.error?.message).toMatch(
			/Send At \(2020-01-01T00:00:00.000Z\) is not in the future/,
		);
		const empty = await schedule({ sendAt: '={{ "" }}' });
		expect(empty.error?.message).toMatch(/Send At is empty/);
		const bad = await schedule({ sendAt: '={{ "next tuesday" }}' });
		expect(bad.error?.message).toMatch(/"next tuesday" is not a date and time/);
		expect(sandbox.ledger().requests.total).toBe(0);
	});

	test('pages need Internal; internal messages with pages are scheduled as internal', async () => {
		const elements = {
			bodyMode: 'elements',
			bodyElements: {
				element: [
					{ type: 'text', text: 'Call back' },
					{ type: 'page', memberId: 'entity_TM001' },
				],
			},
		};
		const refused = await schedule(elements);
		expect(refused.error?.message).toMatch(/Page elements need "Internal" on/);
		const run = await schedule({ ...elements, internal: true });
		expect(run.items[0].json).toMatchObject({
			isInternalNote: true,
			message: { pagedInternalMemberIds: ['entity_TM001'] },
		});
	});

	test('the same idempotency key twice: the second is refused by Spruce and says duplicate', async () => {
		const first = await schedule({ options: { idempotencyKey: 'appt-42-reminder' } });
		const second = await schedule({ options: { idempotencyKey: 'appt-42-reminder' } });
		expect(first.items[0].json.duplicate).toBe(false);
		expect(second.items[0].json).toMatchObject({
			duplicate: true,
			idempotencyKey: 'appt-42-reminder',
			conversationId: 't_0001',
		});
		expect(await listed()).toHaveLength(2);
	});

	test('an answer lost after Spruce scheduled it: the retry is refused, nothing is scheduled twice', async () => {
		sandbox.setFaults({ target: 'all', sequence: ['fail-after'] });
		const run = await schedule({});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ duplicate: true, conversationId: 't_0001' });
		expect(await listed()).toHaveLength(2);
	});

	test('a saved message is the body, its placeholders filled per item', async () => {
		const run = await schedule(
			{
				bodyMode: 'savedMessage',
				savedMessageId: locator('sm_saved_REMIND', 'list'),
				placeholders: {
					placeholder: [
						{ name: '[First Name]', value: '={{ $json.first }}' },
						{ name: '[Date]', value: '={{ $json.date }}' },
					],
				},
			},
			{
				input: [
					{ json: { first: 'Jane', date: 'June 3' } },
					{ json: { first: 'Robert', date: 'June 4' } },
				],
			},
		);
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => (i.json.message as { text: string }).text)).toEqual([
			'Hi Jane, this is a reminder of your appointment on June 3. Reply C to confirm.',
			'Hi Robert, this is a reminder of your appointment on June 4. Reply C to confirm.',
		]);
		expect(sandbox.ledger().requests.byRoute['GET /savedmessages']).toBe(1);
	});

	test('an unknown conversation is a 404 naming it', async () => {
		const run = await schedule({ conversationId: locator('t_NOPE') });
		expect(run.error?.message).toMatch(/Not found in Spruce: no conversation "t_NOPE"/);
	});
});
