#!/usr/bin/env node
'use strict';
// `npm run bench:profile`: where the CPU goes while the fan-out runs in a real n8n, ours next to
// the HTTP Request node. Each variant runs once in `n8n execute` with V8's sampling profiler
// (--cpu-prof); only the samples inside the node's own run (startTime … + executionTime) count.
// Prints CPU per post and self time by package/area and by function.
//
//   SPRUCE_N8N_LINE=current npm run bench:profile      on the current line (default: 2.8.x)
//   PROFILE_COUNT=1000 PROFILE_TOP=25                  posts per run, functions listed
//   PROFILE_VARIANTS=oursDefault,oursStop,oursC50,http which variants (oursStop: On Error → Stop; oursC<N>: concurrency N)
// Needs n8n installed (e2e/install-n8n) and build/ + dist/ (the npm script builds them).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { n8nRuntime, resolveN8nVersion } = require('../e2e/lib/runtime');
const { prepareN8n, executeMeasured } = require('./lib/real-n8n');
const { benchWorkflow } = require('./lib/workflows');
const { sandboxServer } = require('./lib/in-process');
const { area } = require('./lib/areas');

const COUNT = Number(process.env.PROFILE_COUNT ?? 1000);
const TOP = Number(process.env.PROFILE_TOP ?? 25);
const VARIANTS = {
	oursDefault: { kind: 'spruce', options: {} },
	// On Error → Stop (n8n's default): every item is checked before the first is sent.
	oursStop: { kind: 'spruce', options: {}, onError: 'stopWorkflow' },
	http: { kind: 'http' },
};
const wanted = (process.env.PROFILE_VARIANTS ?? 'oursDefault,http').split(',').map((s) => s.trim());
for (const key of wanted) {
	// oursC<N>: our node at concurrency N.
	const m = /^oursC(\d+)$/.exec(key);
	if (m) VARIANTS[key] = { kind: 'spruce', options: { concurrency: Number(m[1]) } };
	if (!VARIANTS[key]) throw new Error(`PROFILE_VARIANTS: unknown variant ${key} (oursDefault, oursStop, oursC<N>, http)`);
}

/** Self time (ms) per area and per function, from the samples between `from` and `to` (epoch ms). */
function summarize(profile, from, to, monoToEpochMs) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const byArea = new Map();
	const byFunction = new Map();
	let t = profile.startTime;
	let total = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		t += profile.timeDeltas[i];
		const epoch = t / 1000 + monoToEpochMs;
		if (epoch < from || epoch > to) continue;
		const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
		const { callFrame } = byId.get(profile.samples[i]);
		const a = area(callFrame.url, callFrame.functionName);
		if (a === '(idle)') continue;
		total += dt;
		byArea.set(a, (byArea.get(a) ?? 0) + dt);
		const fn = `${callFrame.functionName || '(anonymous)'} ${a}:${callFrame.lineNumber + 1}`;
		byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
	}
	const top = (map) => [...map.entries()].sort((x, y) => y[1] - x[1]).slice(0, TOP);
	return { total, areas: top(byArea), functions: top(byFunction), ours: top(ourCallSites(profile, from, to, monoToEpochMs)), timeline: timeline(profile, from, to, monoToEpochMs) };
}

/**
 * Inclusive time per line of our dist/ code: each sample goes to the innermost frame of ours on
 * its stack (so a getNodeParameter call is charged to the line that made it).
 */
function ourCallSites(profile, from, to, monoToEpochMs) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const sites = new Map();
	let t = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		t += profile.timeDeltas[i];
		const epoch = t / 1000 + monoToEpochMs;
		if (epoch < from || epoch > to) continue;
		const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
		for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
			const { callFrame } = byId.get(id);
			const m = /n8n-nodes-spruce-health\/dist\/(.*)$/.exec(callFrame.url);
			if (!m) continue;
			const site = `${callFrame.functionName || '(anonymous)'} ${m[1]}:${callFrame.lineNumber + 1}`;
			sites.set(site, (sites.get(site) ?? 0) + dt);
			break;
		}
	}
	return sites;
}

