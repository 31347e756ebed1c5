/**
 * Issue 8: a hostile server, a bad network or a careless value. Each test runs the node through
 * n8n's engine (or the credential test like n8n's editor runs it) against the sandbox.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INodeParameters } from 'n8n-workflow';

import { credentialTest, runSpruce, startSandbox, textPost, type Sandbox } from '../../support';

const TOKEN = 'sandbox-secret-token-8c2f';
let sandbox: Sandbox;
beforeEach(async () => (sandbox = await startSandbox({ token: TOKEN })));
afterEach(async () => await sandbox.close());

const fast = (extra: INodeParameters = {}, parameters: INodeParameters = {}): INodeParameters => ({
	...textPost(),
	...parameters,
	options: { timeout: 500, ...extra },
});
const posts = () => sandbox.ledger().requests.byRoute['POST /conversations/{id}/messages'] ?? 0;
const onError = { onError: 'continueRegularOutput' as const };

/** A loopback server answering every request with one fixed answer; records what it received. */
async function fixedServer(status: number, headers: Record<string, string>, body: string) {
	const seen: http.IncomingHttpHeaders[] = [];
	const server = http.createServer((req, res) => {
		seen.push(req.headers);
		req.resume();
		res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
		res.end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
	return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('1. the credential test never follows a redirect', () => {
	test('a Base URL that redirects elsewhere: no request there, no token there, no "successful"', async () => {
		const elsewhere = await fixedServer(200, { 'content-type': 'application/json' }, '{"organization":{"id":"entity_X"}}');
		try {
			sandbox.setFaults({ target: 'all', sequence: ['redirect'], redirectTo: `${elsewhere.url}/organization` });
			const result = await credentialTest({ authMethod: 'apiToken', apiToken: TOKEN, baseUrl: sandbox.url });
			expect(elsewhere.seen).toEqual([]);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/redirect/);
			expect(result.message).toMatch(/Check the Base URL/);
		} finally {
			await elsewhere.close();
		}
	});
});

describe('2. the token goes only to the Base URL (see also test/credentials)', () => {
	test('a node run still sends it to the Base URL', async () => {
		const run = await runSpruce(sandbox, fast());
		expect(run.error).toBeUndefined();
		expect(sandbox.ledger().messages).toHaveLength(1);
	});
});

describe("3. only Spruce's duplicate answer is a duplicate", () => {
	test('a 422 that is a validation error is an error quoting Spruce, not "already posted"', async () => {
		sandbox.setFaults({ sequence: ['reject-422'] });
		const run = await runSpruce(sandbox, fast(), { node: onError });
		expect(run.items[0].json.duplicate).toBeUndefined();
		expect(run.items[0].json.error).toMatch(/Spruce refused to post the message: Injected fault: the message cannot be posted/);
		expect(run.items[0].json.httpCode).toBe('422');
		expect(posts()).toBe(1);
	});

	test("Spruce's own duplicate answer still reads as posted once", async () => {
		sandbox.setFaults({ sequence: ['fail-after'] });
		const run = await runSpruce(sandbox, fast());
		expect(run.items[0].json).toMatchObject({ duplicate: true, requestId: null });
	});
});

describe("4. a 2xx that is not Spruce's answer is not a success", () => {
	test.each(['html-200', 'empty-200'] as const)('%s alone: an error that shows the answer', async (fault) => {
		sandbox.setFaults({ sequence: [fault] });
		const run = await runSpruce(sandbox, fast({ maxAttempts: 1 }), { node: onError });
		expect(run.items[0].json.requestId).toBeUndefined();
		expect(run.items[0].json.error).toMatch(/Spruce's answer was not understood/);
		expect(run.items[0].json.error).toMatch(fault === 'html-200' ? /<!DOCTYPE html><html>/ : /\(\{\}\)/);
	});

	test.each(['html-200', 'empty-200'] as const)('%s is retried with the same key and the message lands once', async (fault) => {
		sandbox.setFaults({ sequence: [fault] });
		const run = await runSpruce(sandbox, fast());
		expect(run.items[0].json).toMatchObject({ duplicate: false, requestId: expect.stringMatching(/^asyncRequest_/) });
		expect(posts()).toBe(2);
		expect(sandbox.ledger().messages).toHaveLength(1);
	});
});

describe('5. an answer cut off midway is a dropped connection', () => {
	test('retried with the same key: the retry reads as the duplicate of the recorded post', async () => {
		sandbox.setFaults({ sequence: ['cut-after'] });
		const run = await runSpruce(sandbox, fast());
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ duplicate: true });
		expect(posts()).toBe(2);
		expect(sandbox.ledger().countsByKey[String(run.items[0].json.idempotencyKey)]).toBe(1);
	});

	test('without retries the error says the answer was cut off', async () => {
		sandbox.setFaults({ sequence: ['cut-after'] });
		const run = await runSpruce(sandbox, fast({ retry: false }), { node: onError });
		expect(run.items[0].json.error).toMatch(/Could not reach Spruce to post the message \((the answer was cut off|the connection was dropped)\)/);
	});
});

describe('6. one absurd Retry-After does not lock the organization', () => {
	test('the item fails at once with the wait Spruce asked for', async () => {
		sandbox.setFaults({ sequence: ['rate-limit'], retryAfterSeconds: 999_999_999 });
		const started = Date.now();
		const run = await runSpruce(sandbox, fast(), { node: onError });
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(run.items[0].json.error).toMatch(/rate limit/);
		expect(run.items[0].json.description).toMatch(/Spruce asked to wait about 16666667 minutes/);
		// (That the hold ends after five minutes is checked on the pacer: pacing.test.ts.)
	});
});

describe('7. the token never reaches stored error data, in any form', () => {
	test.each([
		['API token', { authMethod: 'apiToken', apiToken: TOKEN }, TOKEN],
		['access key pair', { authMethod: 'accessKeyPair', accessId: 'AKID7', secretKey: 'pair-secret-7f3a' }, 'pair-secret-7f3a'],
	])('%s echoed in type, message and s-request-id', async (_name, data, secret) => {
		const token = data.authMethod === 'apiToken' ? TOKEN : Buffer.from('AKID7:pair-secret-7f3a').toString('base64');
		const echo = await startSandbox({ token });
		try {
			echo.setFaults({ sequence: ['echo-token'] });
			const run = await runSpruce(echo, fast(), { credentials: { ...data, baseUrl: echo.url } });
			expect(run.error?.httpCode).toBe('400');
			const stored = JSON.stringify(run.error) + String(run.error?.stack) + String(run.error?.description);
			expect(stored).toContain('***');
			for (const form of [secret, token, Buffer.from(token).toString('base64')]) expect(stored).not.toContain(form);
			const errorResponse = (run.error as unknown as { errorResponse?: Record<string, unknown> }).errorResponse;
			expect(JSON.stringify(errorResponse)).not.toContain(token);
		} finally {
			await echo.close();
		}
	});
});

describe('8. Timeout is a deadline per attempt, and a request has an overall deadline', () => {
	test('a body drip-fed one byte every 200 ms is stopped at the timeout and retried', async () => {
		sandbox.setFaults({ sequence: ['drip-after'], dripMs: 200 });
		const started = Date.now();
		const run = await runSpruce(sandbox, fast());
		expect(Date.now() - started).toBeLessThan(4_000);
		expect(run.items[0].json).toMatchObject({ duplicate: true });
		expect(posts()).toBe(2);
	});

	test('a drip-fed 500 with 3 attempts ends within attempts × timeout plus backoff', async () => {
		sandbox.setFaults({ sequence: ['drip-500', 'drip-500', 'drip-500'], dripMs: 200 });
		const started = Date.now();
		const run = await runSpruce(sandbox, fast({ maxAttempts: 3 }), { node: onError });
		// 3 × 500 ms + backoff (at most 0.5 s + 1 s), with room for a loaded machine.
		expect(Date.now() - started).toBeLessThan(6_000);
		expect(run.items[0].json.error).toMatch(/after 3 attempts \(no answer in time\)/);
		expect(posts()).toBe(3);
	});
});

describe('9. the credential test passes only for Spruce', () => {
	test.each([
		[401, 'text/html', '<html><body>Unauthorized</body></html>', /web page \(HTML\)/],
		[418, 'text/plain', "I'm a teapot", /not with Spruce's organization/],
		[404, 'text/html', '<!DOCTYPE html><html><body>Not Found</body></html>', /web page \(HTML\)/],
		[200, 'text/html', '<!DOCTYPE html><html><body>Wi-Fi login</body></html>', /web page \(HTML\)/],
		[502, 'text/html', '<html><body>502 Bad Gateway</body></html>', /web page \(HTML\)/],
		[200, 'application/json', '{}', /not with Spruce's organization/],
		[200, 'application/json', '{"organization":{}}', /not with Spruce's organization/],
		[200, 'application/json', '', /empty answer/],
	])('%i %s %j', async (status, contentType, body, message) => {
		const server = await fixedServer(status, { 'content-type': contentType }, body);
		try {
			const result = await credentialTest({ authMethod: 'apiToken', apiToken: TOKEN, baseUrl: server.url });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(message);
			expect(result.message).toMatch(/Check the Base URL/);
		} finally {
			await server.close();
		}
	});

	test("Spruce's organization: OK", async () => {
		expect((await credentialTest({ authMethod: 'apiToken', apiToken: TOKEN, baseUrl: sandbox.url })).status).toBe('OK');
	});
});

describe('10. the idempotency key is checked before anything is sent', () => {
	test.each([['line\r\nbreak'], ['nul\u0000'], ['emoji-😀'], ['inner space'], ['tab\there'], ['é-accent']])(
		'%j is refused',
		async (key) => {
			const run = await runSpruce(sandbox, fast({ idempotencyKey: key }));
			expect(run.error?.name).toBe('NodeOperationError');
			expect(run.error?.message).toBe('The Duplicate Protection Key may only contain visible ASCII characters');
			expect(sandbox.ledger().requests.total).toBe(0);
		},
	);

	test('a visible-ASCII key is sent as given', async () => {
		const run = await runSpruce(sandbox, fast({ idempotencyKey: 'appt-42/reminder#1' }));
		expect(run.items[0].json.idempotencyKey).toBe('appt-42/reminder#1');
	});
});

describe('11. invisible text is blank, in every way of composing a message', () => {
	const invisible = ['\u200b\u200b', '\u2800', '\u00ad', ' \u3164\u115f\ufeff\u180e ', '\u200d\u2060'];

	test.each(invisible)('Text %j', async (text) => {
		const run = await runSpruce(sandbox, fast({}, { text }));
		expect(run.error?.message).toBe('The message text is empty');
		expect(sandbox.ledger().requests.total).toBe(0);
	});

	test.each(invisible)('a text element %j', async (text) => {
		const run = await runSpruce(sandbox, fast({}, { bodyMode: 'elements', bodyElements: { element: [{ type: 'text', text }] } }));
		expect(run.error?.message).toBe('Body Elements → element 1 has no text');
		expect(sandbox.ledger().requests.total).toBe(0);
	});

	test.each(invisible)('a Body (JSON) element %j', async (text) => {
		const run = await runSpruce(sandbox, fast({}, { bodyMode: 'json', bodyJson: JSON.stringify([{ type: 'text', value: text }]) }));
		expect(run.error?.message).toBe('Body (JSON) element 1 has blank text');
		expect(sandbox.ledger().requests.total).toBe(0);
	});

	test('visible text with invisible characters in it is sent unchanged', async () => {
		const run = await runSpruce(sandbox, fast({}, { text: 'See you\u00a0tomorrow\u200b!' }));
		expect(run.error).toBeUndefined();
		expect(sandbox.ledger().messages[0].body[0].value).toBe('See you\u00a0tomorrow\u200b!');
	});
});

describe('12. the Base URL is never echoed into errors', () => {
	test.each(['sk_live_pasted_token_9d1e', 'http://sk_live_pasted_token_9d1e.example/v1', 'https://x.example:99999/sk_live_pasted_token_9d1e'])(
		'%j',
		async (baseUrl) => {
			const run = await runSpruce(sandbox, fast(), { credentials: { authMethod: 'apiToken', apiToken: TOKEN, baseUrl } });
			expect(run.error?.name).toBe('NodeOperationError');
			expect(run.error?.message).toMatch(/Base URL/);
			const shown = JSON.stringify(run.error) + String(run.error?.description);
			expect(shown).not.toContain('sk_live_pasted_token_9d1e');
			expect(sandbox.ledger().requests.total).toBe(0);
		},
	);
});

describe('wording', () => {
	test('the daily-limit stop does not claim Spruce sent a 429 it did not send', async () => {
		sandbox.configure({ rateLimit: { limit: 1000, windowMs: 60_000, dailyLimit: 1, dailyWindowMs: 86_400_000, retryAfter: false } });
		const run = await runSpruce(sandbox, fast(), { input: [{ json: {} }, { json: {} }], node: onError });
		expect(run.items[1].json.error).toMatch(/daily request limit for this organization is used up/);
		expect(JSON.stringify(run.items[1].json)).not.toMatch(/HTTP 429|"statusCode":429/);
		expect(run.items[1].json.details).toMatchObject({ statusCode: null, notSent: expect.stringMatching(/daily requests left/) });
		expect(run.items[1].json.httpCode).toBeUndefined();
		expect(sandbox.ledger().requests.total).toBe(1);
	});
});
