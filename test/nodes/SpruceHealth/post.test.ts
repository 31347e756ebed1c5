import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { locator, runSpruce, startSandbox, textPost, type Sandbox } from '../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const file = (text: string, fileName: string, mimeType: string) => ({
	data: Buffer.from(text).toString('base64'),
	fileName,
	mimeType,
});

function nothingSent() {
	const { requests } = sandbox.ledger();
	expect(requests.byRoute['POST /conversations/{id}/messages'] ?? 0).toBe(0);
	expect(requests.byRoute['POST /media'] ?? 0).toBe(0);
}

describe('Post Message: what is sent', () => {
	test('text body, output item and pairing', async () => {
		const run = await runSpruce(sandbox, textPost('Hi Jane, see you at 10:00.'));
		expect(run.error).toBeUndefined();
		const [message] = sandbox.ledger().messages;
		expect(message).toMatchObject({
			conversationId: 't_0001',
			body: [{ type: 'text', value: 'Hi Jane, see you at 10:00.' }],
		});
		expect(message.author).toBeUndefined();
		expect(message.internal).toBeUndefined();
		expect(run.items).toEqual([
			{
				json: {
					status: 'sent',
					conversationId: 't_0001',
					conversationTitle: null,
					internal: false,
					sentAs: 'organization',
					authorId: null,
					requestId: message.requestId,
					duplicate: false,
					idempotencyKey: message.idempotencyKey,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('one message per input item, each paired, built from expressions', async () => {
		const input: INodeExecutionData[] = ['Jane', 'Robert', 'Esther'].map((name) => ({ json: { name } }));
		const run = await runSpruce(sandbox, textPost('=Hello {{ $json.name }}'), { input });
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(sandbox.ledger().messages.map((m) => m.body[0].value).sort()).toEqual([
			'Hello Esther',
			'Hello Jane',
			'Hello Robert',
		]);
		const keys = run.items.map((i) => i.json.idempotencyKey);
		expect(new Set(keys).size).toBe(3);
	});

	test('conversation by Spruce app URL and from the list', async () => {
		await runSpruce(sandbox, {
			...textPost(),
			conversationId: locator('https://app.sprucehealth.com/org/entity_ORG0001/thread/t_0002', 'url'),
		});
		await runSpruce(sandbox, { ...textPost(), conversationId: locator('t_0003', 'list') });
		expect(sandbox.ledger().messages.map((m) => m.conversationId)).toEqual(['t_0002', 't_0003']);
	});

	test('Send As: a teammate from the list, an id, or the organization when empty', async () => {
		await runSpruce(sandbox, { ...textPost(), author: locator('entity_TM001', 'list') });
		await runSpruce(sandbox, { ...textPost(), author: locator('entity_TEAM02', 'id') });
		await runSpruce(sandbox, { ...textPost(), author: locator('', 'list') });
		expect(sandbox.ledger().messages.map((m) => m.author)).toEqual(['entity_TM001', 'entity_TEAM02', undefined]);
	});

	test('elements: ordered text and page elements in an internal message', async () => {
		const run = await runSpruce(sandbox, {
			conversationId: locator('t_0004'),
			bodyMode: 'elements',
			internal: true,
			bodyElements: {
				element: [
					{ type: 'text', text: 'New intake form from Jane Cooper.' },
					{ type: 'page', memberId: 'entity_TM002' },
					{ type: 'page', memberId: 'entity_TEAM01' },
				],
			},
		});
		expect(run.error).toBeUndefined();
		expect(sandbox.ledger().messages[0]).toMatchObject({
			internal: true,
			body: [
				{ type: 'text', value: 'New intake form from Jane Cooper.' },
				{ type: 'page', value: 'entity_TM002' },
				{ type: 'page', value: 'entity_TEAM01' },
			],
		});
	});

	test('JSON body: a JSON string or an array from an expression', async () => {
		await runSpruce(sandbox, {
			conversationId: locator('t_0004'),
			bodyMode: 'json',
			internal: true,
			bodyJson: '[{"type":"text","value":"Lab results are in"},{"type":"page","value":"entity_TM001"}]',
		});
		await runSpruce(
			sandbox,
			{ conversationId: locator('t_0001'), bodyMode: 'json', bodyJson: '={{ $json.elements }}' },
			{ input: [{ json: { elements: [{ type: 'text', value: 'From an expression' }] } }] },
		);
		const [first, second] = sandbox.ledger().messages;
		expect(first.body).toEqual([
			{ type: 'text', value: 'Lab results are in' },
			{ type: 'page', value: 'entity_TM001' },
		]);
		expect(second.body).toEqual([{ type: 'text', value: 'From an expression' }]);
	});

	test('flags: internal and stay archived', async () => {
		await runSpruce(sandbox, { ...textPost('Note', 't_0007'), internal: true, options: { stayArchived: true } });
		expect(sandbox.ledger().messages[0]).toMatchObject({ internal: true, stayArchived: true });
	});

	test('binary attachment is uploaded with its file name and MIME type, then attached', async () => {
		const run = await runSpruce(
			sandbox,
			{ ...textPost('Your intake form'), attachments: { attachment: [{ source: 'binary', binaryPropertyName: 'data' }] } },
			{ input: [{ json: {}, binary: { data: file('%PDF-1.4 intake', 'intake.pdf', 'application/pdf') } as never }] },
		);
		expect(run.error).toBeUndefined();
		const ledger = sandbox.ledger();
		expect(ledger.media).toHaveLength(1);
		expect(ledger.media[0]).toMatchObject({ fileName: 'intake.pdf', contentType: 'application/pdf', size: 15 });
		expect(ledger.messages[0].attachments).toEqual([{ attachmentId: ledger.media[0].id, title: 'intake.pdf' }]);
	});

	test('attachments: several files, a custom title and an earlier media id', async () => {
		await runSpruce(
			sandbox,
			{
				...textPost('Two files'),
				attachments: {
					attachment: [
						{ source: 'binary', binaryPropertyName: 'scan', title: 'Insurance card' },
						{ source: 'binary', binaryPropertyName: 'data' },
					],
				},
			},
			{
				input: [
					{
						json: {},
						binary: { scan: file('png-bytes', 'card.png', 'image/png'), data: file('hello', 'notes.txt', 'text/plain') } as never,
					},
				],
			},
		);
		const first = sandbox.ledger();
		expect(first.media.map((m) => m.fileName)).toEqual(['card.png', 'notes.txt']);
		expect(first.messages[0].attachments).toEqual([
			{ attachmentId: first.media[0].id, title: 'Insurance card' },
			{ attachmentId: first.media[1].id, title: 'notes.txt' },
		]);

		await runSpruce(sandbox, {
			...textPost('Same card again'),
			attachments: { attachment: [{ source: 'mediaId', mediaId: first.media[0].id }] },
		});
		const second = sandbox.ledger();
		expect(second.media).toHaveLength(2);
		expect(second.messages[1].attachments).toEqual([{ attachmentId: first.media[0].id, title: 'Attachment' }]);
	});

	test('the output confirms: status, title and sender from the list, internal — with no extra request', async () => {
		const picked = (value: string, cachedResultName: string) => ({ __rl: true, mode: 'list', value, cachedResultName });
		const run = await runSpruce(sandbox, {
			...textPost('Lab results are in', 't_0004'),
			conversationId: picked('t_0004', 'Front Desk — Team conversation · team'),
			author: picked('entity_TM001', 'Dr. Ada Moss, MD (teammate)'),
			internal: true,
		});
		expect(run.error).toBeUndefined();
		const json = run.items[0].json;
		expect(json).toMatchObject({
			status: 'sent',
			conversationId: 't_0004',
			conversationTitle: 'Front Desk',
			internal: true,
			sentAs: 'Dr. Ada Moss, MD',
			authorId: 'entity_TM001',
			duplicate: false,
		});
		expect(Object.keys(json)).toEqual([
			'status',
			'conversationId',
			'conversationTitle',
			'internal',
			'sentAs',
			'authorId',
			'requestId',
			'duplicate',
			'idempotencyKey',
		]);
		const { byRoute } = sandbox.ledger().requests;
		expect(byRoute).toEqual({ 'POST /conversations/{id}/messages': 1 });
	});

	test('the output names no title it does not know: an expression or an ID is not matched to a stale list name', async () => {
		const input = [{ json: { c: 't_0002' } }];
		const run = await runSpruce(
			sandbox,
			{
				...textPost(),
				// The list's saved name belongs to an earlier pick; the value is now an expression.
				conversationId: { __rl: true, mode: 'list', value: '={{ $json.c }}', cachedResultName: 'Jane Cooper — (555) 201-0001 · phone' },
				author: locator('entity_TEAM02'),
			},
			{ input },
		);
		expect(run.items[0].json).toMatchObject({
			conversationId: 't_0002',
			conversationTitle: null,
			sentAs: 'entity_TEAM02',
			authorId: 'entity_TEAM02',
			internal: false,
		});
	});
});

describe('Post Message: idempotency', () => {
	test('a given idempotency key is sent; a repeat comes out as duplicate, not an error', async () => {
		const parameters = { ...textPost(), options: { idempotencyKey: 'appointment-4711-reminder' } };
		const first = await runSpruce(sandbox, parameters);
		const second = await runSpruce(sandbox, parameters);
		expect(first.items[0].json).toMatchObject({ idempotencyKey: 'appointment-4711-reminder', duplicate: false });
		expect(second.error).toBeUndefined();
		expect(second.items[0].json).toEqual({
			status: 'alreadySent',
			conversationId: 't_0001',
			conversationTitle: null,
			internal: false,
			sentAs: 'organization',
			authorId: null,
			requestId: null,
			duplicate: true,
			idempotencyKey: 'appointment-4711-reminder',
		});
		expect(sandbox.ledger().countsByKey['appointment-4711-reminder']).toBe(1);
	});
});

describe('Post Message: bad input fails the item before anything is sent', () => {
	const cases: Array<[string, INodeParameters, RegExp]> = [
		// Values from expressions: a literal empty required field is already refused by n8n itself.
		['empty conversation', { ...textPost(), conversationId: locator('={{ $json.none ?? "" }}', 'id') }, /No conversation was chosen/],
		[
			'a URL that is not a Spruce thread URL',
			{ ...textPost(), conversationId: locator('={{ "https://evil.example.com/org/x/thread/t_0001" }}', 'url') },
			/is not a Spruce conversation URL/,
		],
		['a conversation id with a path in it', { ...textPost(), conversationId: locator('t_1/../../organization') }, /is not a Spruce conversation id/],
		['a conversation id with a query', { ...textPost(), conversationId: locator('t_1?x=1#y') }, /is not a Spruce conversation id/],
		['a dot-dot conversation id', { ...textPost(), conversationId: locator('..') }, /not a valid Spruce id/],
		['empty text', textPost('={{ $json.missing ?? "" }}'), /The message text is empty/],
		['whitespace-only text', textPost('  \n\t '), /The message text is empty/],
		['no body elements', { conversationId: locator('t_0001'), bodyMode: 'elements', bodyElements: {} }, /no body elements/],
		[
			'a blank text element',
			{ conversationId: locator('t_0001'), bodyMode: 'elements', bodyElements: { element: [{ type: 'text', text: '   ' }] } },
			/element 1 has no text/,
		],
		[
			'a page element without a member',
			{ conversationId: locator('t_0004'), bodyMode: 'elements', internal: true, bodyElements: { element: [{ type: 'page', memberId: '' }] } },
			/element 1 is a page without a member/,
		],
		[
			'page elements with internal off',
			{ conversationId: locator('t_0004'), bodyMode: 'elements', bodyElements: { element: [{ type: 'page', memberId: 'entity_TM001' }] } },
			/Page elements need "Team Only \(Internal Note\)" on/,
		],
		['bodyJson that is not JSON', { conversationId: locator('t_0001'), bodyMode: 'json', bodyJson: '[{"type":' }, /not valid JSON/],
		['bodyJson that is not an array', { conversationId: locator('t_0001'), bodyMode: 'json', bodyJson: '{"type":"text","value":"x"}' }, /not a non-empty array/],
		['bodyJson left at its default (no sample text is ever sent)', { conversationId: locator('t_0001'), bodyMode: 'json' }, /not a non-empty array/],
		['an empty bodyJson array', { conversationId: locator('t_0001'), bodyMode: 'json', bodyJson: '[]' }, /not a non-empty array/],
		['bodyJson with a wrong type', { conversationId: locator('t_0001'), bodyMode: 'json', bodyJson: '[{"type":"image","value":"x"}]' }, /must be "text" or "page"/],
		['bodyJson with a non-string value', { conversationId: locator('t_0001'), bodyMode: 'json', bodyJson: '[{"type":"text","value":5}]' }, /no text "value"/],
		['bodyJson with extra fields', { conversationId: locator('t_0001'), bodyMode: 'json', bodyJson: '[{"type":"text","value":"x","bold":true}]' }, /unknown fields: bold/],
		['bodyJson with blank text', { conversationId: locator('t_0001'), bodyMode: 'json', bodyJson: '[{"type":"text","value":" "}]' }, /blank text/],
		[
			'more than 5 attachments',
			{ ...textPost(), attachments: { attachment: Array.from({ length: 6 }, () => ({ source: 'mediaId', mediaId: 'media_x' })) } },
			/6 attachments; Spruce accepts at most 5/,
		],
		[
			'a missing binary property',
			{ ...textPost(), attachments: { attachment: [{ source: 'binary', binaryPropertyName: 'scan' }] } },
			/no binary file in the field "scan"/,
		],
		['an empty media id', { ...textPost(), attachments: { attachment: [{ source: 'mediaId', mediaId: ' ' }] } }, /empty Media ID/],
		['an idempotency key over 255 characters', { ...textPost(), options: { idempotencyKey: 'k'.repeat(256) } }, /256 characters long; Spruce accepts at most 255/],
	];

	test.each(cases)('%s', async (_name, parameters, message) => {
		const run = await runSpruce(sandbox, parameters);
		expect(run.error).toBeDefined();
		expect(run.error!.name).toBe('NodeOperationError');
		expect(run.error!.message).toMatch(message);
		expect(run.error!.description).toBeTruthy();
		expect(run.error!.context?.itemIndex).toBe(0);
		nothingSent();
	});

	test('a required field left empty in the editor: n8n refuses to run the node, nothing is sent', async () => {
		const run = await runSpruce(sandbox, textPost(''));
		expect(run.error?.name).toBe('WorkflowHasIssuesError');
		nothingSent();
	});

	test('one bad item stops the whole batch before anything is sent (without Continue On Fail)', async () => {
		const input = [{ json: { t: 'ok' } }, { json: { t: '' } }, { json: { t: 'ok too' } }];
		const run = await runSpruce(sandbox, textPost('={{ $json.t }}'), { input });
		expect(run.error?.message).toMatch(/The message text is empty/);
		expect(run.error?.context?.itemIndex).toBe(1);
		nothingSent();
	});
});

describe('Post Message: API errors', () => {
	test('403: the token was rejected — and the token is nowhere in the error', async () => {
		const run = await runSpruce(sandbox, textPost(), {
			credentials: { authMethod: 'apiToken', apiToken: 'wrong-token-7f3a9', baseUrl: sandbox.url },
		});
		expect(run.error?.name).toBe('NodeApiError');
		expect(run.error?.message).toMatch(/Spruce rejected the API token \(403/);
		expect(run.error?.httpCode).toBe('403');
		expect(run.error?.description).toMatch(/^Open the Spruce Health API credential/);
		// Spruce's own answer is in the details, not in what the user reads first.
		expect(run.error?.context?.data).toMatchObject({ statusCode: 403, type: 'FORBIDDEN', requestId: expect.stringMatching(/^[0-9A-Za-z_-]+$/) });
		expect(run.error?.description).not.toMatch(/FORBIDDEN|HTTP 403/);
		expect(JSON.stringify(run.error)).not.toContain('wrong-token-7f3a9');
		expect(run.error?.context?.itemIndex).toBe(0);
	});

	test('404: the conversation was not found', async () => {
		const run = await runSpruce(sandbox, textPost('Hi', 't_9999'));
		expect(run.error?.message).toMatch(/Not found in Spruce: no conversation "t_9999"/);
		expect(run.error?.httpCode).toBe('404');
		expect(run.error?.context?.data).toMatchObject({ statusCode: 404, type: 'NOT_FOUND' });
	});

	test('read-only conversation: a fix-it hint; Spruce\'s status, type and request id in the details', async () => {
		const run = await runSpruce(sandbox, textPost('Hi', 't_0006'));
		expect(run.error?.name).toBe('NodeApiError');
		expect(run.error?.message).toBe('Could not post the message: this conversation is read-only (Spruce takes no new messages in it)');
		expect(run.error?.description).toMatch(/^Pick another conversation in the Conversation field/);
		expect(run.error?.description).not.toMatch(/CONVERSATION_READ_ONLY|HTTP 400|request/i);
		expect(run.error?.httpCode).toBe('400');
		expect(run.error?.context?.data).toEqual({
			statusCode: 400,
			type: 'CONVERSATION_READ_ONLY',
			message: 'This conversation is read-only; messages cannot be posted to it.',
			requestId: expect.stringMatching(/^[0-9A-Z]+$/),
			attempts: 1,
		});
		expect(sandbox.ledger().messages).toHaveLength(0);
	});

	test('Note conversation without Team Only: the hint says to turn it on', async () => {
		const run = await runSpruce(sandbox, textPost('Call back re: labs', 't_0005'));
		expect(run.error?.message).toBe('Could not post the message: this is a Note conversation, which takes team-only messages');
		expect(run.error?.description).toMatch(/^Turn on "Team Only \(Internal Note\)"/);
		expect(run.error?.context?.data).toMatchObject({ statusCode: 400, type: 'BAD_PARAMETER' });
		const internal = await runSpruce(sandbox, textPost('Call back re: labs', 't_0005', { internal: true }));
		expect(internal.error).toBeUndefined();
		expect(sandbox.ledger().messages).toHaveLength(1);
	});

	test.each([
		['an unknown Send As member', { ...textPost(), author: locator('entity_GONE01') }, /Send As/, /^Pick Send As again/],
		[
			'an unknown member to page',
			{
				conversationId: locator('t_0004'),
				bodyMode: 'elements',
				internal: true,
				bodyElements: { element: [{ type: 'page', memberId: 'entity_GONE01' }] },
			},
			/the teammate or team to page/,
			/^In the Page element, pick the teammate or team again/,
		],
		[
			'an unknown media ID',
			{ ...textPost(), attachments: { attachment: [{ source: 'mediaId', mediaId: 'media_UNKNOWN' }] } },
			/an attachment's media ID/,
			/^Check the Media ID under Attachments/,
		],
	])('%s: a fix-it hint', async (_name, parameters, message, hint) => {
		const run = await runSpruce(sandbox, parameters);
		expect(run.error?.message).toMatch(message);
		expect(run.error?.description).toMatch(hint);
		expect(run.error?.context?.data).toMatchObject({ statusCode: 400, type: 'BAD_PARAMETER' });
		expect(sandbox.ledger().messages).toHaveLength(0);
	});

	test('a file larger than Spruce takes: a fix-it hint', async () => {
		const big = Buffer.alloc(25 * 1024 * 1024 + 1, 1);
		const run = await runSpruce(
			sandbox,
			{ ...textPost(), attachments: { attachment: [{ source: 'binary', binaryPropertyName: 'data' }] } },
			{ input: [{ json: {}, binary: { data: { data: big.toString('base64'), fileName: 'scan.tiff', mimeType: 'image/tiff' } } }] },
		);
		expect(run.error?.message).toBe('Could not upload the file "scan.tiff": it is too large for Spruce');
		expect(run.error?.description).toMatch(/^Attach a smaller file/);
		expect(run.error?.context?.data).toMatchObject({ statusCode: 413, type: 'PAYLOAD_TOO_LARGE' });
		expect(sandbox.ledger().messages).toHaveLength(0);
	});

	test('Continue On Fail: a failed item becomes a paired error item and the others are posted', async () => {
		const input = [{ json: { c: 't_0001' } }, { json: { c: 't_0006' } }, { json: { c: '' } }, { json: { c: 't_0002' } }];
		const run = await runSpruce(
			sandbox,
			{ conversationId: locator('={{ $json.c }}'), bodyMode: 'text', text: 'Reminder' },
			{ input, node: { onError: 'continueRegularOutput' } },
		);
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(run.items[0].json.duplicate).toBe(false);
		expect(run.items[1].json).toMatchObject({
			error: expect.stringMatching(/this conversation is read-only/),
			description: expect.stringMatching(/^Pick another conversation/),
			httpCode: '400',
			details: { statusCode: 400, type: 'CONVERSATION_READ_ONLY', requestId: expect.any(String) },
		});
		expect(run.items[2].json).toMatchObject({ error: 'No conversation was chosen' });
		expect(run.items[3].json.conversationId).toBe('t_0002');
		expect(sandbox.ledger().messages.map((m) => m.conversationId)).toEqual(['t_0001', 't_0002']);
	});
});
