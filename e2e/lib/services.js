'use strict';
// Redis and PostgreSQL from Debian's packages, for n8n's queue mode: each a throwaway instance on
// a loopback port, started as a child process (its own process group) and stopped by pid.

const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { execOk, freePort, log, stopProcess, waitFor } = require('./util');

/** Installs Debian packages whose programs are missing (apt-get update first). */
function ensureDebianPackages(wanted) {
	const missing = Object.entries(wanted)
		.filter(([program]) => !findProgram(program))
		.map(([, pkg]) => pkg);
	if (missing.length === 0) return;
	log(`installing ${missing.join(', ')} with apt-get`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
		const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
		if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed`);
	}
}

/** A program on PATH, or PostgreSQL's in /usr/lib/postgresql/<version>/bin. */
function findProgram(name) {
	for (const dir of (process.env.PATH || '').split(path.delimiter)) {
		if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
	}
	const pgRoot = '/usr/lib/postgresql';
	if (fs.existsSync(pgRoot)) {
		for (const version of fs.readdirSync(pgRoot).sort().reverse()) {
			const file = path.join(pgRoot, version, 'bin', name);
			if (fs.existsSync(file)) return file;
		}
	}
	return undefined;
}

function spawnService(program, args, { logFile, ...options }) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(program, args, { stdio: ['ignore', out, out], detached: true, ...options });
	fs.closeSync(out);
	child.detachedGroup = true;
	const killOnExit = () => {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {}
	};
	process.once('exit', killOnExit);
	child.once('exit', () => process.removeListener('exit', killOnExit));
	return child;
}

async function startRedis(workDir) {
	const port = await freePort();
	const logFile = path.join(workDir, 'redis.log');
	const child = spawnService(
		findProgram('redis-server'),
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', workDir],
		{ logFile },
	);
	await waitFor('redis', () => fs.readFileSync(logFile, 'utf8').includes('Ready to accept connections'), { timeoutMs: 30_000 });
	return { port, process: child, stop: () => stopProcess(child, 5_000) };
}

/** A throwaway PostgreSQL cluster (trust auth on loopback), run as the `postgres` user. */
async function startPostgres(workDir) {
	const port = await freePort();
	const dataDir = path.join(workDir, 'pgdata');
	const logFile = path.join(workDir, 'postgres.log');
	const uid = Number(spawnSync('id', ['-u', 'postgres']).stdout);
	const gid = Number(spawnSync('id', ['-g', 'postgres']).stdout);
	fs.rmSync(dataDir, { recursive: true, force: true });
	fs.mkdirSync(dataDir, { recursive: true });
	fs.chownSync(dataDir, uid, gid);
	fs.chmodSync(workDir, 0o755);
	await execOk(findProgram('initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync'], { uid, gid, cwd: dataDir });
	const child = spawnService(
		findProgram('postgres'),
		['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', dataDir, '-c', 'fsync=off', '-c', 'max_connections=200'],
		{ logFile, uid, gid, cwd: dataDir },
	);
	await waitFor('postgres', () => fs.readFileSync(logFile, 'utf8').includes('ready to accept connections'), { timeoutMs: 60_000 });
	return { port, user: 'postgres', database: 'postgres', process: child, stop: () => stopProcess(child, 10_000) };
}

module.exports = { ensureDebianPackages, findProgram, startRedis, startPostgres };
