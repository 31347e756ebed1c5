'use strict';
// The packed package inside a real n8n, driven headless: the example workflows from examples/ are
// imported once into a throwaway user folder and run with `n8n execute`, against the sandbox.
// Each test checks what the node put out and what the sandbox recorded (its ledger).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const path = require('node:path');

const { prepare, freshUserFolder } = require('../lib/setup');
const { N8n, nodeOutput } = require('../lib/n8n');
const { installTarball, missingPackageFiles } = require('../lib/package');
const { startSandbox } = require('../lib/sandbox');
const { loadExamples, sandboxCredential, withCredential } = require('../lib/examples');
const { freePort, log } = require('../lib/util');

let sandbox;
let n8n;
const timings = [];

before(async () => {
	const { workDir, tarball, runtime } = await prepare();
	const userFolder = freshUserFolder(workDir, 'n8n-cli');
	const packageDir = await installTarball(tarball, userFolder);
	assert.deepEqual(missingPackageFiles(packageDir), [], 'files listed in package.json "n8n" are in the tarball');

	sandbox = await startSandbox({ logFile: path.join(workDir, 'sandbox-cli.log') });
	n8n = new N8n({ userFolder, runtime, brokerPort: await freePort() });
	log(`n8n ${runtime.version} CLI, user folder ${userFolder}, sandbox ${sandbox.baseUrl}`);

	const credential = sandboxCredential({ baseUrl: sandbox.baseUrl, token: sandbox.token });
	await n8n.importCredentials([credential]);
	const workflows = loadExamples().map(({ workflow }) => withCredential(workflow, credential));
	await n8n.importWorkflows([
		...workflows,
		nodeRetryOffVariant(workflows.find((w) => w.id === 'spruceExample05')),
		shortTimeoutVariant(workflows.find((w) => w.id === 'spruceExample01')),
	]);
});

after(async () => {
	await sandbox?.stop();
	if (timings.length) log(`n8n execute timings: ${timings.map(([id, s]) => `${id} ${s.toFixed(1)} s`).join(', ')}`);
});

/** Resets the sandbox (and sets faults), runs an example, returns the Spruce node's items and the ledger. */
async function runExample(workflowId, nodeName, { faults } = {}) {
	await sandbox.reset();
	if (faults) await sandbox.faults(faults);
	const { execution, seconds } = await n8n.execute(workflowId);
	timings.push([workflowId, seconds]);
	const topError = execution.data.resultData.error;
	assert.equal(topError, undefined, `execution failed: ${JSON.stringify(topError)}`);
	const items = nodeOutput(execution, nodeName);
	const ledger = await sandbox.ledger();
	return { execution, items, ledger };
}

function assertPosted(json, conversationId) {
	// A duplicate (Spruce's 422: this key was already posted) has no request id of its own.
	if (json.duplicate !== true) assert.match(json.requestId, /^asyncRequest_/, `requestId in ${JSON.stringify(json)}`);
	assert.equal(json.conversationId, conversationId);
	assert.equal(typeof json.idempotencyKey, 'string');
	assert.ok(json.idempotencyKey.length > 0 && json.idempotencyKey.length <= 255);
}

function assertExactlyOnce(ledger) {
	for (const [key, count] of Object.entries(ledger.countsByKey)) {
		assert.equal(count, 1, `idempotency key ${key} recorded ${count} times`);
	}
}

test('(a) a plain text appointment reminder is posted to the picked conversation', async () => {
	const { items, ledger } = await runExample('spruceExample01', 'Send reminder');
	assert.equal(items.length, 1);
	const [{ json }] = items;
	assertPosted(json, 't_0001');
	assert.equal(json.duplicate, false);

	assert.equal(ledger.messages.length, 1);
	const [message] = ledger.messages;
	assert.equal(message.conversationId, 't_0001');
	assert.deepEqual(message.body, [
		{
			type: 'text',
			value:
				'Hi Jane, this is a reminder of your appointment at Maple Street Clinic on Tuesday, March 3 at 10:30 AM. Reply C to confirm, or call us to reschedule.',
		},
	]);
	assert.ok(!message.internal, 'not internal');
	assert.equal(message.author, undefined, 'sent as the organization');
	assert.equal(message.requestId, json.requestId);
	assert.equal(message.idempotencyKey, json.idempotencyKey);
	assertExactlyOnce(ledger);
});

test('(b) an internal message sent as a clinician pages a teammate', async () => {
	const { items, ledger } = await runExample('spruceExample02', 'Page nurse');
	assert.equal(items.length, 1);
	assertPosted(items[0].json, 't_0002');

	assert.equal(ledger.messages.length, 1);
	const [message] = ledger.messages;
	assert.equal(message.conversationId, 't_0002');
	assert.equal(message.internal, true);
	assert.equal(message.author, 'entity_TM001');
	assert.equal(message.body.length, 2);
	assert.equal(message.body[0].type, 'text');
	assert.equal(
		message.body[0].value.trim(),
		'New Lipid panel result for Robert Fox: LDL 192 mg/dL (above range). Please call the patient to discuss.',
	);
	assert.deepEqual(message.body[1], { type: 'page', value: 'entity_TM002' });
	assertExactlyOnce(ledger);
});

