'use strict';

const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** A TCP port that is free on 127.0.0.1 right now. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Several distinct free ports (asked for together so that none is handed out twice). */
async function freePorts(count) {
	const servers = [];
	try {
		for (let i = 0; i < count; i++) {
			const server = net.createServer();
			await new Promise((resolve, reject) => {
				server.on('error', reject);
				server.listen(0, '127.0.0.1', resolve);
			});
			servers.push(server);
		}
		return servers.map((s) => s.address().port);
	} finally {
		await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
	}
}

/** Runs a command to completion, capturing its output. Never rejects on a non-zero exit. */
function exec(cmd, args, { cwd = REPO_ROOT, env = process.env, input, timeoutMs = 10 * 60 * 1000, echo = false, uid, gid } = {}) {
	return new Promise((resolve, reject) => {
		const ids = uid === undefined ? {} : { uid, gid };
		const child = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], ...ids });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => {
			stdout += chunk;
			if (echo) process.stderr.write(chunk);
		});
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
			if (echo) process.stderr.write(chunk);
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
		child.stdin.end(input);
	});
}

/** Like exec, but throws with the command's output when it fails. */
async function execOk(cmd, args, options) {
	const result = await exec(cmd, args, options);
	if (result.code !== 0) {
		throw new Error(
			`${cmd} ${args.join(' ')} exited ${result.code ?? result.signal}\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`,
		);
	}
	return result;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a truthy value or `timeoutMs` passes. */
async function waitFor(what, probe, { timeoutMs = 120_000, intervalMs = 250 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let lastError;
	while (Date.now() < deadline) {
		try {
			const value = await probe();
			if (value) return value;
		} catch (error) {
			lastError = error;
		}
		await sleep(intervalMs);
	}
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
}

/**
 * Stops a child process we started: SIGTERM, then SIGKILL after a grace period. A child spawned
 * with `detached: true` leads its own process group; the signal goes to that group, so helpers it
 * started (n8n's task runner) end with it.
 */
function stopProcess(child, graceMs = 10_000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	const signal = (name) => {
		try {
			if (child.spawnargs && child.detachedGroup) process.kill(-child.pid, name);
			else child.kill(name);
		} catch {}
	};
	return new Promise((resolve) => {
		const timer = setTimeout(() => signal('SIGKILL'), graceMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		signal('SIGTERM');
	});
}

const log = (msg) => process.stderr.write(`[e2e] ${msg}\n`);

module.exports = { REPO_ROOT, freePort, freePorts, exec, execOk, sleep, waitFor, stopProcess, log };
