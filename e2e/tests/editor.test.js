'use strict';
// The packed package in a real n8n editor (`n8n start` on loopback), checked through its REST API
// and in headless Chromium the way a user sees it: node listed with its icons, the credential test,
// and the node panel of the example workflows (pickers fed by the sandbox, body modes).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const path = require('node:path');

const { prepare, freshUserFolder } = require('../lib/setup');
const { N8n, OWNER, tail } = require('../lib/n8n');
const { installTarball } = require('../lib/package');
const { startSandbox } = require('../lib/sandbox');
const { loadExamples, sandboxCredential, withCredential, NODE_TYPE, CREDENTIAL_TYPE } = require('../lib/examples');
const { REPO_ROOT, log } = require('../lib/util');
const ui = require('../lib/browser');

/** package.json's homepage: the npm page, which shows the README. */
const README_URL = require('../../package.json').homepage;

/**
 * Screenshots go to .e2e/screenshots/ (ignored by git); with SPRUCE_E2E_UPDATE_SCREENSHOTS=1 they
 * replace the ones in docs/screenshots/.
 */
const SCREENSHOT_DIR =
	process.env.SPRUCE_E2E_UPDATE_SCREENSHOTS === '1'
		? path.join(REPO_ROOT, 'docs', 'screenshots')
		: path.join(REPO_ROOT, '.e2e', 'screenshots');

let sandbox;
let n8n;
let credential;
let browser;
let page;
let workDir;

