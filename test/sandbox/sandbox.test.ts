import { createHash } from 'node:crypto';

import { MultipartError, multipartBoundary, parseMultipart } from './multipart';
import { SEED_CONVERSATIONS } from './seed';
import { ROUTES, startSandbox, type Sandbox } from './server';

type Json = Record<string, any>;

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
	sandbox.configure({ latencyMs: 0, rateLimit: null });
});

function api(path: string, init: RequestInit = {}, sb: Sandbox = sandbox): Promise<Response> {
	const headers = new Headers(init.headers);
	if (!headers.has('authorization')) headers.set('authorization', `Bearer ${sb.token}`);
	return fetch(`${sb.url}${path}`, { ...init, headers });
}

function post(conversationId: string, body: unknown, key?: string, sb: Sandbox = sandbox): Promise<Response> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (key !== undefined) headers['s-idempotency-key'] = key;
	return api(
		`/conversations/${conversationId}/messages`,
		{ method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) },
		sb,
	);
}

const hello = { body: [{ type: 'text', value: 'Hello from the sandbox test' }] };

function upload(data: string | Uint8Array<ArrayBuffer>, fileName = 'note.txt', type = 'text/plain', field = 'media'): Promise<Response> {
	const form = new FormData();
	form.append(field, new Blob([data], { type }), fileName);
	return api('/media', { method: 'POST', body: form });
}

async function expectError(res: Response, status: number, type: string, message?: RegExp | string): Promise<Json> {
	const body = (await res.json()) as Json;
	expect({ status: res.status, type: body.type }).toEqual({ status, type });
	expect(body.statusCode).toBe(status);
	expect(typeof body.message).toBe('string');
	if (message instanceof RegExp) expect(body.message).toMatch(message);
	else if (message !== undefined) expect(body.message).toBe(message);
	return body;
}

describe('auth and envelope', () => {
	test('a missing or wrong token answers 403 FORBIDDEN, not 401', async () => {
		for (const authorization of ['', 'Bearer nope', `Basic ${sandbox.token}`, sandbox.token]) {
			const res = await fetch(`${sandbox.url}/organization`, { headers: authorization ? { authorization } : {} });
			await expectError(res, 403, 'FORBIDDEN', 'The API token is missing, invalid or disabled.');
		}
	});

	test('every response carries a unique s-request-id and application/json', async () => {
		const responses = await Promise.all([
			api('/organization'),
			api('/organization'),
			fetch(`${sandbox.url}/organization`),
			api('/nope'),
			fetch(`${sandbox.origin}/_sandbox/ledger`),
			fetch(`${sandbox.origin}/elsewhere`),
		]);
		const ids = responses.map((r) => r.headers.get('s-request-id'));
		for (const [i, res] of responses.entries()) {
			expect(ids[i]).toMatch(/^[0-9A-F]{26}$/);
			expect(res.headers.get('content-type')).toBe('application/json');
			await res.json();
		}
		expect(new Set(ids).size).toBe(ids.length);
	});

	test('GET /organization answers the organization (wrapped, as in the contract)', async () => {
		const res = await api('/organization');
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({
			organization: { id: 'entity_ORG0001', name: 'Riverside Family Practice', type: 'organization', object: 'organization' },
		});
	});

	test('unknown routes answer 404 NOT_FOUND', async () => {
		await expectError(await api('/nope'), 404, 'NOT_FOUND');
		await expectError(await api('/organization', { method: 'DELETE' }), 404, 'NOT_FOUND');
		await expectError(await fetch(`${sandbox.origin}/v2/organization`), 404, 'NOT_FOUND');
		expect(sandbox.ledger().requests.byRoute[ROUTES.unknown]).toBe(2);
	});
});

