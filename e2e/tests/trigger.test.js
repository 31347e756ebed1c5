'use strict';
// The two trigger nodes in a real `n8n start`, activated through its REST API like the editor's
// toggle: the sandbox plays Spruce (it delivers signed events to the URL the trigger registered)
// and the example workflows 06 (webhook) and 07 (polling) thank the patient who wrote.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const { prepare, freshUserFolder } = require('../lib/setup');
const { N8n, OWNER } = require('../lib/n8n');
const { installTarball } = require('../lib/package');
const { startSandbox } = require('../lib/sandbox');
const { loadExamples, sandboxCredential, withCredential } = require('../lib/examples');
const { log, sleep, waitFor, REPO_ROOT } = require('../lib/util');
const ui = require('../lib/browser');

/** As in editor.test.js: .e2e/screenshots/, or docs/screenshots/ with SPRUCE_E2E_UPDATE_SCREENSHOTS=1. */
const SCREENSHOT_DIR =
	process.env.SPRUCE_E2E_UPDATE_SCREENSHOTS === '1'
		? path.join(REPO_ROOT, 'docs', 'screenshots')
		: path.join(REPO_ROOT, '.e2e', 'screenshots');

const REPLY = 'Thanks, we got your message';
const WEBHOOK_WORKFLOW = 'spruceExample06';
const POLL_WORKFLOW = 'spruceExample07';

let sandbox;
let n8n;
let browser;

before(async () => {
	const prepared = await prepare();
	const userFolder = freshUserFolder(prepared.workDir, 'n8n-trigger');
	await installTarball(prepared.tarball, userFolder);
	sandbox = await startSandbox({ logFile: path.join(prepared.workDir, 'sandbox-trigger.log') });
	n8n = await N8n.create({ userFolder, runtime: prepared.runtime });
	const credential = sandboxCredential({ baseUrl: sandbox.baseUrl, token: sandbox.token });
	await n8n.importCredentials([credential]);
	const wanted = [WEBHOOK_WORKFLOW, POLL_WORKFLOW];
	const workflows = loadExamples()
		.map(({ workflow }) => workflow)
		.filter((w) => wanted.includes(w.id));
	await n8n.importWorkflows(workflows.map((w) => withCredential(w, credential)));
	await n8n.start({ logFile: path.join(prepared.workDir, 'n8n-trigger.log') });
	log(`n8n ${prepared.runtime.version} up on ${n8n.url} for the trigger tests`);
	await n8n.ensureOwnerAndLogin();
});

after(async () => {
	await browser?.close().catch(() => {});
	await n8n?.stop();
	await sandbox?.stop();
});

const control = async (method, route, body) => {
	const response = await fetch(`${sandbox.origin}/_sandbox/${route}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} /_sandbox/${route} → ${response.status} ${text}`);
	return JSON.parse(text);
};
const webhooks = () => control('GET', 'webhooks');
const replies = async (conversationId) =>
	(await sandbox.ledger()).messages.filter(
		(m) => m.conversationId === conversationId && m.body[0]?.value === REPLY,
	);

async function setActive(workflowId, active) {
	if (!active) return await n8n.request('POST', `/rest/workflows/${workflowId}/deactivate`, {});
	const { versionId } = (await n8n.request('GET', `/rest/workflows/${workflowId}`)).data;
	return await n8n.request('POST', `/rest/workflows/${workflowId}/activate`, { versionId });
}

/** Executions n8n recorded for the workflow (finished or not). */
async function executionCount(workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const { data } = await n8n.request('GET', `/rest/executions?filter=${filter}`);
	return data.count ?? data.results?.length ?? 0;
}

