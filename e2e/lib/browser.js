'use strict';
// Headless Debian chromium driven by playwright-core (no browser download), and the few editor
// gestures the tests need. Selectors are n8n's own data-test-id attributes.

const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { CHROMIUM } = require('./install');

const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

async function launchBrowser() {
	const executablePath = process.env.SPRUCE_CHROMIUM || CHROMIUM;
	if (!fs.existsSync(executablePath)) throw new Error(`${executablePath} is missing: run e2e/install-n8n`);
	return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, timeout: 60_000 });
}

async function newPage(browser) {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
	const page = await context.newPage();
	page.setDefaultTimeout(30_000);
	return page;
}

/** Signs in through the editor's own form. */
async function signIn(page, baseUrl, { email, password }) {
	await page.goto(`${baseUrl}/signin`, { timeout: 90_000 });
	await page.locator('input[name=emailOrLdapLoginId]').fill(email, { timeout: 90_000 });
	await page.locator('input[name=password]').fill(password);
	await page.locator('[data-test-id=form-submit-button]').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
}

/**
 * Opens a workflow on the canvas and double-clicks a node to open its panel (NDV). Leaving a
 * changed workflow asks first (the browser's beforeunload, or n8n's own dialog): leave without saving.
 */
async function openNode(page, baseUrl, workflowId, nodeName) {
	const acceptUnload = (dialog) => dialog.accept().catch(() => {});
	page.on('dialog', acceptUnload);
	const open = async () => {
		await page.goto(`${baseUrl}/workflow/${workflowId}`);
		const node = page.locator(`[data-test-id=canvas-node][data-node-name="${nodeName}"]`);
		await node.waitFor({ timeout: 90_000 });
		await node.dblclick();
		await page.locator('[data-test-id=ndv]').waitFor();
		await page.locator('[data-test-id=node-parameters]').waitFor();
	};
	try {
		await open().catch(async (error) => {
			const leave = page.getByRole('button', { name: /leave without saving/i });
			if (!(await leave.isVisible().catch(() => false))) throw error;
			await leave.click();
			await open();
		});
	} finally {
		page.off('dialog', acceptUnload);
	}
	return page.locator('[data-test-id=ndv]');
}

/** Runs the open node ("Execute step") and waits until its output or its error shows. */
async function executeOpenNode(page) {
	await page.locator('[data-test-id=ndv] [data-test-id=node-execute-button]').first().click();
	const done = page.locator('[data-test-id=node-error-message]:visible, [data-test-id=output-panel] [data-test-id=ndv-data-container]:visible');
	await done.first().waitFor({ timeout: 90_000 });
}

/** Flips a boolean parameter's switch. */
async function toggleSwitch(page, parameterName) {
	await page.locator(`[data-test-id=parameter-input-${parameterName}]`).locator('.el-switch, [role=switch]').first().click();
	await page.waitForTimeout(300);
}

/**
 * Opens a resource locator's list; resolves with the visible entries' texts once `expected`
 * shows and the list stopped changing (it is fetched from the node's listSearch method).
 */
async function openResourceLocatorList(page, parameterName, expected) {
	const input = page.locator(`[data-test-id=resource-locator-${parameterName}] [data-test-id=rlc-input]`);
	const list = page.locator('[data-test-id=rlc-item]:visible, [data-test-id=rlc-search]:visible');
	// A click can be swallowed while another dropdown closes: click again until the list is up.
	for (let attempt = 0; attempt < 3; attempt++) {
		await input.click();
		if (await list.first().waitFor({ timeout: 3000 }).then(() => true, () => false)) break;
	}
	return settledList(page, expected);
}

/** Types into the open resource locator list's search box; resolves with the entries once they settle. */
async function searchResourceLocator(page, text, expected) {
	await page.locator('[data-test-id=rlc-search]:visible input, input[data-test-id=rlc-search]:visible').first().fill(text);
	return settledList(page, expected);
}