describe('organization members', () => {
	test('lists organization, teammates, teams in order, paging with opaque tokens', async () => {
		const seen: Json[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const qs = new URLSearchParams({ pageSize: '2', ...(token ? { paginationToken: token } : {}) });
			const res = await api(`/organization/members?${qs}`);
			expect(res.status).toBe(200);
			const page = (await res.json()) as Json;
			expect(page.totalCount).toBe(7);
			seen.push(...page.members);
			token = page.paginationToken;
			expect(page.hasMore).toBe(token !== undefined);
			pages++;
		} while (token);
		expect(pages).toBe(4);
		expect(seen.map((m) => m.id)).toEqual([
			'entity_ORG0001',
			'entity_TM001',
			'entity_TM002',
			'entity_TM003',
			'entity_TM004',
			'entity_TEAM01',
			'entity_TEAM02',
		]);
		expect(seen[1]).toEqual({
			id: 'entity_TM001',
			displayName: 'Dr. Ada Moss, MD',
			email: expect.any(String),
			isAdmin: true,
			isSuspended: false,
			type: 'teammate',
			object: 'teammate',
		});
		expect(seen[4]).toMatchObject({ displayName: 'Dan Reyes', isSuspended: true });
		expect(seen[6]).toEqual({ id: 'entity_TEAM02', name: 'Billing Team', type: 'team', object: 'team' });
	});

	test('default page holds everything; pageSize outside 2..500 and bad tokens are 400', async () => {
		const all = (await (await api('/organization/members')).json()) as Json;
		expect(all).toMatchObject({ totalCount: 7, hasMore: false });
		expect(all.paginationToken).toBeUndefined();
		for (const pageSize of ['1', '501', 'abc', '2.5', '']) {
			await expectError(await api(`/organization/members?pageSize=${pageSize}`), 400, 'BAD_PARAMETER', /pageSize/);
		}
		await expectError(await api('/organization/members?paginationToken=garbage'), 400, 'BAD_PARAMETER', /pagination/);
	});
});

describe('conversations', () => {
	async function listAll(orderBy: string, pageSize: number, sb: Sandbox = sandbox): Promise<Json[]> {
		const out: Json[] = [];
		let token: string | undefined;
		do {
			const qs = new URLSearchParams({ orderBy, pageSize: String(pageSize), ...(token ? { paginationToken: token } : {}) });
			const res = await api(`/conversations?${qs}`, {}, sb);
			expect(res.status).toBe(200);
			const page = (await res.json()) as Json;
			out.push(...page.conversations);
			token = page.paginationToken;
		} while (token);
		return out;
	}

	test('orderBy=last_message lists t_0001 (newest) … t_0008; orderBy=created the other way', async () => {
		const byLast = await listAll('last_message', 3);
		expect(byLast.map((c) => c.id)).toEqual(['t_0001', 't_0002', 't_0003', 't_0004', 't_0005', 't_0006', 't_0007', 't_0008']);
		const byCreated = await listAll('created', 200);
		expect(byCreated.map((c) => c.id)).toEqual(['t_0008', 't_0007', 't_0006', 't_0005', 't_0004', 't_0003', 't_0002', 't_0001']);
		expect(byLast[0]).toEqual({
			id: 't_0001',
			title: 'Jane Cooper',
			subtitle: '(555) 201-0001',
			type: 'phone',
			archived: false,
			isReadOnly: false,
			tags: [],
			createdAt: expect.any(String),
			lastMessageAt: expect.any(String),
			appURL: 'https://app.sprucehealth.com/org/entity_ORG0001/thread/t_0001',
			apiURL: 'https://api.sprucehealth.com/v1/conversations/t_0001',
			object: 'conversation',
		});
		expect(byLast.find((c) => c.id === 't_0006')).toMatchObject({ type: 'fax', isReadOnly: true });
		expect(byLast.find((c) => c.id === 't_0007')).toMatchObject({ archived: true });
	});

	test('orderBy is required and checked; pageSize 1..200; bad or foreign tokens are 400', async () => {
		await expectError(await api('/conversations'), 400, 'BAD_PARAMETER', /orderBy/);
		await expectError(await api('/conversations?orderBy=title'), 400, 'BAD_PARAMETER', /orderBy/);
		await expectError(await api('/conversations?orderBy=created&pageSize=0'), 400, 'BAD_PARAMETER', /pageSize/);
		await expectError(await api('/conversations?orderBy=created&pageSize=201'), 400, 'BAD_PARAMETER', /pageSize/);
		const first = (await (await api('/conversations?orderBy=created&pageSize=1')).json()) as Json;
		expect(first).toMatchObject({ totalCount: 8, hasMore: true });
		const token = first.paginationToken as string;
		await expectError(await api(`/conversations?orderBy=last_message&paginationToken=${token}`), 400, 'BAD_PARAMETER');
		await expectError(await api(`/conversations?orderBy=created&paginationToken=${token}x`), 400, 'BAD_PARAMETER');
		const members = (await (await api('/organization/members?pageSize=2')).json()) as Json;
		await expectError(await api(`/conversations?orderBy=created&paginationToken=${members.paginationToken}`), 400, 'BAD_PARAMETER');
		const defaults = (await (await api('/conversations?orderBy=created')).json()) as Json;
		expect(defaults.conversations).toHaveLength(8);
	});

	test('startFrom keeps conversations at or after the time', async () => {
		const res = await api(`/conversations?orderBy=last_message&startFrom=${encodeURIComponent('2025-06-01T10:00:00Z')}&pageSize=2`);
		const page = (await res.json()) as Json;
		expect(page.totalCount).toBe(3);
		expect(page.conversations.map((c: Json) => c.id)).toEqual(['t_0001', 't_0002']);
		const rest = (await (await api(`/conversations?orderBy=last_message&paginationToken=${page.paginationToken}`)).json()) as Json;
		expect(rest.conversations.map((c: Json) => c.id)).toEqual(['t_0003']);
		expect(rest.hasMore).toBe(false);
		await expectError(await api('/conversations?orderBy=created&startFrom=yesterday'), 400, 'BAD_PARAMETER');
	});

	test('GET /conversations/{id} answers the conversation or 404', async () => {
		const res = await api('/conversations/t_0005');
		expect(res.status).toBe(200);
		expect(((await res.json()) as Json).conversation).toMatchObject({ id: 't_0005', type: 'note', title: 'Care notes – Jane Cooper' });
		await expectError(await api('/conversations/t_9999'), 404, 'NOT_FOUND', 'Conversation not found');
	});

	test('a big organization: 50,000 generated conversations and 2,000 teammates, paged quickly', async () => {
		const big = await startSandbox({ extraConversations: 50_000, extraMembers: 2_000 });
		try {
			const started = Date.now();
			const all = await listAll('last_message', 200, big);
			expect(all).toHaveLength(50_008);
			expect(Date.now() - started).toBeLessThan(10_000);
			expect(all.slice(0, 8).map((c) => c.id)).toEqual(SEED_CONVERSATIONS.map((c) => c.id));
			expect(all[8]).toMatchObject({ id: 't_G0000001', title: 'Patient 1', subtitle: expect.stringMatching(/^\(555\) 9\d\d-\d{4}$/) });
			expect(all.filter((c) => c.title.startsWith('Zebra Search Target')).map((c) => c.id)).toEqual([
				't_G0010000',
				't_G0020000',
				't_G0030000',
				't_G0040000',
				't_G0050000',
			]);
			expect(new Set(all.map((c) => c.id)).size).toBe(50_008);
			const one = (await (await api('/conversations/t_G0050000', {}, big)).json()) as Json;
			expect(one.conversation.title).toBe('Zebra Search Target 5');
			const members = (await (await api('/organization/members?pageSize=500', {}, big)).json()) as Json;
			expect(members.totalCount).toBe(2_007);
			expect(members.members[7]).toMatchObject({ id: 'entity_GEN000001', displayName: 'Generated Teammate 1', type: 'teammate' });
			expect((await post('t_G0049999', hello, undefined, big)).status).toBe(200);
		} finally {
			await big.close();
		}
	});
});