test('webhook trigger: activation registers, an inbound message is answered once, a tampered delivery gets 401, deactivation deletes', async () => {
	await setActive(WEBHOOK_WORKFLOW, true);
	// n8n 2.40 answers the activation before the trigger has registered: wait for it.
	await waitFor('the endpoint registered', async () => (await webhooks()).endpoints.length > 0, {
		timeoutMs: 30_000,
	});
	const [endpoint, ...others] = (await webhooks()).endpoints;
	assert.equal(others.length, 0, 'one endpoint registered');
	assert.match(
		endpoint.name,
		/^n8n: Spruce Health: auto-reply to patients \(webhook\) \/ Patient wrote to us$/,
	);
	assert.match(endpoint.url, new RegExp(`^${n8n.url}/webhook/.+/webhook$`));

	await control('POST', 'webhooks/inbound', {
		conversationId: 't_0002',
		text: 'C',
		from: 'Robert Fox',
	});
	await waitFor('the reply in t_0002', async () => (await replies('t_0002')).length > 0, {
		timeoutMs: 60_000,
	});
	// The reply is itself an (outbound) event delivered to n8n: it must start nothing.
	await waitFor('both deliveries answered', async () => (await webhooks()).deliveries.length >= 2, {
		timeoutMs: 30_000,
	});
	await sleep(2_000);
	assert.equal((await replies('t_0002')).length, 1, 'the reply landed once');
	assert.deepEqual(
		(await webhooks()).deliveries.map((d) => d.status),
		[200, 200],
	);
	assert.equal(await executionCount(WEBHOOK_WORKFLOW), 1, 'one execution');

	await control('POST', 'webhooks/knobs', ['tamper-body']);
	await control('POST', 'webhooks/inbound', { conversationId: 't_0003', text: 'tampered' });
	await waitFor(
		'the tampered delivery answered',
		async () => (await webhooks()).deliveries.length >= 3,
		{ timeoutMs: 30_000 },
	);
	await sleep(2_000);
	assert.equal((await webhooks()).deliveries[2].status, 401);
	assert.equal((await replies('t_0003')).length, 0, 'a tampered delivery starts nothing');
	assert.equal(await executionCount(WEBHOOK_WORKFLOW), 1);

	await setActive(WEBHOOK_WORKFLOW, false);
	// As with activation, n8n 2.40 may answer before the trigger's delete has run.
	await waitFor(
		'deactivating deleted the endpoint',
		async () => (await webhooks()).endpoints.length === 0,
		{ timeoutMs: 30_000 },
	);
});

test('poll trigger: an inbound message after activation is answered once', async () => {
	await control('POST', 'webhooks/inbound', {
		conversationId: 't_0001',
		text: 'before activation',
	});
	await sleep(1_000);
	await setActive(POLL_WORKFLOW, true);
	// The first poll only notes the time, in the workflow's static data: inject the message once
	// it has (n8n 2.40 activates after answering the REST call, and may poll at the next minute).
	const pollCursor = async () => {
		const { staticData } = (await n8n.request('GET', `/rest/workflows/${POLL_WORKFLOW}`)).data;
		const data = typeof staticData === 'string' ? JSON.parse(staticData) : staticData;
		return Object.values(data ?? {}).some((entry) => entry && entry.cursor);
	};
	await waitFor('the first poll', pollCursor, { timeoutMs: 120_000, intervalMs: 1_000 });
	await control('POST', 'webhooks/inbound', { conversationId: 't_0008', text: 'poll me' });
	// n8n polls at most once a minute.
	await waitFor('the reply in t_0008', async () => (await replies('t_0008')).length > 0, {
		timeoutMs: 150_000,
		intervalMs: 1_000,
	});
	await sleep(3_000);
	assert.equal((await replies('t_0008')).length, 1, 'the reply landed once');
	assert.equal((await replies('t_0001')).length, 0, 'history was not answered');
	await setActive(POLL_WORKFLOW, false);
});

test('the editor lists both triggers and shows their fields', async () => {
	const nodes = (await n8n.request('GET', '/types/nodes.json')).json;
	for (const [name, displayName] of [
		['n8n-nodes-spruce-health.spruceHealthTrigger', 'Spruce Health Trigger'],
		['n8n-nodes-spruce-health.spruceHealthPollTrigger', 'Spruce Health Poll Trigger'],
	]) {
		const node = nodes.find((n) => n.name === name);
		assert.ok(node, `${name} is in /types/nodes.json`);
		assert.equal(node.displayName, displayName);
		assert.deepEqual(node.group, ['trigger']);
		assert.ok(node.iconUrl?.light && node.iconUrl?.dark, 'light and dark icons');
	}

	browser = await ui.launchBrowser();
	const page = await ui.newPage(browser);
	await ui.signIn(page, n8n.url, OWNER);
	await ui.openNode(page, n8n.url, WEBHOOK_WORKFLOW, 'Patient wrote to us');
	assert.deepEqual(await ui.shownParameters(page, ['events']), ['events']);
	// Filters start with Direction = Inbound, so a workflow that replies is not started by its reply.
	await page.locator('[data-test-id=ndv]').getByText('Direction').first().waitFor();
	await ui.screenshotPanel(page, path.join(SCREENSHOT_DIR, 'trigger-node.png'), { whole: true });
	await ui.openNode(page, n8n.url, POLL_WORKFLOW, 'New patient message');
	assert.deepEqual(await ui.shownParameters(page, ['event']), ['event']);
	await page.locator('[data-test-id=ndv]').getByText('Poll Times').first().waitFor();
	await ui.screenshotPanel(page, path.join(SCREENSHOT_DIR, 'poll-trigger-node.png'), {
		whole: true,
	});
});