async function settledList(page, expected) {
	const items = page.locator('[data-test-id=rlc-item]:visible');
	if (expected) await items.filter({ hasText: expected }).first().waitFor();
	else await items.first().waitFor();
	// Typing refetches the list (debounced): wait until it stops changing for a second.
	let previous = '';
	let stableSince = Date.now();
	const deadline = Date.now() + 15_000;
	while (Date.now() < deadline) {
		const now = (await visibleTexts(items)).join('\n');
		if (now !== previous) {
			previous = now;
			stableSince = Date.now();
		} else if (Date.now() - stableSince >= 1000) break;
		await page.waitForTimeout(200);
	}
	return visibleTexts(items);
}

async function closeDropdowns(page) {
	const open = page.locator('[data-test-id=rlc-item]:visible, .el-select-dropdown:visible');
	for (let attempt = 0; attempt < 3 && (await open.count()) > 0; attempt++) {
		await page.keyboard.press('Escape');
		await page.waitForTimeout(300);
		if ((await open.count()) === 0) break;
		// Clicking the panel's title bar closes any popper without changing a parameter.
		await page.locator('[data-test-id=ndv] [data-test-id=node-title-container]').first().click({ position: { x: 5, y: 5 } }).catch(() => {});
		await page.waitForTimeout(300);
	}
}

async function visibleTexts(locator) {
	return (await locator.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** Picks an entry of an "options" parameter by its label. */
async function selectOption(page, parameterName, label) {
	await page.locator(`[data-test-id=parameter-input-${parameterName}]`).click();
	const option = page
		.locator('.el-select-dropdown__item:visible, [role=option]:visible')
		.filter({ hasText: new RegExp(`^\\s*${label}`) })
		.first();
	await option.click();
	await page.waitForTimeout(300);
}

/** Which of the given top-level parameters are shown in the panel right now, in panel order (nested fields don't count). */
async function shownParameters(page, names) {
	return page.evaluate((wanted) => {
		const ndv = document.querySelector('[data-test-id=ndv]');
		const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
		const shown = wanted.flatMap((name) => {
			const el = [...ndv.querySelectorAll(`[data-test-id=parameter-input-${name}], [data-test-id=fixed-collection-${name}]`)].find(
				(candidate) => visible(candidate) && !candidate.parentElement.closest('[data-test-id^=fixed-collection-]'),
			);
			return el ? [{ name, el }] : [];
		});
		// In the order the panel shows them.
		shown.sort((a, b) => (a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
		return shown.map(({ name }) => name);
	}, names);
}

/** A screenshot of the node panel's parameter pane, or of the whole panel (dropdowns drawn over it included). */
async function screenshotPanel(page, file, { whole = false } = {}) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	// n8n's toasts ("Node executed successfully" …) would cover part of the panel.
	await page.evaluate(() => document.querySelectorAll('.el-notification').forEach((toast) => toast.remove()));
	if (whole) {
		await page.screenshot({ path: file, clip: (await page.locator('[data-test-id=ndv]').first().boundingBox()) ?? undefined });
		return file;
	}
	const clip = await page.evaluate(() => {
		const ndv = document.querySelector('[data-test-id=ndv]');
		let pane = document.querySelector('[data-test-id=ndv] [data-test-id=node-parameters]');
		while (pane && pane !== ndv && !pane.querySelector('[data-test-id=tab-params]')) pane = pane.parentElement;
		const box = (pane || ndv).getBoundingClientRect();
		const outer = ndv.getBoundingClientRect();
		const margin = 24;
		const x = Math.max(outer.left, box.left - margin);
		const right = Math.min(outer.right, box.right + margin);
		return { x, y: outer.top, width: right - x, height: outer.height };
	});
	await page.screenshot({ path: file, clip });
	return file;
}

module.exports = {
	CHROMIUM_FLAGS,
	launchBrowser,
	newPage,
	signIn,
	openNode,
	executeOpenNode,
	toggleSwitch,
	openResourceLocatorList,
	searchResourceLocator,
	closeDropdowns,
	selectOption,
	shownParameters,
	screenshotPanel,
	visibleTexts,
};