describe('POST /conversations/{id}/messages', () => {
	test('a valid message is recorded and answered with an asyncRequest id', async () => {
		const res = await post('t_0001', { ...hello, author: 'entity_TM002', stayArchived: false }, 'key-1');
		expect(res.status).toBe(200);
		const { requestId } = (await res.json()) as Json;
		expect(requestId).toMatch(/^asyncRequest_\w+$/);
		const ledger = sandbox.ledger();
		expect(ledger.messages).toEqual([
			{
				seq: 1,
				conversationId: 't_0001',
				idempotencyKey: 'key-1',
				requestId,
				body: hello.body,
				author: 'entity_TM002',
				stayArchived: false,
				receivedAt: expect.any(String),
			},
		]);
		expect(ledger.countsByKey).toEqual({ 'key-1': 1 });
		expect(ledger.requests).toMatchObject({ total: 1, byRoute: { [ROUTES.messages]: 1 }, status: { '200': 1 } });
	});

	test('internal pages to teammates and teams, posts to team and note conversations', async () => {
		const page = { body: [{ type: 'text', value: 'Please call back' }, { type: 'page', value: 'entity_TEAM01' }], internal: true };
		expect((await post('t_0002', page)).status).toBe(200);
		expect((await post('t_0002', { ...page, body: [{ type: 'page', value: 'entity_TM003' }] })).status).toBe(200);
		expect((await post('t_0004', hello)).status).toBe(200);
		expect((await post('t_0005', { ...hello, internal: true, author: 'entity_ORG0001' })).status).toBe(200);
		expect((await post('t_0007', { ...hello, stayArchived: true })).status).toBe(200);
		expect(sandbox.ledger().messages.map((m) => m.conversationId)).toEqual(['t_0002', 't_0002', 't_0004', 't_0005', 't_0007']);
	});

	test.each([
		['a JSON array', [], /object/],
		['null', null, /object/],
		['an unknown field', { ...hello, priority: 'high' }, /"priority"/],
		['a missing body', { internal: true }, /body/],
		['a non-array body', { body: 'hi' }, /body/],
		['an empty body', { body: [] }, /body/],
		['a non-object element', { body: ['hi'] }, /body\[0\]/],
		['an extra element key', { body: [{ type: 'text', value: 'hi', format: 'md' }] }, /"body\[0\]\.format"/],
		['an unknown element type', { body: [{ type: 'html', value: '<b>hi</b>' }] }, /type/],
		['a numeric value', { body: [{ type: 'text', value: 42 }] }, /value/],
		['a blank text', { body: [{ type: 'text', value: '   ' }] }, /blank/],
		['a page without internal', { body: [{ type: 'page', value: 'entity_TM001' }] }, /internal/],
		['a page with internal false', { body: [{ type: 'page', value: 'entity_TM001' }], internal: false }, /internal/],
		['a page to an unknown member', { body: [{ type: 'page', value: 'entity_NOPE' }], internal: true }, /teammate or team/],
		['a page to the organization', { body: [{ type: 'page', value: 'entity_ORG0001' }], internal: true }, /teammate or team/],
		['a numeric author', { ...hello, author: 7 }, /author/],
		['an unknown author', { ...hello, author: 'entity_NOPE' }, /author/],
		['a null author', { ...hello, author: null }, /author/],
		['a string internal', { ...hello, internal: 'true' }, /internal/],
		['a numeric stayArchived', { ...hello, stayArchived: 1 }, /stayArchived/],
		['non-array attachments', { ...hello, attachments: { attachmentId: 'x', title: 'x' } }, /attachments/],
		['an attachment missing its title', { ...hello, attachments: [{ attachmentId: 'media_X' }] }, /title/],
		['an attachment with an empty id', { ...hello, attachments: [{ attachmentId: '', title: 't' }] }, /attachmentId/],
		['an attachment with an extra key', { ...hello, attachments: [{ attachmentId: 'm', title: 't', url: 'u' }] }, /"attachments\[0\]\.url"/],
		['an unknown attachment id', { ...hello, attachments: [{ attachmentId: 'media_NOPE', title: 't' }] }, 'Invalid attachment ID'],
	])('400 BAD_PARAMETER for %s', async (_name, body, message) => {
		await expectError(await post('t_0001', body, 'k-invalid'), 400, 'BAD_PARAMETER', message);
		expect(sandbox.ledger().messages).toHaveLength(0);
		// an invalid request does not burn its idempotency key
		expect((await post('t_0001', hello, 'k-invalid')).status).toBe(200);
	});

	test('malformed JSON is a 400; an oversized body is a 413', async () => {
		await expectError(await post('t_0001', '{"body": ['), 400, 'BAD_PARAMETER', /JSON/);
		await expectError(await post('t_0001', ''), 400, 'BAD_PARAMETER', /JSON/);
		const huge = { body: [{ type: 'text', value: 'x'.repeat(1024 * 1024 + 10) }] };
		await expectError(await post('t_0001', huge), 413, 'PAYLOAD_TOO_LARGE');
	});

	test('unknown conversation 404, read-only 400 CONVERSATION_READ_ONLY, note needs internal', async () => {
		await expectError(await post('t_9999', hello), 404, 'NOT_FOUND', 'Conversation not found');
		await expectError(await post('t_0006', hello), 400, 'CONVERSATION_READ_ONLY');
		await expectError(await post('t_0005', hello), 400, 'BAD_PARAMETER', /internal/);
		await expectError(await post('t_0005', { ...hello, internal: false }), 400, 'BAD_PARAMETER', /internal/);
		expect(sandbox.ledger().messages).toHaveLength(0);
	});

	test('idempotency: a key seen on the same path is a 422 and is not recorded again', async () => {
		expect((await post('t_0001', hello, 'same')).status).toBe(200);
		await expectError(
			await post('t_0001', hello, 'same'),
			422,
			'DUPLICATE_REQUEST',
			'A request with this idempotency key was already received.',
		);
		// another path, another slot
		expect((await post('t_0002', hello, 'same')).status).toBe(200);
		// no key: never a duplicate
		expect((await post('t_0001', hello)).status).toBe(200);
		expect((await post('t_0001', hello)).status).toBe(200);
		await expectError(await post('t_0001', hello, 'k'.repeat(256)), 400, 'BAD_PARAMETER', /idempotency/);
		expect((await post('t_0001', hello, 'k'.repeat(255))).status).toBe(200);
		const ledger = sandbox.ledger();
		expect(ledger.messages).toHaveLength(5);
		expect(ledger.countsByKey).toEqual({ same: 2, ['k'.repeat(255)]: 1 });
		expect(ledger.requests.status).toEqual({ '200': 5, '422': 1, '400': 1 });
	});

	test('concurrent duplicates: exactly one of them is recorded', async () => {
		sandbox.configure({ latencyMs: 200 });
		const results = await Promise.all(Array.from({ length: 10 }, () => post('t_0003', hello, 'racy')));
		expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(422)]);
		const ledger = sandbox.ledger();
		expect(ledger.countsByKey).toEqual({ racy: 1 });
		expect(ledger.maxInFlightPerConversation).toBe(10);
		expect(ledger.maxInFlight).toBe(10);
	});
});