/** Busy share of the JavaScript thread per tenth of the run: where it waited with nothing to do. */
function timeline(profile, from, to, monoToEpochMs) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const slots = Array.from({ length: 10 }, () => ({ busy: 0, all: 0 }));
	let t = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		t += profile.timeDeltas[i];
		const epoch = t / 1000 + monoToEpochMs;
		if (epoch < from || epoch >= to) continue;
		const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
		const slot = slots[Math.floor((10 * (epoch - from)) / (to - from))];
		slot.all += dt;
		if (byId.get(profile.samples[i]).callFrame.functionName !== '(idle)') slot.busy += dt;
	}
	return slots.map((s) => (s.all ? Math.round((100 * s.busy) / s.all) : 0));
}

async function main() {
	const runtime = n8nRuntime(resolveN8nVersion());
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spruce-profile-'));
	const profDir = path.join(workDir, 'profiles');
	fs.mkdirSync(profDir);
	// CLOCK_MONOTONIC (V8's profile clock and process.hrtime) is machine-wide: one offset serves.
	const monoToEpochMs = Date.now() - Number(process.hrtime.bigint()) / 1e6;
	const sandbox = await sandboxServer().startSandbox({ latencyMs: 20, extraConversations: COUNT });
	try {
		const endpoint = { id: 'profileSandbox', name: 'Spruce sandbox (profile)', baseUrl: sandbox.url, token: sandbox.token };
		const { n8n } = await prepareN8n({ workDir, runtime, endpoints: [endpoint] });
		const id = (key) => `profile${key[0].toUpperCase()}${key.slice(1)}`;
		await n8n.importWorkflows(
			wanted.map((key) =>
				benchWorkflow({ id: id(key), name: `Profile ${key}`, count: COUNT, target: VARIANTS[key], credential: endpoint, baseUrl: endpoint.baseUrl, token: endpoint.token }),
			),
		);
		process.stdout.write(`n8n ${runtime.version}, Node ${runtime.nodeBinary}, ${COUNT} posts, 20 ms latency\n`);
		for (const key of wanted) {
			sandbox.reset();
			const before = new Set(fs.readdirSync(profDir));
			const run = await executeMeasured(n8n, id(key), {
				env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profDir} --cpu-prof-interval=200` },
			});
			const file = fs.readdirSync(profDir).find((f) => !before.has(f) && f.includes(`.${run.pid}.`));
			if (!file) throw new Error(`no profile of pid ${run.pid} in ${profDir}`);
			const profile = JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8'));
			const s = summarize(profile, run.startTime, run.startTime + run.wallMs, monoToEpochMs);
			const failed = run.items.filter((item) => item.json?.error !== undefined).length;
			process.stdout.write(
				`\n== ${key}: ${(run.wallMs / 1000).toFixed(2)} s wall, ${s.total.toFixed(0)} ms JavaScript-thread CPU sampled = ` +
					`${(s.total / COUNT).toFixed(2)} ms per post (process CPU ${(run.process?.cpuMs ?? NaN).toFixed(0)} ms); ` +
					`${sandbox.ledger().messages.length} recorded, ${failed} failed\n`,
			);
			process.stdout.write(`  busy % per tenth of the run: ${s.timeline.join(' ')}\n`);
			// Before the first post reached the sandbox (the items are read and checked) and after.
			const firstPost = Math.min(...sandbox.ledger().messages.map((m) => Date.parse(m.receivedAt)));
			for (const [phase, a, b] of [['before the first post', run.startTime, firstPost], ['from the first post on', firstPost, run.startTime + run.wallMs]]) {
				const p = summarize(profile, a, b, monoToEpochMs);
				process.stdout.write(`  ${phase}: ${((b - a) / 1000).toFixed(2)} s wall, ${p.total.toFixed(0)} ms busy; top areas: ${p.areas.slice(0, 8).map(([x, ms]) => `${x} ${ms.toFixed(0)}`).join(', ')}\n`);
			}
			process.stdout.write('  self time by area:\n');
			for (const [a, ms] of s.areas) process.stdout.write(`    ${ms.toFixed(0).padStart(6)} ms  ${((100 * ms) / s.total).toFixed(1).padStart(5)} %  ${a}\n`);
			if (s.ours.length) {
				process.stdout.write('  inclusive time by the innermost frame of our code (function, where it starts):\n');
				for (const [f, ms] of s.ours) process.stdout.write(`    ${ms.toFixed(0).padStart(6)} ms  ${f}\n`);
			}
			process.stdout.write('  self time by function:\n');
			for (const [f, ms] of s.functions) process.stdout.write(`    ${ms.toFixed(0).padStart(6)} ms  ${f}\n`);
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
