'use strict';
// A real n8n, from the cache (see install-n8n), with its own throwaway or persistent user folder:
// CLI commands (import, execute) and the editor server (`n8n start`) with a small REST client.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { n8nRuntime } = require('./runtime');
const { exec, freePorts, stopProcess, waitFor } = require('./util');

/** Fixed, so credentials imported into a persistent user folder stay readable across runs. */
const ENCRYPTION_KEY = 'spruce-e2e-not-a-secret-0123456789';

const OWNER = Object.freeze({
	email: 'owner@sandbox.local',
	firstName: 'Sandbox',
	lastName: 'Owner',
	password: 'Sandbox-Owner-2024',
});

/** A browser id is bound into n8n's auth cookie; REST calls must repeat it. */
const BROWSER_ID = 'spruce-e2e-rest-client';

class N8n {
	/**
	 * @param {object} options
	 * @param {string} options.userFolder  N8N_USER_FOLDER (created when missing)
	 * @param {number} [options.port]      editor port (for `start`)
	 * @param {number} [options.brokerPort] task runner broker port
	 * @param {object} [options.runtime]   from runtime.n8nRuntime()
	 * @param {object} [options.env]       extra environment
	 */
	constructor({ userFolder, port, brokerPort, runtime = n8nRuntime(), env = {} }) {
		this.runtime = runtime;
		this.userFolder = userFolder;
		this.port = port;
		this.brokerPort = brokerPort;
		this.extraEnv = env;
		this.cookie = undefined;
		fs.mkdirSync(userFolder, { recursive: true });
	}

	/** Picks free ports for the editor and the task runner broker. */
	static async create(options) {
		const [port, brokerPort] = await freePorts(2);
		return new N8n({ port, brokerPort, ...options });
	}

	get url() {
		return `http://127.0.0.1:${this.port}`;
	}