describe('POST /media', () => {
	test('stores the file, keeps name and type, and its id works as an attachment', async () => {
		const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256);
		const res = await upload(bytes, 'scan – page 1.png', 'image/png');
		expect(res.status).toBe(200);
		const media = (await res.json()) as Json;
		expect(media).toEqual({ id: expect.stringMatching(/^media_\w+$/), object: 'media' });
		expect(sandbox.ledger().media).toEqual([
			{
				id: media.id,
				fileName: 'scan – page 1.png',
				contentType: 'image/png',
				size: 70_000,
				sha256: createHash('sha256').update(bytes).digest('hex'),
				receivedAt: expect.any(String),
			},
		]);
		const withAttachment = { ...hello, attachments: [{ attachmentId: media.id, title: 'Scan' }] };
		expect((await post('t_0001', withAttachment)).status).toBe(200);
		expect(sandbox.ledger().messages[0].attachments).toEqual([{ attachmentId: media.id, title: 'Scan' }]);
		const six = { ...hello, attachments: Array(6).fill({ attachmentId: media.id, title: 'Scan' }) };
		await expectError(await post('t_0001', six), 400, 'BAD_PARAMETER', /at most 5/);
	});

	test('an s-idempotency-key header is accepted and ignored', async () => {
		const form = () => {
			const f = new FormData();
			f.append('media', new Blob(['abc']), 'a.txt');
			return f;
		};
		const headers = { 's-idempotency-key': 'upload-1' };
		expect((await api('/media', { method: 'POST', body: form(), headers })).status).toBe(200);
		expect((await api('/media', { method: 'POST', body: form(), headers })).status).toBe(200);
		expect(sandbox.ledger().media).toHaveLength(2);
	});

	test('400 unless exactly one field named media in a multipart body', async () => {
		await expectError(await upload('abc', 'a.txt', 'text/plain', 'file'), 400, 'BAD_PARAMETER', /"file"/);
		const two = new FormData();
		two.append('media', new Blob(['a']), 'a.txt');
		two.append('media', new Blob(['b']), 'b.txt');
		await expectError(await api('/media', { method: 'POST', body: two }), 400, 'BAD_PARAMETER', /one/);
		const extra = new FormData();
		extra.append('media', new Blob(['a']), 'a.txt');
		extra.append('title', 'hello');
		await expectError(await api('/media', { method: 'POST', body: extra }), 400, 'BAD_PARAMETER', /"title"/);
		await expectError(await upload(new Uint8Array(0)), 400, 'BAD_PARAMETER', /empty/);
		await expectError(
			await api('/media', { method: 'POST', body: '{"media":"abc"}', headers: { 'content-type': 'application/json' } }),
			400,
			'BAD_PARAMETER',
			/multipart/,
		);
		await expectError(
			await api('/media', { method: 'POST', body: 'garbage', headers: { 'content-type': 'multipart/form-data; boundary=xyz' } }),
			400,
			'BAD_PARAMETER',
			/multipart/i,
		);
		expect(sandbox.ledger().media).toHaveLength(0);
	});
});

