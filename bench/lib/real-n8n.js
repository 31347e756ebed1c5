'use strict';
// A real n8n (the pinned install that e2e/install-n8n puts in the cache) with this working tree's
// dist/ installed as a community package into a throwaway user folder. Each workflow runs in its
// own `n8n execute --id=… --rawOutput` process, so every variant starts cold (a fresh rate-limit
// pacer, nothing cached), while a /proc sampler watches that process.

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { N8n, parseExecuteOutput } = require('../../e2e/lib/n8n');
const { installWorkingTree, missingPackageFiles } = require('../../e2e/lib/package');
const { n8nRuntime, resolveN8nVersion, n8nDir, readMarker } = require('../../e2e/lib/runtime');
const { sandboxCredential } = require('../../e2e/lib/examples');
const { freePort, stopProcess } = require('../../e2e/lib/util');
const { ProcSampler } = require('./proc');
const { TARGET_NODE } = require('./workflows');

/** The runtime of the pinned n8n when it is installed, else undefined (never installs). */
function installedRuntime() {
	const version = resolveN8nVersion();
	return readMarker(n8nDir(version)) ? n8nRuntime(version) : undefined;
}

/**
 * Installs our dist/ into a fresh user folder and imports the credentials
 * (`endpoints`: [{ id, name, baseUrl, token }]).
 */
async function prepareN8n({ workDir, runtime, endpoints }) {
	const userFolder = path.join(workDir, 'n8n-user');
	fs.rmSync(userFolder, { recursive: true, force: true });
	const packageDir = installWorkingTree(userFolder);
	const missing = missingPackageFiles(packageDir);
	if (missing.length) throw new Error(`dist/ lacks ${missing.join(', ')}: run npm run build`);
	const n8n = new N8n({ userFolder, runtime, brokerPort: await freePort() });
	const credentials = endpoints.map((e) => sandboxCredential(e));
	await n8n.importCredentials(credentials);
	return { n8n, credentials };
}

/**
 * Runs one imported workflow with `n8n execute`, sampling the n8n process. Resolves with the
 * execution, the node under test's run (start, duration, items) and what the process did meanwhile.
 */
async function executeMeasured(n8n, workflowId, { timeoutMs = 15 * 60 * 1000, sampleMs = 20, env = {} } = {}) {
	const { runtime } = n8n;
	const started = Date.now();
	// Output goes to files, not pipes: n8n exits with process.exit(), and Node's asynchronous pipe
	// writes can lose the tail of a large result (10,000 items) when a process exits.
	const base = path.join(n8n.userFolder, `execute-${workflowId}-${started}`);
	const outFd = fs.openSync(`${base}.out`, 'w');
	const errFd = fs.openSync(`${base}.err`, 'w');
	const child = spawn(runtime.nodeBinary, [runtime.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
		cwd: n8n.userFolder,
		env: n8n.env({ N8N_LOG_LEVEL: 'info', N8N_LOG_FORMAT: 'json', ...env }),
		stdio: ['ignore', outFd, errFd],
	});
	fs.closeSync(outFd);
	fs.closeSync(errFd);
	const sampler = new ProcSampler(child.pid, { intervalMs: sampleMs }).start();
	const timer = setTimeout(() => stopProcess(child, 5000), timeoutMs);
	const code = await new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (c) => resolve(c));
	});
	clearTimeout(timer);
	sampler.stop();
	const stdout = fs.readFileSync(`${base}.out`, 'utf8');
	const stderr = fs.readFileSync(`${base}.err`, 'utf8');
	fs.rmSync(`${base}.out`, { force: true });
	fs.rmSync(`${base}.err`, { force: true });
	const execution = parseExecuteOutput(stdout) || parseExecuteOutput(stderr);
	if (!execution) {
		throw new Error(
			`n8n execute --id=${workflowId} printed no execution (exit ${code})\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`,
		);
	}
	const resultData = execution.data.resultData;
	const run = resultData.runData?.[TARGET_NODE]?.at(-1);
	if (!run) {
		throw new Error(`"${TARGET_NODE}" did not run in ${workflowId}: ${JSON.stringify(resultData.error ?? {}).slice(0, 1000)}`);
	}
	const items = run.data?.main?.[0] ?? [];
	const from = run.startTime;
	const to = run.startTime + run.executionTime;
	return {
		pid: child.pid,
		exitCode: code,
		processSeconds: (Date.now() - started) / 1000,
		workflowError: resultData.error?.message,
		nodeError: run.error?.message,
		wallMs: run.executionTime,
		startTime: run.startTime,
		items,
		process: sampler.window(from, to),
		processPeakRssBytes: sampler.peakRssBytes,
	};
}

module.exports = { installedRuntime, prepareN8n, executeMeasured };
