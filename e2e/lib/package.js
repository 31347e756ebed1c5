'use strict';
// Builds and packs this repository, and installs the tarball into an n8n user folder the way
// n8n's community-package installer does (n8n 2.x CommunityPackagesService.downloadPackage):
// extract the tarball into <user folder>/.n8n/nodes/node_modules/<name>, drop devDependencies,
// peerDependencies and optionalDependencies from its package.json, `npm install` what is left
// (nothing, for us) and record the package in nodes/package.json.

const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT, execOk, log } = require('./util');

const PACKAGE_JSON = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const PACKAGE_NAME = PACKAGE_JSON.name;

async function buildPackage({ withDevBuild = true } = {}) {
	const started = Date.now();
	await execOk('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT });
	// The sandbox server (test/sandbox) is compiled by the dev tsconfig into build/.
	if (withDevBuild) await execOk('npx', ['tsc', '-p', 'tsconfig.dev.json'], { cwd: REPO_ROOT });
	log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** `npm pack` into `destDir`; returns the tarball's path and the packed file list. */
async function packPackage(destDir) {
	fs.mkdirSync(destDir, { recursive: true });
	const { stdout } = await execOk('npm', ['pack', '--json', '--pack-destination', destDir], { cwd: REPO_ROOT });
	const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')));
	return { tarball: path.join(destDir, info.filename), files: info.files.map((f) => f.path), info };
}

function nodesDir(userFolder) {
	return path.join(userFolder, '.n8n', 'nodes');
}

function installedPackageDir(userFolder) {
	return path.join(nodesDir(userFolder), 'node_modules', PACKAGE_NAME);
}

/** Installs a packed tarball into an n8n user folder, as n8n's own installer would. */
async function installTarball(tarball, userFolder) {
	const dir = installedPackageDir(userFolder);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	await execOk('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
	const manifest = stripForInstall(path.join(dir, 'package.json'));
	if (Object.keys(manifest.dependencies || {}).length > 0) {
		await execOk(
			'npm',
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			{ cwd: dir },
		);
	}
	recordInNodesPackageJson(userFolder, manifest.version);
	assertResolvesToN8nsOwnCopy(dir);
	return dir;
}

/**
 * Installs the working tree's dist/ (copied, not linked: Node resolves `require('n8n-workflow')`
 * from a file's real path, and a link into the repository would load the repository's copy of
 * n8n-workflow instead of n8n's own).
 */
function installWorkingTree(userFolder) {
	const dir = installedPackageDir(userFolder);
	const staging = `${dir}.staging`;
	fs.rmSync(staging, { recursive: true, force: true });
	fs.mkdirSync(staging, { recursive: true });
	for (const entry of PACKAGE_JSON.files || ['dist']) {
		const from = path.join(REPO_ROOT, entry);
		if (fs.existsSync(from)) fs.cpSync(from, path.join(staging, entry), { recursive: true });
	}
	for (const extra of ['README.md', 'LICENSE', 'LICENSE.md']) {
		const from = path.join(REPO_ROOT, extra);
		if (fs.existsSync(from)) fs.copyFileSync(from, path.join(staging, extra));
	}
	fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(staging, 'package.json'));
	const manifest = stripForInstall(path.join(staging, 'package.json'));
	fs.rmSync(dir, { recursive: true, force: true });
	fs.renameSync(staging, dir);
	recordInNodesPackageJson(userFolder, manifest.version);
	assertResolvesToN8nsOwnCopy(dir);
	return dir;
}

/**
 * n8n resolves `require('n8n-workflow')` in a community package to its own copy only as a last
 * resort (NODE_PATH): a node_modules/n8n-workflow in any folder above the user folder would win.
 * Refuse such a folder (inside this repository, for one), or the test would run the node against
 * the repository's dev copy of n8n-workflow instead of n8n's.
 */
function assertResolvesToN8nsOwnCopy(dir) {
	let found;
	try {
		found = require.resolve('n8n-workflow', { paths: [dir] });
	} catch {
		return;
	}
	throw new Error(
		`n8n-workflow resolves from ${dir} to ${found}: put the n8n user folder outside any folder with a node_modules/n8n-workflow`,
	);
}

function stripForInstall(manifestPath) {
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		fs.readFileSync(manifestPath, 'utf8'),
	);
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	return manifest;
}

function recordInNodesPackageJson(userFolder, version) {
	const file = path.join(nodesDir(userFolder), 'package.json');
	let manifest = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {}
	manifest.dependencies = { ...manifest.dependencies, [PACKAGE_NAME]: version };
	fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
}

/** The node and credential files package.json promises, present in the installed copy. */
function missingPackageFiles(dir) {
	const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const listed = [...(manifest.n8n?.nodes || []), ...(manifest.n8n?.credentials || [])];
	return listed.filter((file) => !fs.existsSync(path.join(dir, file)));
}

module.exports = {
	PACKAGE_NAME,
	PACKAGE_JSON,
	buildPackage,
	packPackage,
	installTarball,
	installWorkingTree,
	installedPackageDir,
	missingPackageFiles,
};