describe('multipart parser', () => {
	const body = (lines: string[]) => Buffer.from(lines.join('\r\n'));

	test('parses names, quoted and extended filenames, types and binary data', () => {
		const parts = parseMultipart(
			body([
				'preamble',
				'--XyZ',
				'Content-Disposition: form-data; name="media"; filename="a \\"b\\"; c.txt"',
				'Content-Type: text/plain',
				'',
				'line one\r\n--Xy-not-the-boundary',
				'--XyZ',
				"Content-Disposition: form-data; name=other; filename=plain.bin; filename*=UTF-8''%C3%A9t%C3%A9.bin",
				'',
				'',
				'--XyZ--',
				'',
			]),
			'XyZ',
		);
		expect(parts.map((p) => [p.name, p.filename, p.contentType, p.data.toString()])).toEqual([
			['media', 'a "b"; c.txt', 'text/plain', 'line one\r\n--Xy-not-the-boundary'],
			['other', 'été.bin', null, ''],
		]);
	});

	test('finds the boundary of a content type and rejects malformed bodies', () => {
		expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
		expect(multipartBoundary('Multipart/Form-Data;boundary=----x')).toBe('----x');
		expect(multipartBoundary('application/json')).toBeNull();
		expect(multipartBoundary('multipart/form-data')).toBeNull();
		expect(() => parseMultipart(body(['--b', 'Content-Disposition: form-data; name="m"', '', 'data']), 'b')).toThrow(MultipartError);
		expect(() => parseMultipart(body(['--b', 'Content-Type: text/plain', '', 'x', '--b--']), 'b')).toThrow(/Content-Disposition/);
		expect(() => parseMultipart(body(['nothing here']), 'b')).toThrow(MultipartError);
	});
});

