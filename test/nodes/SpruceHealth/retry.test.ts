import type { INodeExecutionData } from 'n8n-workflow';

import { recoveredRetryData, retryData } from '../../harness';
import { runSpruce, startSandbox, textPost, type Sandbox } from '../../support';

// Automatic duplicate protection keys across n8n's ways of running an execution again: a Retry
// from the Executions list (a new execution, mode "retry", from the stored data), a crashed
// worker's execution retried (from the data it was queued with), and new executions.

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const conversations = ['t_0001', 't_0002', 't_0003', 't_0001', 't_0004', 't_0001'];
/** One appointment per item, as a webhook or schedule would start the execution with. */
const appointments = (batch: string): INodeExecutionData[] =>
	conversations.map((conversation, n) => ({ json: { batch, appointment: n, conversation } }));
const post = textPost('Reminder: {{ $json.appointment }}', '={{ $json.conversation }}', {
	options: { retry: false, concurrency: 1 },
});

const statuses = (items: INodeExecutionData[]) => items.map((i) => i.json.status);
function exactlyOnce(expected: number) {
	const { messages, countsByKey } = sandbox.ledger();
	expect(messages).toHaveLength(expected);
	expect(Object.values(countsByKey).every((count) => count === 1)).toBe(true);
}

/**
 * Runs the items in `mode` with Spruce failing (500) once `postedFirst` messages went out, then
 * retries that failed execution the way the Executions list does; returns the retry's statuses.
 */
async function failThenRetry(batch: string, mode: 'webhook' | 'manual', postedFirst: number) {
	const input = appointments(batch);
	sandbox.setFaults({ sequence: [...Array(postedFirst).fill('none'), 'fail-before'] });
	const failed = await runSpruce(sandbox, post, { input, mode, executionId: `${batch}-1` });
	expect(failed.error?.message).toBeDefined();
	expect(sandbox.ledger().messages).toHaveLength(postedFirst);
	const retry = await runSpruce(sandbox, post, {
		input,
		mode: 'retry',
		executionId: `${batch}-2`,
		resumeFrom: retryData(failed.run),
	});
	expect(retry.error).toBeUndefined();
	return statuses(retry.items);
}

describe('Retry from the Executions list posts nothing twice', () => {
	test('a failed execution retried: what went out is turned away, the rest is posted', async () => {
		expect(await failThenRetry('a', 'webhook', 3)).toEqual(['alreadySent', 'alreadySent', 'alreadySent', 'sent', 'sent', 'sent']);
		exactlyOnce(6);
	});

	test("a crashed worker's execution retried (from the queued data) posts nothing twice", async () => {
		const input = appointments('b');
		const original = await runSpruce(sandbox, post, { input, mode: 'trigger', executionId: '601' });
		expect(statuses(original.items)).toEqual(Array(6).fill('sent'));
		// The worker died before n8n stored anything but the queued items: the retry starts over.
		const retry = await runSpruce(sandbox, post, { input, mode: 'retry', executionId: '602' });
		expect(statuses(retry.items)).toEqual(Array(6).fill('alreadySent'));
		exactlyOnce(6);
	});

	test('an execution n8n recovered after its process died, retried, posts nothing twice', async () => {
		const input = appointments('c');
		sandbox.setFaults({ sequence: [...Array(3).fill('none'), 'fail-before'] });
		const cutOff = await runSpruce(sandbox, post, { input, mode: 'webhook', executionId: '701' });
		expect(sandbox.ledger().messages).toHaveLength(3);
		// n8n started again: the trigger's lost output is a marker, and the Retry runs it once more.
		const retry = await runSpruce(sandbox, post, {
			input,
			mode: 'retry',
			executionId: '702',
			resumeFrom: recoveredRetryData(input),
		});
		expect(cutOff.error?.message).toBeDefined();
		expect(retry.run.data.resultData.runData['Items Source']).toHaveLength(2);
		// Before the trigger's latest run counted (its first was read): all six posted again.
		expect(statuses(retry.items)).toEqual(['alreadySent', 'alreadySent', 'alreadySent', 'sent', 'sent', 'sent']);
		exactlyOnce(6);
	});

	test('a retry of a failed test run from the editor posts nothing twice', async () => {
		expect(await failThenRetry('d', 'manual', 2)).toEqual(['alreadySent', 'alreadySent', 'sent', 'sent', 'sent', 'sent']);
		exactlyOnce(6);
	});
});

describe('Legitimate repeats are posted', () => {
	test('messages to the same conversation in one run each get their own key', async () => {
		const run = await runSpruce(sandbox, post, { input: appointments('e'), mode: 'webhook' });
		expect(statuses(run.items)).toEqual(Array(6).fill('sent'));
		expect(new Set(run.items.map((i) => i.json.idempotencyKey)).size).toBe(6);
		exactlyOnce(6);
	});

	test('a new execution started by new data posts again, even with the same message', async () => {
		const same = textPost('Your results are ready', 't_0001', { options: { retry: false } });
		await runSpruce(sandbox, same, { input: [{ json: { event: 'evt_1' } }], mode: 'webhook' });
		const next = await runSpruce(sandbox, same, { input: [{ json: { event: 'evt_2' } }], mode: 'webhook' });
		expect(statuses(next.items)).toEqual(['sent']);
		exactlyOnce(2);
	});

	test('test runs from the editor post every time, even with the same (pinned) data', async () => {
		const input = [{ json: { patient: 'Jane' } }];
		const hello = textPost('Hello {{ $json.patient }}', 't_0001');
		await runSpruce(sandbox, hello, { input, mode: 'manual' });
		const again = await runSpruce(sandbox, hello, { input, mode: 'manual' });
		expect(statuses(again.items)).toEqual(['sent']);
		exactlyOnce(2);
	});

	test('executions started without data (an empty item) are told apart by when they started', async () => {
		const hello = textPost('Hello', 't_0001');
		await runSpruce(sandbox, hello, { input: [{ json: {} }], mode: 'trigger' });
		const again = await runSpruce(sandbox, hello, { input: [{ json: {} }], mode: 'trigger' });
		expect(statuses(again.items)).toEqual(['sent']);
		exactlyOnce(2);
	});
});

describe('What counts as the same event', () => {
	test('the same starting data delivered twice (a re-delivered webhook) posts once', async () => {
		const input = [{ json: { event: 'evt_42', conversation: 't_0002' } }];
		const msg = textPost('Thanks, we got your form', '={{ $json.conversation }}');
		await runSpruce(sandbox, msg, { input, mode: 'webhook', executionId: '901' });
		const redelivered = await runSpruce(sandbox, msg, { input, mode: 'webhook', executionId: '902' });
		expect(statuses(redelivered.items)).toEqual(['alreadySent']);
		exactlyOnce(1);
	});

	test('your own Duplicate Protection Key still wins (here: one per execution)', async () => {
		const input = [{ json: { event: 'evt_43' } }];
		const own = textPost('Thanks', 't_0002', { options: { idempotencyKey: '={{ "form-" + $execution.id }}' } });
		await runSpruce(sandbox, own, { input, mode: 'webhook', executionId: '911' });
		const again = await runSpruce(sandbox, own, { input, mode: 'webhook', executionId: '912' });
		expect(again.items[0].json).toMatchObject({ status: 'sent', idempotencyKey: 'form-912' });
		exactlyOnce(2);
	});
});