	env(extra = {}) {
		const env = { ...process.env };
		// An outer n8n's settings must not leak in (a developer may have N8N_* exported).
		for (const key of Object.keys(env)) if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_)/.test(key)) delete env[key];
		return {
			...env,
			PATH: `${this.runtime.nodeBinDir}${path.delimiter}${process.env.PATH}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			DB_TYPE: 'sqlite',
			// Nothing leaves the machine: no telemetry, version checks, templates or banners.
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			// Everything on loopback.
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			...(this.port ? { N8N_PORT: String(this.port), N8N_EDITOR_BASE_URL: `${this.url}/`, WEBHOOK_URL: `${this.url}/` } : {}),
			...(this.brokerPort ? { N8N_RUNNERS_BROKER_PORT: String(this.brokerPort) } : {}),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_LOG_LEVEL: 'warn',
			N8N_LOG_OUTPUT: 'console',
			GENERIC_TIMEZONE: 'UTC',
			TZ: 'UTC',
			...this.extraEnv,
			...extra,
		};
	}

	/** Runs `n8n <args>`; resolves { code, stdout, stderr }. */
	cli(args, { env, timeoutMs = 5 * 60 * 1000 } = {}) {
		return exec(this.runtime.nodeBinary, [this.runtime.n8nBin, ...args], {
			cwd: this.userFolder,
			env: this.env(env),
			timeoutMs,
		});
	}

	async cliOk(args, options) {
		const result = await this.cli(args, options);
		if (result.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} exited ${result.code ?? result.signal}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
		}
		return result;
	}

	/** Imports credentials given as [{ id, name, type, data }] with plain data (n8n encrypts them). */
	async importCredentials(credentials) {
		const file = writeTemp('credentials.json', credentials);
		try {
			await this.cliOk(['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(path.dirname(file), { recursive: true, force: true });
		}
	}

	/** Imports workflow objects (each with a fixed id, so a re-import replaces it). */
	async importWorkflows(workflows) {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spruce-wf-'));
		for (const wf of workflows) fs.writeFileSync(path.join(dir, `${wf.id}.json`), JSON.stringify(wf));
		await this.cliOk(['import:workflow', '--separate', `--input=${dir}`]);
		fs.rmSync(dir, { recursive: true, force: true });
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`, returning the execution's run data. The result is only
	 * logged at level info, so the JSON log line that holds `data.resultData` is picked out.
	 */
	async execute(workflowId) {
		const started = Date.now();
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			env: { N8N_LOG_LEVEL: 'info', N8N_LOG_FORMAT: 'json' },
		});
		const execution = parseExecuteOutput(result.stdout) || parseExecuteOutput(result.stderr);
		if (!execution) {
			throw new Error(`n8n execute --id=${workflowId} printed no execution (exit ${result.code})\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
		}
		return { execution, exitCode: result.code, seconds: (Date.now() - started) / 1000, stdout: result.stdout, stderr: result.stderr };
	}

	/**
	 * `n8n start` (or another long-running `command`, e.g. ['worker'] or ['webhook']), in its own
	 * process group; resolves once `ready()` says so (default: the REST API answers).
	 */
	async start({
		logFile = path.join(this.userFolder, 'n8n-start.log'),
		timeoutMs = 180_000,
		command = ['start'],
		ready = () => this.settingsReady(),
	} = {}) {
		const out = fs.openSync(logFile, 'a');
		this.logFile = logFile;
		this.process = spawn(this.runtime.nodeBinary, [this.runtime.n8nBin, ...command], {
			cwd: this.userFolder,
			env: this.env({ N8N_LOG_LEVEL: 'info' }),
			stdio: ['ignore', out, out],
			detached: true,
		});
		this.process.detachedGroup = true;
		fs.closeSync(out);
		// n8n leads its own process group (with its task runner): never leave it behind.
		const pid = this.process.pid;
		const killOnExit = () => {
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {}
		};
		process.once('exit', killOnExit);
		this.process.once('exit', () => process.removeListener('exit', killOnExit));
		const exited = new Promise((resolve) => this.process.once('exit', (code) => resolve(code)));
		await Promise.race([
			// /healthz answers before the REST routes exist, and newer n8n answers /rest/settings
			// with a "starting up" HTML page (200), then a 404: wait for the settings JSON itself.
			waitFor(`n8n ${command[0]} ready`, ready, { timeoutMs, intervalMs: 500 }),
			exited.then((code) => {
				throw new Error(`n8n start exited (${code}):\n${tail(logFile)}`);
			}),
		]);
		return this;
	}

	async settingsReady() {
		const response = await fetch(`${this.url}/rest/settings`);
		if (!response.ok || !(response.headers.get('content-type') || '').includes('application/json')) return false;
		return Boolean((await response.json())?.data);
	}

	async stop() {
		await stopProcess(this.process, 15_000);
		this.process = undefined;
		this.cookie = undefined;
	}

	async request(method, route, body, { expectOk = true, timeoutMs } = {}) {
		const response = await fetch(`${this.url}${route}`, {
			method,
			signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
			headers: {
				'browser-id': BROWSER_ID,
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body !== undefined ? JSON.stringify(body) : undefined,
		});
		const setCookie = response.headers.getSetCookie?.() || [];
		const auth = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await response.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {}
		if (expectOk && !response.ok) throw new Error(`${method} ${route} → ${response.status} ${text.slice(0, 500)}`);
		return { status: response.status, headers: response.headers, text, json, data: json?.data };
	}

	/** Creates the owner on a fresh instance (no-op when one exists), then logs in. */
	async ensureOwnerAndLogin(owner = OWNER) {
		const settings = (await this.request('GET', '/rest/settings')).data;
		if (settings?.userManagement?.showSetupOnFirstLoad) {
			await this.request('POST', '/rest/owner/setup', owner);
		}
		await this.request('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		return owner;
	}
}

function parseExecuteOutput(text) {
	for (const line of text.split('\n')) {
		if (!line.includes('resultData')) continue;
		try {
			const entry = JSON.parse(line);
			const candidate = typeof entry.message === 'string' ? JSON.parse(entry.message) : entry;
			if (candidate?.data?.resultData) return candidate;
		} catch {}
	}
	// Plain output (no JSON logger): the whole execution printed as one JSON document.
	const start = text.indexOf('{\n');
	if (start >= 0) {
		try {
			const candidate = JSON.parse(text.slice(start));
			if (candidate?.data?.resultData) return candidate;
		} catch {}
	}
	return undefined;
}

/** The items a node put out on its first output, in its last run. */
function nodeOutput(execution, nodeName) {
	const runs = execution.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(execution.data.resultData.runData).join(', ')}`);
	return runs.at(-1).data?.main?.[0] ?? [];
}

function writeTemp(name, content) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spruce-n8n-'));
	const file = path.join(dir, name);
	fs.writeFileSync(file, JSON.stringify(content));
	return file;
}

function tail(file, lines = 60) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

module.exports = { N8n, OWNER, ENCRYPTION_KEY, BROWSER_ID, parseExecuteOutput, nodeOutput, tail };