describe('fault injection', () => {
	test('fail-before answers 500 without recording: a retry with the same key then lands', async () => {
		sandbox.setFaults({ sequence: ['fail-before'] });
		await expectError(await post('t_0001', hello, 'fb'), 500, 'INTERNAL');
		expect(sandbox.ledger().messages).toHaveLength(0);
		expect((await post('t_0001', hello, 'fb')).status).toBe(200);
		expect(sandbox.ledger()).toMatchObject({ countsByKey: { fb: 1 }, requests: { faulted: 1, status: { '500': 1, '200': 1 } } });
	});

	test('fail-after records, answers 500, and the retry is a 422', async () => {
		sandbox.setFaults({ sequence: ['fail-after'] });
		await expectError(await post('t_0001', hello, 'fa'), 500, 'INTERNAL');
		expect(sandbox.ledger().messages).toHaveLength(1);
		await expectError(await post('t_0001', hello, 'fa'), 422, 'DUPLICATE_REQUEST');
		expect(sandbox.ledger()).toMatchObject({ countsByKey: { fa: 1 }, requests: { faulted: 1 } });
	});

	test('reset-after records, then drops the connection without an answer', async () => {
		sandbox.setFaults({ sequence: ['reset-after'] });
		await expect(post('t_0001', hello, 'ra')).rejects.toThrow();
		const ledger = sandbox.ledger();
		expect(ledger.messages).toHaveLength(1);
		expect(ledger.requests.status).toEqual({ reset: 1 });
		await expectError(await post('t_0001', hello, 'ra'), 422, 'DUPLICATE_REQUEST');
	});

	test('stall-after records, sends nothing, and drops the socket after stallMs', async () => {
		sandbox.setFaults({ sequence: ['stall-after', 'stall-after'], stallMs: 300 });
		const postWith = (conversationId: string, signal: AbortSignal) =>
			api(`/conversations/${conversationId}/messages`, { method: 'POST', body: JSON.stringify(hello), signal });
		// a client timeout fires first …
		await expect(postWith('t_0001', AbortSignal.timeout(100))).rejects.toThrow();
		// … or the sandbox gives up on its own
		const started = Date.now();
		await expect(postWith('t_0002', AbortSignal.timeout(5_000))).rejects.toThrow(/fetch failed/);
		expect(Date.now() - started).toBeGreaterThanOrEqual(250);
		const ledger = sandbox.ledger();
		expect(ledger.messages.map((m) => m.conversationId)).toEqual(['t_0001', 't_0002']);
		expect(ledger.requests).toMatchObject({ faulted: 2, status: { stalled: 2 } });
	});

	test('close() ends stalled connections at once', async () => {
		const own = await startSandbox({ faults: { sequence: ['stall-after'] } });
		const pending = post('t_0001', hello, 'x', own);
		const outcome = pending.then(
			() => 'answered',
			() => 'dropped',
		);
		await waitFor(() => own.ledger().messages.length === 1);
		const started = Date.now();
		await own.close();
		expect(await outcome).toBe('dropped');
		expect(Date.now() - started).toBeLessThan(2_000);
	});

	test('rate-limit faults answer 429 with or without Retry-After', async () => {
		sandbox.setFaults({ sequence: ['rate-limit', 'rate-limit-no-header', 'none', 'rate-limit'], retryAfterSeconds: 3 });
		const first = await post('t_0001', hello);
		expect(first.headers.get('retry-after')).toBe('3');
		await expectError(first, 429, 'RATE_LIMITED');
		const second = await post('t_0001', hello);
		expect(second.headers.has('retry-after')).toBe(false);
		await expectError(second, 429, 'RATE_LIMITED');
		expect((await post('t_0001', hello)).status).toBe(200);
		expect((await post('t_0001', hello)).status).toBe(429);
		expect((await post('t_0001', hello)).status).toBe(200);
		expect(sandbox.ledger()).toMatchObject({ requests: { faulted: 3, rateLimited: 0 } });
		expect(sandbox.ledger().messages).toHaveLength(2);
	});

	test('the default target is messages; media and all target those routes', async () => {
		sandbox.setFaults({ sequence: ['fail-before'] });
		expect((await api('/organization')).status).toBe(200);
		expect((await upload('abc')).status).toBe(200);
		expect((await post('t_0001', hello)).status).toBe(500);

		sandbox.setFaults({ target: 'media', sequence: ['fail-after'] });
		expect((await post('t_0001', hello)).status).toBe(200);
		expect((await upload('abc')).status).toBe(500);
		expect(sandbox.ledger().media).toHaveLength(2); // recorded before the 500

		sandbox.setFaults({ target: 'all', sequence: ['fail-before', 'reset-after'] });
		expect((await api('/organization')).status).toBe(500);
		await expect(api('/conversations?orderBy=created')).rejects.toThrow();
		expect((await api('/organization')).status).toBe(200);
	});

	test('an *-after fault drawn by a failing request is spent without effect', async () => {
		sandbox.setFaults({ sequence: ['fail-after'] });
		await expectError(await post('t_0001', { body: [] }), 400, 'BAD_PARAMETER');
		expect((await post('t_0001', hello)).status).toBe(200);
		expect(sandbox.ledger().requests.faulted).toBe(0);
	});

	test('rate + kinds + seed fault a reproducible share of requests', async () => {
		const run = async (): Promise<number[]> => {
			sandbox.reset();
			sandbox.setFaults({ rate: 0.3, kinds: ['fail-before', 'rate-limit-no-header'], seed: 42 });
			const statuses: number[] = [];
			for (let i = 0; i < 60; i++) statuses.push((await post('t_0001', hello)).status);
			return statuses;
		};
		const a = await run();
		const b = await run();
		expect(a).toEqual(b);
		const faulted = a.filter((s) => s !== 200).length;
		expect(faulted).toBeGreaterThan(5);
		expect(faulted).toBeLessThan(35);
		expect(new Set(a)).toEqual(new Set([200, 500, 429]));
		expect(sandbox.ledger().requests.faulted).toBe(faulted);
	});

	test('invalid fault plans are refused', () => {
		expect(() => sandbox.setFaults({ sequence: ['explode' as never] })).toThrow(/fault kind/);
		expect(() => sandbox.setFaults({ rate: 2, kinds: ['fail-before'] })).toThrow(/rate/);
		expect(() => sandbox.setFaults({ rate: 0.5 })).toThrow(/kinds/);
		expect(() => sandbox.setFaults({ target: 'everything' as never })).toThrow(/target/);
	});
});

