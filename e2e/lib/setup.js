'use strict';
// Shared preparation for the e2e test files. `e2e/run-tests` does the expensive part once (install
// n8n, build, pack) and hands it over through SPRUCE_E2E_* variables; a test file started on its
// own (`node --test e2e/tests/cli.test.js`) does it itself.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { n8nRuntime, resolveN8nVersion } = require('./runtime');
const { ensureN8n } = require('./install');
const { buildPackage, packPackage } = require('./package');

async function prepare() {
	let workDir = process.env.SPRUCE_E2E_WORKDIR;
	let tarball = process.env.SPRUCE_E2E_TARBALL;
	if (!workDir) workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spruce-e2e-'));
	if (!tarball || !fs.existsSync(tarball)) {
		ensureN8n();
		await buildPackage();
		tarball = (await packPackage(path.join(workDir, 'pack'))).tarball;
	}
	const version = process.env.SPRUCE_E2E_N8N_VERSION || resolveN8nVersion();
	return { workDir, tarball, runtime: n8nRuntime(version) };
}

/** A fresh, empty folder for one n8n instance inside the run's work folder. */
function freshUserFolder(workDir, name) {
	const dir = path.join(workDir, name);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

module.exports = { prepare, freshUserFolder };
