import type { INodeParameters, OnError } from 'n8n-workflow';

import { generatedConversation } from '../../../sandbox/seed';
import { locator, runSpruce, startSandbox, type Sandbox } from '../../../support';

let sandbox: Sandbox;
beforeEach(async () => (sandbox = await startSandbox({ extraConversations: 200 })));
afterEach(async () => await sandbox.close());

const input = (n: number, conversationOf: (i: number) => string) =>
	Array.from({ length: n }, (_, i) => ({ json: { i, c: conversationOf(i) } }));

const post = (options: INodeParameters) => ({
	conversationId: locator('={{ $json.c }}'),
	bodyMode: 'text',
	text: '=Message {{ $json.i }}',
	options,
});

const numberOf = (value: string) => Number(value.split(' ')[1]);

test('one conversation: 200 posts at concurrency 20 arrive one at a time, in input order', async () => {
	sandbox.configure({ latencyMs: 2 });
	const run = await runSpruce(sandbox, post({ concurrency: 20 }), { input: input(200, () => 't_0001') });
	expect(run.error).toBeUndefined();
	const ledger = sandbox.ledger();
	expect(ledger.messages.map((m) => numberOf(m.body[0].value))).toEqual(Array.from({ length: 200 }, (_, i) => i));
	expect(ledger.maxInFlightPerConversation).toBe(1);
});

test('different conversations go in parallel, up to the concurrency; output stays in input order and paired', async () => {
	sandbox.configure({ latencyMs: 20 });
	const run = await runSpruce(sandbox, post({ concurrency: 20 }), {
		input: input(120, (i) => generatedConversation(i + 1).id),
	});
	expect(run.error).toBeUndefined();
	const ledger = sandbox.ledger();
	expect(ledger.maxInFlight).toBeLessThanOrEqual(20);
	expect(ledger.maxInFlight).toBeGreaterThanOrEqual(10);
	expect(run.items.map((item) => item.pairedItem)).toEqual(run.items.map((_, i) => ({ item: i })));
	expect(run.items.map((item) => item.json.conversationId)).toEqual(run.items.map((_, i) => generatedConversation(i + 1).id));
});

test('mixed: per-conversation order holds while conversations interleave', async () => {
	sandbox.configure({ latencyMs: 3 });
	const conversations = ['t_0001', 't_0002', 't_0003'];
	const run = await runSpruce(sandbox, post({ concurrency: 8 }), { input: input(90, (i) => conversations[(i * 7) % 3]) });
	expect(run.error).toBeUndefined();
	const ledger = sandbox.ledger();
	for (const c of conversations) {
		const order = ledger.messages.filter((m) => m.conversationId === c).map((m) => numberOf(m.body[0].value));
		expect(order).toEqual([...order].sort((a, b) => a - b));
	}
	expect(ledger.maxInFlightPerConversation).toBe(1);
	expect(ledger.maxInFlight).toBeGreaterThan(1);
});

test('concurrency 1 sends one request at a time', async () => {
	sandbox.configure({ latencyMs: 2 });
	await runSpruce(sandbox, post({ concurrency: 1 }), { input: input(20, (i) => generatedConversation(i + 1).id) });
	expect(sandbox.ledger().maxInFlight).toBe(1);
});

test('exactly once under faults at concurrency 20', async () => {
	sandbox.setFaults({
		rate: 0.3,
		kinds: ['fail-before', 'fail-after', 'reset-after', 'stall-after', 'rate-limit-no-header'],
		seed: 11,
		stallMs: 5_000,
	});
	const run = await runSpruce(sandbox, post({ concurrency: 20, timeout: 400, maxAttempts: 10 }), {
		input: input(150, (i) => generatedConversation((i % 30) + 1).id),
	});
	expect(run.error).toBeUndefined();
	const { countsByKey, messages, requests } = sandbox.ledger();
	expect(requests.faulted).toBeGreaterThan(20);
	for (const item of run.items) expect(countsByKey[String(item.json.idempotencyKey)]).toBe(1);
	expect(messages).toHaveLength(150);
	for (let c = 1; c <= 30; c++) {
		const id = generatedConversation(c).id;
		const order = messages.filter((m) => m.conversationId === id).map((m) => numberOf(m.body[0].value));
		expect(order).toEqual([...order].sort((a, b) => a - b));
	}
});