describe('rate limiting', () => {
	test('no limit configured: no s-ratelimit headers', async () => {
		const res = await api('/organization');
		expect(res.headers.has('s-ratelimit-limit')).toBe(false);
		expect(res.headers.has('s-ratelimit-remaining')).toBe(false);
	});

	test('a fixed window: truthful headers, then 429 with Retry-After, then a fresh window', async () => {
		sandbox.configure({ rateLimit: { limit: 3, windowMs: 1_000 } });
		const remaining: (string | null)[] = [];
		for (let i = 0; i < 3; i++) {
			const res = await api('/organization');
			expect(res.status).toBe(200);
			expect(res.headers.get('s-ratelimit-limit')).toBe('3');
			remaining.push(res.headers.get('s-ratelimit-remaining'));
		}
		expect(remaining).toEqual(['2', '1', '0']);
		const limited = await post('t_0001', hello, 'rl');
		expect(limited.headers.get('retry-after')).toBe('1');
		expect(limited.headers.get('s-ratelimit-remaining')).toBe('0');
		await expectError(limited, 429, 'RATE_LIMITED');
		// the 429 recorded nothing and did not burn the key
		expect(sandbox.ledger()).toMatchObject({ messages: [], countsByKey: {}, requests: { rateLimited: 1, status: { '429': 1 } } });
		await sleep(1_050);
		const fresh = await post('t_0001', hello, 'rl');
		expect(fresh.status).toBe(200);
		expect(fresh.headers.get('s-ratelimit-remaining')).toBe('2');
	});

	test('403s do not spend the budget; daily headers; retryAfter:false omits Retry-After', async () => {
		sandbox.configure({ rateLimit: { limit: 100, windowMs: 60_000, dailyLimit: 2, retryAfter: false } });
		const denied = await fetch(`${sandbox.url}/organization`);
		expect(denied.status).toBe(403);
		expect(denied.headers.get('s-ratelimit-remaining')).toBe('100');
		const first = await api('/organization');
		expect(first.headers.get('s-ratelimit-daily-limit')).toBe('2');
		expect(first.headers.get('s-ratelimit-daily-remaining')).toBe('1');
		expect(first.headers.get('s-ratelimit-remaining')).toBe('99');
		expect((await api('/organization')).headers.get('s-ratelimit-daily-remaining')).toBe('0');
		const limited = await api('/organization');
		expect(limited.status).toBe(429);
		expect(limited.headers.has('retry-after')).toBe(false);
		expect(limited.headers.get('s-ratelimit-daily-remaining')).toBe('0');
	});

	test('Retry-After covers the whole wait when the daily window is the one that is full', async () => {
		sandbox.configure({ rateLimit: { limit: 10, windowMs: 200, dailyLimit: 1, dailyWindowMs: 10_000 } });
		expect((await api('/organization')).status).toBe(200);
		const limited = await api('/organization');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toMatch(/^(9|10)$/);
	});
});

