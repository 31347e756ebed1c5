'use strict';
// The n8n-workflow values the built package uses at run time, and whether an installed n8n's own
// n8n-workflow exports each of them. A community node gets n8n's copy of n8n-workflow, not the
// one we compile against: a value missing there (`sleepWithAbort` in 2.40) only shows when that
// line of code runs, e.g. on the first retry. This reads the compiled JavaScript in dist/, so
// it sees exactly what ships, with type-only imports already gone.

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const REQUIRE = /require\(\s*(["'])n8n-workflow\1\s*\)/g;

/**
 * `{ names, problems }` for one compiled CommonJS file: `names` are the n8n-workflow exports it
 * reads; `problems` are uses this reader cannot follow (they fail the check rather than pass it).
 * Understood: `const x = require("n8n-workflow")` (tsc's form, also wrapped in `__importStar`/
 * `__importDefault`) read as `x.name`, and `const { a, b: c } = require("n8n-workflow")`.
 */
function workflowImports(source) {
	const names = new Set();
	const problems = [];
	for (const match of source.matchAll(REQUIRE)) {
		const before = source.slice(Math.max(0, match.index - 200), match.index);
		const binding = /(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:__import(?:Star|Default)\()?$/.exec(before);
		const destructured = /(?:const|let|var)\s*\{([^}]*)\}\s*=\s*$/.exec(before);
		if (destructured) {
			for (const part of destructured[1].split(',')) {
				const name = part.split(':')[0].trim();
				if (name) names.add(name);
			}
		} else if (binding) {
			const id = binding[1];
			const declaration = [Math.max(0, match.index - 200) + binding.index, match.index + match[0].length];
			const uses = new RegExp(
				`(?<![\\w$.])${id.replace(/\$/g, '\\$')}(?![\\w$])(?:\\s*\\.\\s*([A-Za-z_$][\\w$]*)|\\s*\\[\\s*(["'])([^"']+)\\2\\s*\\])?`,
				'g',
			);
			for (const use of source.matchAll(uses)) {
				if (use.index >= declaration[0] && use.index < declaration[1]) continue;
				const name = use[1] ?? use[3];
				if (name) {
					names.add(name);
				} else {
					problems.push(`${id} is handed around whole (not read as ${id}.<name>) near: ${snippet(source, use.index)}`);
				}
			}
		} else {
			problems.push(`unrecognised require("n8n-workflow") near: ${snippet(source, match.index)}`);
		}
	}
	if (/import\(\s*["']n8n-workflow["']\s*\)/.test(source)) problems.push('a dynamic import("n8n-workflow")');
	return { names, problems };
}

const snippet = (source, at) => JSON.stringify(source.slice(Math.max(0, at - 60), at + 60));

function jsFiles(dir) {
	const out = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...jsFiles(full));
		else if (entry.name.endsWith('.js')) out.push(full);
	}
	return out.sort();
}

/** `{ uses: Map<name, files[]>, problems: string[] }` over every .js file below `distDir`. */
function distWorkflowImports(distDir) {
	if (!fs.existsSync(distDir)) throw new Error(`${distDir} does not exist: run npm run build`);
	const uses = new Map();
	const problems = [];
	const files = jsFiles(distDir);
	if (files.length === 0) throw new Error(`${distDir} holds no .js files: run npm run build`);
	for (const file of files) {
		const rel = path.relative(distDir, file);
		const found = workflowImports(fs.readFileSync(file, 'utf8'));
		for (const name of found.names) uses.set(name, [...(uses.get(name) ?? []), rel]);
		problems.push(...found.problems.map((p) => `${rel}: ${p}`));
	}
	return { uses, problems, files: files.length };
}

/**
 * What an installed n8n's n8n-workflow exports of `names`: `{ version, file, missing }`. Loaded
 * the way n8n loads it for community packages (resolved from n8n's own folder, with the Node.js
 * that runs that n8n).
 */
function checkAgainstInstall(runtime, names) {
	const from = path.join(runtime.dir, 'node_modules', 'n8n', 'dist');
	const script = `
		const file = require.resolve('n8n-workflow', { paths: [${JSON.stringify(from)}] });
		const mod = require(file);
		const pkg = require(require('node:path').join(file.slice(0, file.lastIndexOf('node_modules/n8n-workflow/') + 'node_modules/n8n-workflow/'.length), 'package.json'));
		const names = ${JSON.stringify([...names])};
		process.stdout.write(JSON.stringify({ version: pkg.version, file, missing: names.filter((n) => mod[n] === undefined) }));
	`;
	const out = spawnSync(runtime.nodeBinary, ['-e', script], { encoding: 'utf8' });
	if (out.status !== 0) throw new Error(`loading n8n-workflow of n8n ${runtime.version} failed: ${out.stderr}`);
	return JSON.parse(out.stdout);
}

module.exports = { workflowImports, distWorkflowImports, checkAgainstInstall };
