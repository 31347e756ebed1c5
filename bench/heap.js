#!/usr/bin/env node
'use strict';
// `npm run bench:heap`: what makes the heap of `n8n execute` grow while the memory scenario's items
// go through a node. Each variant runs once with V8's sampling heap profiler (bench/lib/heap-hook.js),
// which counts the objects that outlived a minor GC — the ones that reach the old generation and
// stay until the next full GC, live or not. Prints the peak RSS growth during the node, then those
// bytes by package/area and by function minus a No Operation run (start-up and input items cancel
// out), and, for our node, by the innermost frame of our code on the allocating stack.
//
//   SPRUCE_N8N_LINE=current npm run bench:heap     on the current line (default: 2.8.x)
//   HEAP_VARIANTS=oursDefault,set,http             which variants (No Operation always runs)
//   HEAP_COUNT=10000 HEAP_TOP=20                   items per run, rows listed
// Needs n8n installed (e2e/install-n8n) and build/ + dist/ (the npm script builds them).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { n8nRuntime, resolveN8nVersion } = require('../e2e/lib/runtime');
const { prepareN8n, executeMeasured } = require('./lib/real-n8n');
const { benchWorkflow } = require('./lib/workflows');
const { sandboxServer } = require('./lib/in-process');
const { area } = require('./lib/areas');

const COUNT = Number(process.env.HEAP_COUNT ?? 10_000);
const TOP = Number(process.env.HEAP_TOP ?? 20);
const VARIANTS = {
	noop: { kind: 'noop' },
	oursDefault: { kind: 'spruce', options: {} },
	set: { kind: 'set' },
	http: { kind: 'http' },
};
const wanted = ['noop', ...(process.env.HEAP_VARIANTS ?? 'oursDefault,set').split(',').map((s) => s.trim()).filter((k) => k !== 'noop')];
for (const key of wanted) if (!VARIANTS[key]) throw new Error(`HEAP_VARIANTS: unknown variant ${key} (${Object.keys(VARIANTS).join(', ')})`);

const MB = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Bytes per area, per function and per innermost frame of our code, from a sampling heap profile. */
function summarize(profile) {
	const byArea = new Map();
	const byFunction = new Map();
	const byOurs = new Map();
	let total = 0;
	const add = (map, key, bytes) => map.set(key, (map.get(key) ?? 0) + bytes);
	const visit = (node, ours) => {
		const { url, functionName, lineNumber } = node.callFrame;
		const a = area(url, functionName);
		const here = a.startsWith('ours: ') ? `${functionName || '(anonymous)'} ${a.slice(6)}:${lineNumber + 1}` : ours;
		if (node.selfSize) {
			total += node.selfSize;
			add(byArea, a, node.selfSize);
			add(byFunction, `${functionName || '(anonymous)'} ${a}:${lineNumber + 1}`, node.selfSize);
			if (here) add(byOurs, here, node.selfSize);
		}
		for (const child of node.children) visit(child, here);
	};
	visit(profile.head, undefined);
	return { total, byArea, byFunction, byOurs };
}

/** `a` minus `b`, largest differences first. */
function minus(a, b) {
	const keys = new Set([...a.keys(), ...(b?.keys() ?? [])]);
	return [...keys].map((k) => [k, (a.get(k) ?? 0) - (b?.get(k) ?? 0)]).sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]));
}

async function main() {
	const runtime = n8nRuntime(resolveN8nVersion());
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spruce-heap-'));
	const heapDir = path.join(workDir, 'heap');
	fs.mkdirSync(heapDir);
	const sandbox = await sandboxServer().startSandbox({ latencyMs: 20, extraConversations: COUNT });
	try {
		const endpoint = { id: 'heapSandbox', name: 'Spruce sandbox (heap)', baseUrl: sandbox.url, token: sandbox.token };
		const { n8n } = await prepareN8n({ workDir, runtime, endpoints: [endpoint] });
		const id = (key) => `heap${key[0].toUpperCase()}${key.slice(1)}`;
		await n8n.importWorkflows(
			wanted.map((key) =>
				benchWorkflow({ id: id(key), name: `Heap ${key}`, count: COUNT, target: VARIANTS[key], credential: endpoint, baseUrl: endpoint.baseUrl, token: endpoint.token }),
			),
		);
		process.stdout.write(`n8n ${runtime.version}, ${COUNT} items, 20 ms latency; load average ${os.loadavg()[0].toFixed(1)}\n`);
		let baseline;
		for (const key of wanted) {
			sandbox.reset();
			const run = await executeMeasured(n8n, id(key), {
				env: { NODE_OPTIONS: `--require ${path.join(__dirname, 'lib', 'heap-hook.js')}`, SPRUCE_HEAP_DIR: heapDir },
			});
			const file = path.join(heapDir, `${run.pid}.heapprofile`);
			if (!fs.existsSync(file)) throw new Error(`no heap profile of pid ${run.pid} in ${heapDir}`);
			const s = summarize(JSON.parse(fs.readFileSync(file, 'utf8')));
			const p = run.process;
			process.stdout.write(
				`\n== ${key}: ${(run.wallMs / 1000).toFixed(2)} s, peak RSS growth during the node +${MB(p?.growthBytes ?? NaN)}; ` +
					`outlived a minor GC in the whole process: ${MB(s.total)}${baseline ? `, ${MB(s.total - baseline.total)} more than No Operation` : ''}\n`,
			);
			if (!baseline) {
				baseline = s;
				continue;
			}
			process.stdout.write('  by area, minus No Operation:\n');
			for (const [k, bytes] of minus(s.byArea, baseline.byArea).slice(0, TOP)) process.stdout.write(`    ${MB(bytes).padStart(10)}  ${k}\n`);
			process.stdout.write('  by function, minus No Operation:\n');
			for (const [k, bytes] of minus(s.byFunction, baseline.byFunction).slice(0, TOP)) process.stdout.write(`    ${MB(bytes).padStart(10)}  ${k}\n`);
			if (VARIANTS[key].kind === 'spruce') {
				process.stdout.write('  by the innermost frame of our code on the allocating stack (n8n calls made from it included), minus No Operation:\n');
				for (const [k, bytes] of minus(s.byOurs, baseline.byOurs).slice(0, TOP)) process.stdout.write(`    ${MB(bytes).padStart(10)}  ${k}\n`);
			}
		}
	} finally {
		await sandbox.close();
		if (process.env.BENCH_KEEP === '1') process.stderr.write(`kept ${workDir}\n`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exitCode = 1;
});