describe('latency, ledger and control routes', () => {
	test('latency delays answers and concurrent requests overlap', async () => {
		sandbox.configure({ latencyMs: 150 });
		const started = Date.now();
		const results = await Promise.all([
			post('t_0001', hello),
			post('t_0002', hello),
			post('t_0002', hello),
			api('/organization'),
		]);
		expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(Date.now() - started).toBeLessThan(1_500);
		const ledger = sandbox.ledger();
		expect(ledger.maxInFlight).toBe(4);
		expect(ledger.maxInFlightPerConversation).toBe(2);
	});

	test('ledger() is a snapshot and reset() clears it', async () => {
		await post('t_0001', hello, 'snap');
		const snapshot = sandbox.ledger();
		snapshot.messages[0].body[0].value = 'changed';
		expect(sandbox.ledger().messages[0].body[0].value).toBe(hello.body[0].value);
		sandbox.setFaults({ sequence: ['fail-before'] });
		sandbox.reset();
		expect(sandbox.ledger()).toEqual({
			sent: [],
			downloads: [],
			messages: [],
			media: [],
			countsByKey: {},
			requests: { total: 0, byRoute: {}, status: {}, rateLimited: 0, faulted: 0 },
			maxInFlight: 0,
			maxInFlightPerConversation: 0,
			violations: [],
		});
		// faults and idempotency keys are gone too
		expect((await post('t_0001', hello, 'snap')).status).toBe(200);
		expect(sandbox.ledger().messages[0].seq).toBe(1);
	});

	test('control routes drive the sandbox over HTTP', async () => {
		const control = (path: string, body?: unknown) =>
			fetch(`${sandbox.origin}/_sandbox/${path}`, {
				method: body === undefined ? 'GET' : 'POST',
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		expect((await control('faults', { sequence: ['fail-before'] })).status).toBe(200);
		expect((await post('t_0001', hello)).status).toBe(500);
		expect((await control('config', { rateLimit: { limit: 5, windowMs: 1_000 }, latencyMs: 0 })).status).toBe(200);
		expect((await api('/organization')).headers.get('s-ratelimit-remaining')).toBe('4');
		const ledger = (await (await control('ledger')).json()) as Json;
		expect(ledger.requests).toMatchObject({ total: 2, faulted: 1 });
		expect((await control('config')).status).toBe(200);
		expect((await control('faults', null)).status).toBe(200);
		await expectError(await control('faults', { sequence: ['nope'] }), 400, 'BAD_PARAMETER', /fault kind/);
		await expectError(await control('config', { rateLimit: { limit: 0, windowMs: 10 } }), 400, 'BAD_PARAMETER', /limit/);
		expect((await control('reset', {})).status).toBe(200);
		expect(((await (await control('ledger')).json()) as Json).requests.total).toBe(0);
		await expectError(await control('nothing'), 404, 'NOT_FOUND');
	});
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await sleep(10);
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