test('(c) a PDF made by an earlier node is uploaded once and attached to the message', async () => {
	const { execution, items, ledger } = await runExample('spruceExample03', 'Send visit summary');
	assert.equal(items.length, 1);
	assertPosted(items[0].json, 't_0003');

	assert.equal(ledger.media.length, 1, 'one media upload');
	const [media] = ledger.media;
	assert.equal(media.fileName, 'visit-summary.pdf');
	assert.equal(media.contentType, 'application/pdf');
	const produced = nodeOutput(execution, 'Build visit summary PDF')[0].binary?.data;
	if (produced?.data && !produced.id) {
		const pdf = Buffer.from(produced.data, 'base64');
		assert.equal(media.size, pdf.length);
		assert.equal(media.sha256, crypto.createHash('sha256').update(pdf).digest('hex'));
	} else {
		assert.ok(media.size > 100, `uploaded ${media.size} bytes`);
	}

	assert.equal(ledger.messages.length, 1);
	const [message] = ledger.messages;
	assert.equal(message.conversationId, 't_0003', 'conversation taken from the Spruce link (URL mode)');
	assert.deepEqual(message.attachments, [{ attachmentId: media.id, title: 'Visit summary' }]);
	assertExactlyOnce(ledger);
});

test('(d) with continue on fail, a read-only conversation gives an error item and the rest is sent', async () => {
	const { items, ledger } = await runExample('spruceExample04', 'Send follow-up');
	assert.equal(items.length, 2, 'one output item per input item');

	assertPosted(items[0].json, 't_0008');
	assert.equal(items[0].json.error, undefined);

	const failed = items[1];
	assert.ok(failed.json.error, `second item carries an error: ${JSON.stringify(failed.json)}`);
	assert.match(JSON.stringify(failed.json.error), /read[- ]only|400|CONVERSATION_READ_ONLY/i);
	assert.deepEqual(failed.pairedItem, { item: 1 }, 'the error item points back at its input');

	assert.equal(ledger.messages.length, 1, 'only the first message was recorded');
	assert.equal(ledger.messages[0].conversationId, 't_0008');
	assert.equal(ledger.requests.status['400'], 1);
	assertExactlyOnce(ledger);
});

/**
 * Example 05 with the node's own request retries off and one request at a time, so that a failed
 * post makes the node throw and only n8n's node-level Retry On Fail can recover.
 */
function nodeRetryOffVariant(workflow) {
	const variant = structuredClone(workflow);
	variant.id = 'spruceExample05n';
	variant.name = `${workflow.name} [e2e: node retries off]`;
	const node = variant.nodes.find((n) => n.name === 'Send reminder');
	node.parameters.options = { ...node.parameters.options, retry: false, concurrency: 1 };
	return variant;
}

function shortTimeoutVariant(workflow) {
	const variant = structuredClone(workflow);
	variant.id = 'spruceExample01t';
	variant.name = `${workflow.name} [e2e: 1 s timeout]`;
	const node = variant.nodes.find((n) => n.name === 'Send reminder');
	node.parameters.options = { ...node.parameters.options, timeout: 1000 };
	return variant;
}

test('(f) an answer drip-fed past the Timeout is stopped and retried: one message', async () => {
	// The post is recorded, then its answer arrives one byte every 300 ms (about 13 s in all). An
	// idle timeout never fires; the per-attempt deadline stops the attempt after 1 s, and the
	// retry's 422 shows the message was posted once.
	const { items, ledger } = await runExample('spruceExample01t', 'Send reminder', {
		faults: { sequence: ['drip-after'], dripMs: 300 },
	});
	assert.equal(items.length, 1);
	assertPosted(items[0].json, 't_0001');
	assert.equal(items[0].json.duplicate, true, JSON.stringify(items[0].json));
	assert.equal(ledger.messages.length, 1);
	assertExactlyOnce(ledger);
	assert.equal(ledger.requests.status.dripped, 1);
});

test('(e1) a post that landed but answered 500 is retried by the node and not posted twice', async () => {
	// As shipped: the node retries the 500 itself with the same idempotency key; Spruce answers
	// 422 (already posted) and the node reports the item as a duplicate.
	const { items, ledger } = await runExample('spruceExample05', 'Send reminder', {
		faults: { sequence: ['fail-after'] },
	});
	assert.equal(items.length, 2);
	assertPosted(items[0].json, 't_0001');
	assertPosted(items[1].json, 't_0008');
	assert.equal(items.filter((item) => item.json.duplicate === true).length, 1, 'one item was a retried duplicate');

	assert.equal(ledger.messages.length, 2, 'one message per item');
	assert.deepEqual(ledger.messages.map((m) => m.conversationId).sort(), ['t_0001', 't_0008']);
	assertExactlyOnce(ledger);
	assert.equal(ledger.requests.faulted, 1);
	assert.equal(ledger.requests.status['422'], 1, 'exactly one duplicate answer');
});

test('(e2) n8n Retry On Fail (node retries off) reruns the node and posts nothing twice', async () => {
	// 1st item: recorded, then 500; with the node's retries off it throws, and n8n runs the node
	// again (same execution, same run index): the same idempotency key gets Spruce's 422.
	const { items, ledger } = await runExample('spruceExample05n', 'Send reminder', {
		faults: { sequence: ['fail-after'] },
	});
	assert.equal(items.length, 2);
	assertPosted(items[0].json, 't_0001');
	assertPosted(items[1].json, 't_0008');
	assert.equal(items[0].json.duplicate, true, 'the rerun found the first post already delivered');
	assert.equal(items[1].json.duplicate, false);

	assert.equal(ledger.messages.length, 2, 'one message per item');
	assertExactlyOnce(ledger);
	const first = ledger.messages.find((m) => m.conversationId === 't_0001');
	assert.equal(first.idempotencyKey, items[0].json.idempotencyKey, 'the rerun reused the first key');
	assert.equal(ledger.requests.faulted, 1);
	assert.equal(ledger.requests.status['422'], 1);
	assert.equal(ledger.requests.status['500'], 1);
});