test('pacing stays in charge at concurrency 50: no 429 storm, no failed item', async () => {
	sandbox.configure({ rateLimit: { limit: 20, windowMs: 400 } });
	const run = await runSpruce(sandbox, post({ concurrency: 50 }), {
		input: input(100, (i) => generatedConversation(i + 1).id),
	});
	expect(run.error).toBeUndefined();
	expect(run.items.filter((item) => item.json.error)).toEqual([]);
	const { messages, requests } = sandbox.ledger();
	expect(messages).toHaveLength(100);
	expect(requests.rateLimited).toBeLessThanOrEqual(10);
});

describe('when items are checked', () => {
	// Each message's text carries the moment its expression was evaluated, i.e. when the item was
	// checked; the sandbox records when each message arrived. 40 ms answers at concurrency 2, so an
	// item checked after sending began would carry a time after the first arrival.
	const timed = (options: INodeParameters) => ({ ...post(options), text: '=Message {{ $json.i }} at {{ Date.now() }}' });
	const checkedAt = (value: string) => Number(value.split(' at ')[1]);
	const run = async (onError?: OnError) => {
		sandbox.configure({ latencyMs: 40 });
		const result = await runSpruce(sandbox, timed({ concurrency: 2 }), {
			input: input(8, (i) => generatedConversation(i + 1).id),
			...(onError ? { node: { onError } } : {}),
		});
		expect(result.error).toBeUndefined();
		const messages = [...sandbox.ledger().messages].sort((a, b) => a.seq - b.seq);
		expect(messages).toHaveLength(8);
		const last = messages.find((m) => numberOf(m.body[0].value) === 7)!;
		return { firstArrived: Date.parse(messages[0].receivedAt), lastChecked: checkedAt(last.body[0].value) };
	};

	test.each([
		['Stop (n8n\'s default)', undefined],
		['Continue', 'continueRegularOutput' as const],
	])('On Error → %s: every item is checked before the first message is sent', async (_, onError) => {
		const { firstArrived, lastChecked } = await run(onError);
		expect(lastChecked).toBeLessThanOrEqual(firstArrived);
	});

	test('with Continue On Fail, bad items become error items in place while the rest are sent in order', async () => {
		sandbox.configure({ latencyMs: 5 });
		const conversations = ['t_0001', 't_0002'];
		const items = input(40, (i) => conversations[i % 2]).map((item) =>
			item.json.i % 9 === 4 ? { json: { ...item.json, c: '' } } : item,
		);
		const result = await runSpruce(sandbox, post({ concurrency: 4 }), {
			input: items,
			node: { onError: 'continueRegularOutput' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		const bad = items.flatMap((item, i) => (item.json.c === '' ? [i] : []));
		expect(result.items.flatMap((item, i) => (item.json.error ? [i] : []))).toEqual(bad);
		expect(result.items[bad[0]].json.error).toBe('No conversation was chosen');
		const ledger = sandbox.ledger();
		expect(ledger.messages).toHaveLength(40 - bad.length);
		for (const c of conversations) {
			const order = ledger.messages.filter((m) => m.conversationId === c).map((m) => numberOf(m.body[0].value));
			expect(order).toEqual([...order].sort((a, b) => a - b));
		}
		expect(ledger.maxInFlightPerConversation).toBe(1);
	});
});

describe('parameters read once per execution', () => {
	test('fixed parameters are shared by every item; an expression anywhere in a parameter is evaluated per item', async () => {
		sandbox.configure({ latencyMs: 0 });
		const items = input(6, (i) => ['t_0001', 't_0002'][i % 2]).map((item) => ({ json: { ...item.json, key: `appt-${item.json.i}` } }));
		// `options` holds one expression (the key) beside fixed values; `internal` and `bodyMode` are fixed.
		const run = await runSpruce(
			sandbox,
			{ ...post({ idempotencyKey: '={{ $json.key }}', stayArchived: true }), internal: true },
			{ input: items },
		);
		expect(run.error).toBeUndefined();
		const messages = [...sandbox.ledger().messages].sort((a, b) => numberOf(a.body[0].value) - numberOf(b.body[0].value));
		expect(messages.map((m) => m.idempotencyKey)).toEqual(items.map((item) => `appt-${item.json.i}`));
		expect(messages.map((m) => m.conversationId)).toEqual(items.map((item) => item.json.c));
		expect(messages.every((m) => m.internal === true && m.stayArchived === true)).toBe(true);
		expect(run.items.map((item) => item.json.idempotencyKey)).toEqual(items.map((item) => `appt-${item.json.i}`));
	});
});
