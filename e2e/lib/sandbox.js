'use strict';
// Runs the local Spruce-compatible sandbox (test/sandbox, compiled to build/ by tsconfig.dev.json)
// as a child process, and talks to its control routes.

const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { REPO_ROOT, stopProcess } = require('./util');

const SANDBOX_CLI = path.join(REPO_ROOT, 'build', 'test', 'sandbox', 'cli.js');

/**
 * Starts the sandbox on `port` (a free one when omitted), with more CLI `args` (e.g. a rate
 * limit). Resolves once it printed its URL.
 * Returns { baseUrl, origin, token, control(method, route, body), ledger(), reset(), faults(body), stop() }.
 */
async function startSandbox({ port, logFile, args = [] } = {}) {
	if (!fs.existsSync(SANDBOX_CLI)) {
		throw new Error(`${SANDBOX_CLI} is missing: run "npx tsc -p tsconfig.dev.json" (npm run build:dev)`);
	}
	port = port ?? 0;
	const child = spawn(process.execPath, [SANDBOX_CLI, '--port', String(port), ...args], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);
	child.once('exit', () => process.removeListener('exit', killOnExit));
	const logStream = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : undefined;
	let output = '';
	const onData = (chunk) => {
		output += chunk;
		logStream?.write(chunk);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);

	const baseUrl = await new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`sandbox did not start in 30 s:\n${output}`)), 30_000);
		const check = () => {
			const m = /listening on (http:\/\/\S+?\/v1)\b/.exec(output);
			if (m && /token:\s*\S+/.test(output)) {
				clearTimeout(timer);
				resolve(m[1]);
			}
		};
		child.stdout.on('data', check);
		child.stderr.on('data', check);
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`sandbox exited (${code}) before listening:\n${output}`));
		});
	});
	const token = /token:\s*(\S+)/.exec(output)[1];
	const origin = new URL(baseUrl).origin;

	const control = async (method, route, body) => {
		const response = await fetch(`${origin}/_sandbox/${route}`, {
			method,
			headers: body ? { 'content-type': 'application/json' } : {},
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /_sandbox/${route} → ${response.status} ${text}`);
		return text ? JSON.parse(text) : undefined;
	};

	return {
		port,
		baseUrl,
		origin,
		token,
		process: child,
		output: () => output,
		control,
		ledger: () => control('GET', 'ledger'),
		reset: () => control('POST', 'reset', {}),
		faults: (body) => control('POST', 'faults', body),
		stop: async () => {
			await stopProcess(child, 5000);
			logStream?.end();
		},
	};
}

module.exports = { startSandbox, SANDBOX_CLI };
