'use strict';
// The README's "Tested n8n versions" table is written from end-to-end runs, never by hand:
// `e2e/run-tests` records each complete run (every test file, any outcome) in
// e2e/tested-versions.json, one entry per n8n line (major.minor), and rewrites the table between
// the README's markers from that file. CI runs on a fresh clone print the entry instead of
// writing it (their changes are thrown away), so the committed table comes from a developer's run.
// `npm test` checks that the README's table is exactly what this file renders from the JSON.

const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(REPO_ROOT, 'e2e', 'tested-versions.json');
const README = path.join(REPO_ROOT, 'README.md');
const START = '<!-- tested-versions:start (written by npm run test:e2e from e2e/tested-versions.json; do not edit by hand) -->';
const END = '<!-- tested-versions:end -->';

const lineOf = (version) => version.split('.').slice(0, 2).join('.');

function compareVersions(a, b) {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
	return 0;
}

function readResults(file = RESULTS) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch (error) {
		if (error.code === 'ENOENT') return { runs: {} };
		throw error;
	}
}

/** The README section for `results` (rows by n8n version, oldest first). */
function renderSection(results) {
	const runs = Object.values(results.runs).sort((a, b) => compareVersions(a.n8n, b.n8n));
	const rows = runs.map((r) => {
		const outcome = r.failed === 0 ? `${r.passed} of ${r.total} pass` : `**${r.failed} of ${r.total} FAIL**`;
		return `| ${r.n8n} | ${r.node.replace(/^v/, '')} | ${outcome} | ${r.date} | ${Math.round(r.seconds / 60)} min |`;
	});
	return [
		START,
		'| n8n | Node.js | end-to-end tests | run on | took |',
		'| --- | --- | --- | --- | --- |',
		...rows,
		END,
	].join('\n');
}

function sectionOf(text) {
	const a = text.indexOf(START);
	const b = text.indexOf(END);
	if (a < 0 || b < a) throw new Error(`README.md lacks the markers ${START} … ${END}`);
	return { a, b: b + END.length, section: text.slice(a, b + END.length) };
}

function writeReadme(results, file = README) {
	const text = fs.readFileSync(file, 'utf8');
	const { a, b } = sectionOf(text);
	fs.writeFileSync(file, text.slice(0, a) + renderSection(results) + text.slice(b));
}

/**
 * Records one complete run: `{ n8n, node, passed, failed, total, seconds }` (date added here).
 * Returns the entry; writes the JSON and the README unless `write` is false.
 */
function recordRun(run, { write = true, now = new Date() } = {}) {
	const entry = { ...run, date: now.toISOString().slice(0, 10) };
	if (write) {
		const results = readResults();
		results.runs[lineOf(run.n8n)] = entry;
		const sorted = Object.fromEntries(Object.entries(results.runs).sort(([, x], [, y]) => compareVersions(x.n8n, y.n8n)));
		fs.writeFileSync(RESULTS, `${JSON.stringify({ ...results, runs: sorted }, null, 2)}\n`);
		writeReadme({ ...results, runs: sorted });
	}
	return entry;
}

/** Counts from a TAP stream written by node's test runner (its final summary lines). */
function tapCounts(tap) {
	const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? NaN);
	return { total: count('tests'), passed: count('pass'), failed: count('fail') + (count('cancelled') || 0) };
}

module.exports = { RESULTS, README, START, END, readResults, renderSection, sectionOf, writeReadme, recordRun, tapCounts };