before(async () => {
	const prepared = await prepare();
	workDir = prepared.workDir;
	const userFolder = freshUserFolder(workDir, 'n8n-editor');
	await installTarball(prepared.tarball, userFolder);
	sandbox = await startSandbox({ logFile: path.join(workDir, 'sandbox-editor.log') });
	n8n = await N8n.create({ userFolder, runtime: prepared.runtime });

	credential = sandboxCredential({ baseUrl: sandbox.baseUrl, token: sandbox.token });
	const wrongToken = sandboxCredential({ id: 'spruceWrongCred', name: 'Spruce wrong token', baseUrl: sandbox.baseUrl, token: 'not-the-sandbox-token' });
	await n8n.importCredentials([credential, wrongToken]);
	const examples = loadExamples().map(({ workflow }) => withCredential(workflow, credential));
	await n8n.importWorkflows([...examples, ...editorCases(examples.find((w) => w.id === 'spruceExample01'), wrongToken)]);

	const started = Date.now();
	await n8n.start({ logFile: path.join(workDir, 'n8n-editor.log') });
	log(`n8n ${prepared.runtime.version} editor up on ${n8n.url} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	await n8n.ensureOwnerAndLogin();
});

after(async () => {
	await browser?.close().catch(() => {});
	await n8n?.stop();
	await sandbox?.stop();
});

/**
 * Copies of the reminder example for what the examples do not show: posts Spruce refuses (a
 * read-only conversation, a Note conversation without Team Only) and a credential whose token
 * Spruce rejects.
 */
function editorCases(reminder, wrongToken) {
	const variant = (id, name, change) => {
		const workflow = structuredClone(reminder);
		Object.assign(workflow, { id, name });
		change(workflow.nodes.find((node) => node.type === NODE_TYPE));
		return workflow;
	};
	const conversation = (value) => (node) => {
		node.parameters.conversationId = { __rl: true, mode: 'id', value };
		// Fixed text: under an expression the editor shows its result where the hint would be.
		node.parameters.text = 'Your lab results are ready in the patient portal.';
	};
	return [
		variant('spruceE2eReadOnly', 'E2E: read-only conversation', conversation('t_0006')),
		variant('spruceE2eNote', 'E2E: note without Team Only', conversation('t_0005')),
		variant('spruceE2eWrongToken', 'E2E: wrong token', (node) => {
			node.credentials[CREDENTIAL_TYPE] = { id: wrongToken.id, name: wrongToken.name };
		}),
	];
}

/** Runs a browser step; on failure keeps a screenshot of the whole page for the log reader. */
async function step(name, fn) {
	try {
		return await fn();
	} catch (error) {
		const file = path.join(workDir, `failure-${name}.png`);
		await page?.screenshot({ path: file }).catch(() => {});
		log(`screenshot of the failure: ${file}`);
		throw error;
	}
}

test('n8n lists the Spruce Health node and its credential type', async () => {
	const nodes = (await n8n.request('GET', '/types/nodes.json')).json;
	const node = nodes.find((n) => n.name === NODE_TYPE);
	assert.ok(node, `${NODE_TYPE} is in /types/nodes.json`);
	assert.equal(node.displayName, 'Spruce Health');
	assert.deepEqual([].concat(node.version), [1]);
	assert.ok(nodes.some((n) => n.name === `${NODE_TYPE}Tool`), 'usable as an AI agent tool');

	const credentials = (await n8n.request('GET', '/types/credentials.json')).json;
	const credentialType = credentials.find((c) => c.name === CREDENTIAL_TYPE);
	assert.ok(credentialType, `${CREDENTIAL_TYPE} is in /types/credentials.json`);
	// "Open docs" and the node's "Docs" lead to the README's sections.
	assert.equal(credentialType.documentationUrl, `${README_URL}#credentials`);
	assert.equal(node.documentationUrl, `${README_URL}#the-post-message-fields`);
	assert.equal(node.codex?.resources?.primaryDocumentation?.[0]?.url, `${README_URL}#the-post-message-fields`);
});

test('the node and credential icons load (light and dark)', async () => {
	const nodes = (await n8n.request('GET', '/types/nodes.json')).json;
	const credentials = (await n8n.request('GET', '/types/credentials.json')).json;
	const iconUrls = [nodes.find((n) => n.name === NODE_TYPE), credentials.find((c) => c.name === CREDENTIAL_TYPE)]
		.flatMap((entry) => (typeof entry.iconUrl === 'string' ? [entry.iconUrl] : Object.values(entry.iconUrl ?? {})));
	assert.ok(iconUrls.length >= 2, `icon URLs: ${JSON.stringify(iconUrls)}`);
	for (const iconUrl of new Set(iconUrls)) {
		const response = await n8n.request('GET', `/${iconUrl}`);
		assert.equal(response.status, 200, iconUrl);
		assert.match(response.headers.get('content-type') ?? '', /image\/svg\+xml/, iconUrl);
		assert.match(response.text, /<svg[\s>]/, `${iconUrl} is an SVG`);
	}
});

test('the credential test succeeds against the sandbox, and fails with a wrong token', async () => {
	const test = (data) =>
		n8n.request('POST', '/rest/credentials/test', {
			credentials: { id: credential.id, name: credential.name, type: CREDENTIAL_TYPE, data },
		});
	const ok = (await test(credential.data)).data;
	assert.equal(ok.status, 'OK', JSON.stringify(ok));

	const wrong = (await test({ ...credential.data, apiToken: 'not-the-sandbox-token' })).data;
	assert.equal(wrong.status, 'Error', JSON.stringify(wrong));
});

test('the credential test never follows a redirect, and fails for answers that are not Spruce', async () => {
	// Somewhere else to be redirected to: it must never be asked (it would get the token).
	const seen = [];
	const elsewhere = http.createServer((req, res) => {
		seen.push(req.headers);
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{"organization":{"id":"entity_elsewhere"}}');
	});
	await new Promise((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
	const test = async (plan) => {
		await sandbox.faults(plan);
		const { data } = await n8n.request('POST', '/rest/credentials/test', {
			credentials: { id: credential.id, name: credential.name, type: CREDENTIAL_TYPE, data: credential.data },
		});
		await sandbox.faults(null);
		return data;
	};
	try {
		const redirectTo = `http://127.0.0.1:${elsewhere.address().port}/v1/organization`;
		const redirected = await test({ target: 'all', sequence: ['redirect'], redirectTo });
		assert.equal(redirected.status, 'Error', JSON.stringify(redirected));
		assert.match(redirected.message, /redirect/);
		assert.deepEqual(seen, [], 'the redirect target was never asked');

		const html = await test({ target: 'all', sequence: ['html-200'] });
		assert.equal(html.status, 'Error', JSON.stringify(html));
		assert.match(html.message, /web page \(HTML\)/);

		const empty = await test({ target: 'all', sequence: ['empty-200'] });
		assert.equal(empty.status, 'Error', JSON.stringify(empty));
		assert.match(empty.message, /not with Spruce's organization/);
	} finally {
		await new Promise((resolve) => elsewhere.close(resolve));
	}
});

test('in the browser: sign in and open the node panel of an example workflow', async () => {
	browser = await ui.launchBrowser();
	page = await ui.newPage(browser);
	await step('open-panel', async () => {
		await ui.signIn(page, n8n.url, OWNER);
		await ui.openNode(page, n8n.url, 'spruceExample01', 'Send reminder');
		// Who will see the message is decided right after who sends it.
		assert.deepEqual(await ui.shownParameters(page, ['conversationId', 'author', 'bodyMode', 'text', 'internal', 'attachments']), [
			'conversationId',
			'author',
			'internal',
			'bodyMode',
			'text',
			'attachments',
		]);
		// "Credential to connect with" in n8n 2.8, "Credential" in 2.40.
		const credentialLabel = await page.locator('[data-test-id=ndv] [data-test-id=credentials-label]').first().textContent();
		assert.match(credentialLabel, /^\s*Credential/);
		const credentialSelect = page.locator('[data-test-id=ndv] [data-test-id=node-credentials-select]').first();
		const shown = `${await credentialSelect.textContent()} ${await credentialSelect.locator('input').first().inputValue().catch(() => '')}`;
		assert.match(shown, /Spruce sandbox/, 'the imported credential is selected');
		const labels = await ui.visibleTexts(page.locator('[data-test-id=node-parameters] [data-test-id=input-label]'));
		for (const label of ['Conversation', 'Send As', 'Team Only (Internal Note)', 'Message Body', 'Text']) {
			assert.ok(labels.some((l) => l.startsWith(label)), `label "${label}" in ${JSON.stringify(labels)}`);
		}
		// The panel's "Docs" link leads to the README's field reference.
		const docs = await page.locator('[data-test-id=ndv] a[href*="n8n-nodes-spruce-health"]').first().getAttribute('href');
		assert.equal(docs, `${README_URL}#the-post-message-fields`);
		await ui.screenshotPanel(page, path.join(SCREENSHOT_DIR, 'node-panel-text.png'), { whole: true });
	});
});

test('in the browser: "The patient will see this message" shows while Team Only is off and goes when it is on; hints are visible', async () => {
	assert.ok(page, 'the panel is open');
	await step('patient-notice', async () => {
		const params = page.locator('[data-test-id=node-parameters]');
		const notice = params.getByText('The patient will see this message', { exact: false });
		await notice.waitFor();
		await ui.toggleSwitch(page, 'internal');
		await notice.waitFor({ state: 'hidden' });
		await ui.toggleSwitch(page, 'internal');
		await notice.waitFor();
		// Help where a first-time user decides, visible without hovering.
		await params.getByText('Empty: sent as the organization').waitFor();
		await params.getByText('Attachments come from an earlier node', { exact: false }).waitFor();
	});
});

test('in the browser: running the node shows an output that reads as a confirmation', async () => {
	assert.ok(page, 'the panel is open');
	await step('output', async () => {
		await ui.executeOpenNode(page);
		const output = page.locator('[data-test-id=output-panel]');
		await output.locator('[data-test-id=ndv-run-data-display-mode]').getByText('JSON', { exact: true }).click();
		await page.waitForTimeout(500);
		const text = (await output.locator('[data-test-id=ndv-data-container]').textContent()).replace(/\s+/g, ' ');
		const fields = ['status', 'conversationId', 'conversationTitle', 'internal', 'sentAs', 'authorId', 'requestId', 'duplicate', 'idempotencyKey'];
		const at = fields.map((field) => text.indexOf(`"${field}"`));
		assert.ok(at.every((i) => i >= 0), `every field in the output: ${text.slice(0, 600)}`);
		assert.deepEqual([...at].sort((a, b) => a - b), at, 'confirmation first, the long key last');
		for (const shown of ['"sent"', '"Jane Cooper"', 'false', '"organization"']) {
			assert.ok(text.includes(shown), `${shown} in the output: ${text.slice(0, 600)}`);
		}
		await ui.screenshotPanel(page, path.join(SCREENSHOT_DIR, 'output.png'), { whole: true });
	});
});

test('in the browser: the Conversation picker lists the sandbox conversations and filters as you type', async () => {
	assert.ok(page, 'the panel is open');
	await step('conversation-picker', async () => {
		await sandbox.reset();
		const all = await ui.openResourceLocatorList(page, 'conversationId', 'Brooklyn Simmons');
		for (const name of ['Jane Cooper', 'Robert Fox', 'Esther Howard', 'Front Desk', 'Lab Corp', 'Brooklyn Simmons']) {
			assert.ok(all.some((t) => t.startsWith(name)), `"${name}" in ${JSON.stringify(all)}`);
		}
		const ledger = await sandbox.ledger();
		assert.ok(ledger.requests.byRoute['GET /conversations'] >= 1, 'the list came from the sandbox');

		const filtered = await ui.searchResourceLocator(page, 'Jane', 'Jane Cooper');
		assert.ok(filtered.some((t) => t.startsWith('Jane Cooper')), JSON.stringify(filtered));
		assert.ok(filtered.some((t) => /Care notes.*Jane Cooper/.test(t)), JSON.stringify(filtered));
		assert.ok(!filtered.some((t) => t.includes('Robert Fox')), `filtered out Robert Fox: ${JSON.stringify(filtered)}`);
		await ui.screenshotPanel(page, path.join(SCREENSHOT_DIR, 'conversation-picker.png'));
		await ui.closeDropdowns(page);
	});
});

test('in the browser: the Send As picker lists the organization, teammates and teams', async () => {
	assert.ok(page, 'the panel is open');
	await step('send-as-picker', async () => {
		const members = await ui.openResourceLocatorList(page, 'author', 'Billing Team');
		for (const name of ['Dr. Ada Moss, MD', 'Ben Ortiz, RN', 'Chloe Park', 'Front Desk', 'Billing Team']) {
			assert.ok(members.some((t) => t.startsWith(name)), `"${name}" in ${JSON.stringify(members)}`);
		}
		assert.ok(members.some((t) => /team\)?$/i.test(t)), 'teams are marked as teams');
		await ui.screenshotPanel(page, path.join(SCREENSHOT_DIR, 'send-as-picker.png'));
		await ui.closeDropdowns(page);
	});
});

test('in the browser: switching Message Body between Text, Elements and JSON shows the right fields', async () => {
	assert.ok(page, 'the panel is open');
	await step('body-modes', async () => {
		const bodyFields = ['text', 'bodyElements', 'bodyJson'];
		await ui.selectOption(page, 'bodyMode', 'Elements');
		assert.deepEqual(await ui.shownParameters(page, bodyFields), ['bodyElements']);
		// Team Only is off here: the panel says pages need it before anything runs.
		await page.locator('[data-test-id=node-parameters]').getByText('Pages need "Team Only (Internal Note)" on', { exact: false }).waitFor();
		await ui.selectOption(page, 'bodyMode', 'JSON');
		assert.deepEqual(await ui.shownParameters(page, bodyFields), ['bodyJson']);
		await page.locator('[data-test-id=parameter-input-bodyJson]').scrollIntoViewIfNeeded();
		await ui.screenshotPanel(page, path.join(SCREENSHOT_DIR, 'body-json.png'));
		await ui.selectOption(page, 'bodyMode', 'Text');
		assert.deepEqual(await ui.shownParameters(page, bodyFields), ['text']);
	});
});

test('in the browser: body elements with a page show the paged teammate by name', async () => {
	assert.ok(page, 'the browser is open');
	await step('body-elements', async () => {
		await ui.openNode(page, n8n.url, 'spruceExample02', 'Page nurse');
		assert.deepEqual(await ui.shownParameters(page, ['text', 'bodyElements', 'bodyJson']), ['bodyElements']);
		const collection = page.locator('[data-test-id=fixed-collection-bodyElements]');
		await collection.scrollIntoViewIfNeeded();
		// The member picker (loadOptions getMembers) names the paged teammate (in its input's value).
		await page.waitForFunction(
			() =>
				[...document.querySelectorAll('[data-test-id=fixed-collection-bodyElements] input')].some((input) =>
					input.value.startsWith('Ben Ortiz, RN'),
				),
			undefined,
			{ timeout: 30_000 },
		);
		await page.locator('[data-test-id=fixed-collection-bodyElements] [data-test-id=fixed-collection-add]').scrollIntoViewIfNeeded();
		await ui.screenshotPanel(page, path.join(SCREENSHOT_DIR, 'body-elements.png'));
	});
});

test('in the browser: Spruce\'s refusals come with a fix-it hint (read-only, Note without Team Only)', async () => {
	assert.ok(page, 'the browser is open');
	const cases = [
		['spruceE2eReadOnly', /this conversation is read-only/, /^Pick another conversation/, 'error-read-only.png'],
		['spruceE2eNote', /this is a Note conversation/, /^Turn on "Team Only \(Internal Note\)"/, null],
	];
	for (const [workflowId, message, hint, screenshot] of cases) {
		await step(`refusal-${workflowId}`, async () => {
			await ui.openNode(page, n8n.url, workflowId, 'Send reminder');
			await page.locator('[data-test-id=node-parameters]').getByText('One message is sent for each input item', { exact: false }).waitFor();
			await ui.executeOpenNode(page);
			const shownMessage = await page.locator('[data-test-id=ndv] [data-test-id=node-error-message]').first().textContent();
			const shownHint = await page.locator('[data-test-id=ndv] [data-test-id=node-error-description]').first().textContent();
			assert.match(shownMessage.trim(), message);
			assert.match(shownHint.trim(), hint);
			assert.doesNotMatch(`${shownMessage} ${shownHint}`, /BAD_PARAMETER|CONVERSATION_READ_ONLY|request id/i, 'Spruce\'s raw answer stays in the details');
			// Spruce's own answer is one click away, under the error's details.
			await page.locator('[data-test-id=ndv]').getByText('From Spruce Health').first().click();
			const details = (await page.locator('[data-test-id=ndv]').first().textContent()).replace(/\s+/g, ' ');
			assert.match(details, /"requestId"/);
			assert.match(details, /"type": ?"(CONVERSATION_READ_ONLY|BAD_PARAMETER)"/);
			if (screenshot) await ui.screenshotPanel(page, path.join(SCREENSHOT_DIR, screenshot), { whole: true });
		});
	}
});

test('in the browser: with a rejected token the picker says what to do in one line that fits its box', async () => {
	assert.ok(page, 'the browser is open');
	await step('picker-error', async () => {
		await ui.openNode(page, n8n.url, 'spruceE2eWrongToken', 'Send reminder');
		await page.locator('[data-test-id=resource-locator-conversationId] [data-test-id=rlc-input]').click();
		const container = page.locator('[data-test-id=rlc-error-container]:visible');
		await container.waitFor();
		const message = await page.locator('[data-test-id=rlc-error-message]:visible').textContent();
		assert.equal(message.trim(), 'Spruce rejected the token: check the credential');
		const fit = await container.evaluate((box) => {
			const dropdown = box.closest('[data-test-id=resource-locator-dropdown]') ?? box.parentElement;
			const line = box.querySelector('[data-test-id=rlc-error-message]').parentElement;
			const outer = dropdown.getBoundingClientRect();
			const inner = box.getBoundingClientRect();
			return {
				lines: Math.round(line.getBoundingClientRect().height / parseFloat(getComputedStyle(line).lineHeight)),
				inside: inner.left >= outer.left - 1 && inner.right <= outer.right + 1 && inner.bottom <= outer.bottom + 1,
				overflows: box.scrollWidth > box.clientWidth + 1 || dropdown.scrollHeight > dropdown.clientHeight + 1,
				hasNotice: !!box.querySelector('.n8n-notice, [class*=notice]'),
			};
		});
		assert.deepEqual(fit, { lines: 1, inside: true, overflows: false, hasNotice: false });
		await ui.screenshotPanel(page, path.join(SCREENSHOT_DIR, 'picker-error.png'));
		await ui.closeDropdowns(page);
	});
});

test('in the browser: the credential modal tests the connection successfully', async () => {
	assert.ok(page, 'the panel is open');
	await step('credential-modal', async () => {
		await ui.openNode(page, n8n.url, 'spruceExample02', 'Page nurse');
		await page.locator('[data-test-id=node-parameters]').evaluate((el) => el.scrollTo?.(0, 0));
		await page.locator('[data-test-id=credential-edit-button]').click();
		const modal = page.locator('[data-test-id=editCredential-modal]');
		await modal.waitFor();
		await modal.getByText('Connection tested successfully').waitFor({ timeout: 30_000 });
		// "Open docs" leads to the README's Credentials section.
		const docs = await modal.locator('a[href*="n8n-nodes-spruce-health"]').first().getAttribute('href');
		assert.equal(docs, `${README_URL}#credentials`);
		await page.waitForTimeout(800); // let the banner's buttons finish fading in
		const dialog = page.locator('.el-dialog:visible').filter({ has: page.locator('[data-test-id=credential-name]') });
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'credential-test.png'), clip: (await dialog.first().boundingBox()) ?? undefined });
		await ui.closeDropdowns(page);
	});
});

process.on('exit', (code) => {
	if (code !== 0 && n8n?.logFile) process.stderr.write(`--- n8n log (tail) ---\n${tail(n8n.logFile, 40)}\n`);
});
