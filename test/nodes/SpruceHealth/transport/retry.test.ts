import type { INodeParameters } from 'n8n-workflow';

import { locator, runSpruce, startSandbox, textPost, type Sandbox } from '../../../support';

const TOKEN = 'sandbox-secret-token-5b1e';
// A fresh sandbox per test: late requests from one test's stalls cannot land in the next one's
// ledger, and each gets its own rate-limit state (the node paces per organization).
let sandbox: Sandbox;
beforeEach(async () => (sandbox = await startSandbox({ token: TOKEN })));
afterEach(async () => await sandbox.close());

/** Fast retries for tests: a short timeout so stalls cost little. */
const fast = (extra: INodeParameters = {}): INodeParameters => ({
	...textPost(),
	options: { timeout: 400, ...extra },
});

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { i } }));

function expectExactlyOnce(keys: unknown[]) {
	const { countsByKey, messages } = sandbox.ledger();
	for (const key of keys) expect(countsByKey[String(key)]).toBe(1);
	expect(messages).toHaveLength(keys.length);
}

describe('each fault on its own is retried, and the message lands exactly once', () => {
	test.each([
		['fail-before', false],
		['fail-after', true],
		['reset-after', true],
		['stall-after', true],
		['rate-limit', false],
		['rate-limit-no-header', false],
	] as const)('%s', async (fault, landedBeforeRetry) => {
		sandbox.setFaults({ sequence: [fault], retryAfterSeconds: 1, stallMs: 5_000 });
		const run = await runSpruce(sandbox, fast());
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(1);
		// When the first attempt was recorded, the retry's 422 proves it: duplicate, not an error.
		expect(run.items[0].json).toMatchObject({ duplicate: landedBeforeRetry });
		if (landedBeforeRetry) expect(run.items[0].json.requestId).toBeNull();
		expectExactlyOnce([run.items[0].json.idempotencyKey]);
		expect(sandbox.ledger().requests.byRoute['POST /conversations/{id}/messages']).toBe(2);
	});

	test('Retry-After is honoured', async () => {
		sandbox.setFaults({ sequence: ['rate-limit'], retryAfterSeconds: 1 });
		const started = Date.now();
		const run = await runSpruce(sandbox, fast());
		expect(run.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	test('a failed upload is retried too', async () => {
		sandbox.setFaults({ target: 'media', sequence: ['fail-before'] });
		const run = await runSpruce(
			sandbox,
			{ ...fast(), attachments: { attachment: [{ source: 'binary', binaryPropertyName: 'data' }] } },
			{ input: [{ json: {}, binary: { data: { data: Buffer.from('x').toString('base64'), fileName: 'a.txt', mimeType: 'text/plain' } } as never }] },
		);
		expect(run.error).toBeUndefined();
		expect(sandbox.ledger().media).toHaveLength(1);
		expect(sandbox.ledger().messages[0].attachments).toHaveLength(1);
	});
});

describe('mixed faults', () => {
	test('60 items across conversations with a third of requests faulted: each posted once', async () => {
		sandbox.setFaults({
			rate: 0.35,
			kinds: ['fail-before', 'fail-after', 'reset-after', 'stall-after', 'rate-limit-no-header'],
			seed: 7,
			stallMs: 5_000,
		});
		const conversations = ['t_0001', 't_0002', 't_0003', 't_0008'];
		const input = items(60).map(({ json }) => ({ json: { ...json, c: conversations[json.i % 4] } }));
		const run = await runSpruce(
			sandbox,
			{ ...fast({ maxAttempts: 10 }), conversationId: locator('={{ $json.c }}'), text: '=Reminder {{ $json.i }}' },
			{ input },
		);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(60);
		expect(run.items.every((item, i) => (item.pairedItem as { item: number }).item === i)).toBe(true);
		expectExactlyOnce(run.items.map((item) => item.json.idempotencyKey));
		expect(sandbox.ledger().requests.faulted).toBeGreaterThan(10);
		// Per conversation, messages arrive in input order even with retries.
		const ledger = sandbox.ledger();
		for (const c of conversations) {
			const texts = ledger.messages.filter((m) => m.conversationId === c).map((m) => Number(m.body[0].value.split(' ')[1]));
			expect(texts).toEqual([...texts].sort((a, b) => a - b));
		}
	});
});

describe('what is not retried, and giving up', () => {
	test('a 4xx other than 429 is not retried', async () => {
		const refused = await runSpruce(sandbox, { ...fast(), conversationId: locator('t_0006') });
		expect(refused.error?.httpCode).toBe('400');
		expect(sandbox.ledger().requests.byRoute['POST /conversations/{id}/messages']).toBe(1);
	});

	test('retries off: the first 500 fails the item', async () => {
		sandbox.setFaults({ sequence: ['fail-before'] });
		const run = await runSpruce(sandbox, fast({ retry: false }));
		expect(run.error?.message).toMatch(/Spruce had a server error \(500\) and could not post the message$/);
		expect(sandbox.ledger().requests.byRoute['POST /conversations/{id}/messages']).toBe(1);
	});

	test('after max attempts the error says how many were made', async () => {
		sandbox.setFaults({ sequence: ['fail-before', 'fail-before', 'fail-before'] });
		const run = await runSpruce(sandbox, fast({ maxAttempts: 3 }));
		expect(run.error?.name).toBe('NodeApiError');
		expect(run.error?.message).toBe('Spruce had a server error (500) and could not post the message after 3 attempts');
		expect(run.error?.description).toMatch(/will not be sent twice/);
		expect(sandbox.ledger().messages).toHaveLength(0);
	});

	test('a stalled connection times out instead of hanging the workflow', async () => {
		sandbox.setFaults({ sequence: ['fail-before', 'fail-before'] });
		sandbox.configure({ latencyMs: 2_000 });
		const started = Date.now();
		const run = await runSpruce(sandbox, fast({ maxAttempts: 2, timeout: 300 }));
		expect(Date.now() - started).toBeLessThan(1_900);
		expect(run.error?.message).toBe('Could not reach Spruce to post the message after 2 attempts (no answer in time)');
		expect(run.error?.context?.data).toMatchObject({ statusCode: null, networkError: 'ETIMEDOUT', attempts: 2 });
	});
});

describe('cancelling the execution', () => {
	const posts = () => sandbox.ledger().requests.byRoute['POST /conversations/{id}/messages'] ?? 0;

	test('stops the retry backoff at once: no wait to its end, no further attempt', async () => {
		sandbox.setFaults({ sequence: Array(10).fill('fail-before') });
		const stop = new AbortController();
		const running = runSpruce(sandbox, fast({ maxAttempts: 10 }), { cancelSignal: stop.signal });
		// The 4th attempt's 500 starts a backoff of 2–4 s (then 4–8 s, …).
		while (posts() < 4) await new Promise((resolve) => setTimeout(resolve, 5));
		const cancelledAt = Date.now();
		stop.abort();
		const run = await running;
		expect(Date.now() - cancelledAt).toBeLessThan(1_000);
		expect(run.error?.message).toMatch(/cancel/i);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(posts()).toBe(4);
		expect(sandbox.ledger().messages).toHaveLength(0);
	});
});

describe("n8n's node-level Retry On Fail", () => {
	test('an item that fails midway: on the retry, earlier items are not posted again', async () => {
		// Item 2's first post is recorded, then answered with 500; transport retries are off so
		// the node fails and n8n re-runs it with the same execution id.
		sandbox.setFaults({ sequence: ['none', 'fail-after'] });
		const run = await runSpruce(sandbox, { ...fast({ retry: false }), text: '=Reminder {{ $json.i }}' }, {
			input: items(3),
			node: { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 },
		});
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.json.duplicate)).toEqual([true, true, false]);
		expect(sandbox.ledger().messages.map((m) => m.body[0].value)).toEqual(['Reminder 0', 'Reminder 1', 'Reminder 2']);
		expectExactlyOnce(run.items.map((i) => i.json.idempotencyKey));
	});
});

describe('pacing from the rate-limit headers', () => {
	test('a rate-limited run finishes with no item failed and no 429 surfaced', async () => {
		sandbox.configure({ rateLimit: { limit: 10, windowMs: 400 } });
		const run = await runSpruce(sandbox, { ...fast(), text: '=Reminder {{ $json.i }}', conversationId: locator('={{ "t_000" + ($json.i % 4 + 1) }}') }, { input: items(45) });
		expect(run.error).toBeUndefined();
		expect(run.items.filter((i) => i.json.error)).toEqual([]);
		expectExactlyOnce(run.items.map((i) => i.json.idempotencyKey));
		// Pacing keeps 429s rare: at most about one probe per window.
		expect(sandbox.ledger().requests.rateLimited).toBeLessThanOrEqual(8);
	});

	test('with the daily allowance used up, the item fails with a clear message instead of waiting a day', async () => {
		sandbox.configure({ rateLimit: { limit: 1000, windowMs: 60_000, dailyLimit: 2, dailyWindowMs: 86_400_000, retryAfter: false } });
		const run = await runSpruce(sandbox, fast(), { input: items(4), node: { onError: 'continueRegularOutput' } });
		expect(run.items.slice(0, 2).map((i) => i.json.duplicate)).toEqual([false, false]);
		expect(run.items[2].json.error).toMatch(/daily request limit for this organization is used up/);
		expect(run.items[3].json.error).toMatch(/daily request limit for this organization is used up/);
		expect(sandbox.ledger().messages).toHaveLength(2);
	});
});

describe('a Retry-After longer than five minutes', () => {
	test('fails the items at once instead of stalling, and the rest are not sent', async () => {
		sandbox.setFaults({ sequence: ['rate-limit'], retryAfterSeconds: 600 });
		const started = Date.now();
		const run = await runSpruce(sandbox, { ...fast(), conversationId: locator('={{ "t_000" + ($json.i + 1) }}') }, {
			input: items(3),
			node: { onError: 'continueRegularOutput' },
		});
		expect(Date.now() - started).toBeLessThan(5_000);
		for (const item of run.items) {
			expect(item.json.error).toMatch(/rate limit/);
			expect(item.json.description).toMatch(/Spruce asked to wait about 10 minutes/);
		}
		expect(sandbox.ledger().requests.byRoute['POST /conversations/{id}/messages']).toBe(1);
	});
});

describe('security', () => {
	test('the token never appears in error items or thrown errors', async () => {
		sandbox.setFaults({ sequence: ['fail-before', 'fail-before'] });
		const items2 = await runSpruce(sandbox, fast({ maxAttempts: 2 }), { node: { onError: 'continueRegularOutput' } });
		expect(items2.items[0].json.error).toMatch(/server error/);
		expect(JSON.stringify(items2.items)).not.toContain(TOKEN);

		sandbox.setFaults(null);
		sandbox.configure({ latencyMs: 1_000 });
		const timedOut = await runSpruce(sandbox, fast({ maxAttempts: 1, timeout: 200 }));
		expect(timedOut.error).toBeDefined();
		const serialised = JSON.stringify(timedOut.error) + String(timedOut.error?.stack) + String(timedOut.error?.description);
		expect(serialised).not.toContain(TOKEN);
	});

	test.each([
		['http://api.sprucehealth.com/v1', /must start with https:\/\//],
		['http://localhost.evil.example/v1', /must start with https:\/\//],
		['ftp://127.0.0.1/v1', /must start with https:\/\//],
		['not a url', /is not a valid URL/],
		['https://user:pw@api.sprucehealth.com/v1', /must not contain a user name/],
	])('base URL %s is refused before any request', async (baseUrl, message) => {
		const run = await runSpruce(sandbox, fast(), { credentials: { authMethod: 'apiToken', apiToken: TOKEN, baseUrl } });
		expect(run.error?.name).toBe('NodeOperationError');
		expect(run.error?.message).toMatch(message);
		expect(JSON.stringify(run.error)).not.toContain(TOKEN);
	});

	test('an encoded id cannot reach another endpoint', async () => {
		const run = await runSpruce(sandbox, { ...fast(), conversationId: locator('t_1%2F..%2F..%2Forganization') });
		expect(run.error?.httpCode).toBe('404');
		const { byRoute } = sandbox.ledger().requests;
		expect(byRoute['GET /organization'] ?? 0).toBe(0);
		expect(byRoute['POST /conversations/{id}/messages']).toBe(1);
	});

	test('an access key pair is sent as Bearer base64(accessId:secretKey)', async () => {
		const pairSandbox = await startSandbox({ token: Buffer.from('AKID123:s3cret-key-value').toString('base64') });
		try {
			const run = await runSpruce(pairSandbox, fast(), {
				credentials: { authMethod: 'accessKeyPair', accessId: 'AKID123', secretKey: 's3cret-key-value', baseUrl: pairSandbox.url },
			});
			expect(run.error).toBeUndefined();
			expect(pairSandbox.ledger().messages).toHaveLength(1);
		} finally {
			await pairSandbox.close();
		}
	});
});
