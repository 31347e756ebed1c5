'use strict';
// Where the pinned n8n (and, for newer lines, the Node.js it needs) live: a cache folder outside
// the repository, shared by `npm run test:e2e`, `npm run dev` and CI runs on the same machine.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

/** n8n 2.8.x is the newest line whose `engines` accept Node 20; it is what CI runs by default. */
const DEFAULT_N8N_VERSION = '2.8.4';
/** The current line (Node 24). 2.41.x did not install from the registry when this was pinned. */
const CURRENT_N8N_LINE = '2.40.x';
/** The lines the package promises to work on: the oldest and the newest. CI tests both. */
const SUPPORTED_LINES = [
	{ line: 'default', spec: DEFAULT_N8N_VERSION, install: 'e2e/install-n8n' },
	{ line: 'current', spec: CURRENT_N8N_LINE, install: 'SPRUCE_N8N_LINE=current e2e/install-n8n' },
];

function cacheRoot() {
	return (
		process.env.SPRUCE_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-spruce-health')
	);
}

/** The n8n version spec asked for through the environment (exact version or a range). */
function requestedN8nSpec() {
	if (process.env.SPRUCE_N8N_VERSION) return process.env.SPRUCE_N8N_VERSION.trim();
	const line = (process.env.SPRUCE_N8N_LINE || '').trim().toLowerCase();
	if (line === 'current' || line === 'latest') return CURRENT_N8N_LINE;
	if (line && line !== 'default' && line !== 'node20') {
		throw new Error(`SPRUCE_N8N_LINE=${line}: expected "current" or "default"`);
	}
	return DEFAULT_N8N_VERSION;
}

const isExactVersion = (spec) => /^\d+\.\d+\.\d+$/.test(spec);

function npmView(spec, field) {
	const out = execFileSync('npm', ['view', spec, field, '--json'], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	}).trim();
	return out ? JSON.parse(out) : undefined;
}

/**
 * Turns a spec into an exact version. An exact version never touches the registry, so a
 * machine with a complete cache works offline; a range picks the highest version already
 * installed in the cache, or asks the registry.
 */
function resolveN8nVersion(spec = requestedN8nSpec()) {
	if (isExactVersion(spec)) return spec;
	const cached = installedN8nVersions().filter((v) => satisfiesXRange(v, spec));
	if (cached.length > 0 && process.env.SPRUCE_N8N_REFRESH !== '1') return cached.sort(compareVersions).pop();
	const versions = [].concat(npmView(`n8n@${spec}`, 'version') || []);
	if (versions.length === 0) throw new Error(`no n8n version matches ${spec}`);
	return versions.sort(compareVersions).pop();
}

function compareVersions(a, b) {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
	return 0;
}

/** Enough of semver for the specs we use: `2.40.x`, `2.40`, `2.x`, exact. */
function satisfiesXRange(version, spec) {
	const want = spec.replace(/^[~^=v]/, '').split('.');
	const have = version.split('.');
	return want.every((part, i) => part === 'x' || part === '*' || part === have[i]);
}

function installedN8nVersions() {
	let entries = [];
	try {
		entries = fs.readdirSync(cacheRoot());
	} catch {
		return [];
	}
	return entries
		.map((name) => /^n8n-(\d+\.\d+\.\d+)$/.exec(name)?.[1])
		.filter((v) => v && fs.existsSync(path.join(n8nDir(v), MARKER)));
}

const MARKER = '.install-complete.json';

const n8nDir = (version) => path.join(cacheRoot(), `n8n-${version}`);
const nodeRuntimeDir = (version) => path.join(cacheRoot(), `node-${version}`);

function readMarker(dir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
	} catch {
		return undefined;
	}
}

/**
 * What an installed n8n needs to run: its folder, the `node` binary to run it with, and the
 * n8n entry script. Throws when the install is missing (run `e2e/install-n8n`).
 */
function n8nRuntime(version = resolveN8nVersion()) {
	const dir = n8nDir(version);
	const marker = readMarker(dir);
	if (!marker) {
		throw new Error(`n8n ${version} is not installed in ${dir}: run e2e/install-n8n first`);
	}
	const nodeBinary = marker.nodeBinary || process.execPath;
	return {
		version,
		dir,
		nodeBinary,
		nodeBinDir: path.dirname(nodeBinary),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

module.exports = {
	DEFAULT_N8N_VERSION,
	CURRENT_N8N_LINE,
	SUPPORTED_LINES,
	MARKER,
	installedN8nVersions,
	satisfiesXRange,
	cacheRoot,
	requestedN8nSpec,
	resolveN8nVersion,
	isExactVersion,
	compareVersions,
	npmView,
	n8nDir,
	nodeRuntimeDir,
	readMarker,
	n8nRuntime,
};
