#!/usr/bin/env node
'use strict';
// `npm run bench`: how fast, how safe and how lean the Spruce Health node is next to n8n's HTTP
// Request node posting the same bodies, in a real n8n against the local Spruce sandbox.
//
//   node bench/run.js                  every scenario in a real n8n (+ the pickers in-process);
//                                      writes the numbers into docs/BENCHMARKS.md
//   node bench/run.js --smoke          small and quick (CI): 50-ish items in-process, one tiny
//                                      real-n8n run when n8n is installed; asserts no speed
//   node bench/run.js --only=fanout,order,throttle,memory,pickers
//                                      some scenarios (prints; docs are written by full runs only)
//   --repeat=N                         runs per fan-out variant (default 5; median reported)
//   --no-write                         do not touch docs/BENCHMARKS.md
//
// The same through the environment: BENCH_SMOKE=1, BENCH_ONLY=…, BENCH_REPEAT=N, BENCH_WRITE=0.
// BENCH_SMOKE_N8N=0 leaves the real n8n out of the smoke run; BENCH_KEEP=1 keeps the work folder
// (n8n user folder, raw results.json); BENCH_STRICT=1 exits non-zero when a target is missed.
//
// Needs `npm run build` (dist/, installed into n8n) and `npx tsc -p tsconfig.dev.json` (build/:
// the sandbox and the in-process harness). The full run installs the pinned n8n when it is missing
// (e2e/install-n8n; ~4 min once).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { benchWorkflow, messageNumber } = require('./lib/workflows');
const { startJitterProxy } = require('./lib/jitter-proxy');
const { consoleTable, markdownSection, updateDoc, machine, verdictLine, sec, mb } = require('./lib/report');

const REPO_ROOT = path.resolve(__dirname, '..');
const DOC = path.join(REPO_ROOT, 'docs', 'BENCHMARKS.md');
const SCENARIOS = ['fanout', 'order', 'throttle', 'memory', 'pickers'];

function parseArgs(argv) {
	const args = new Map();
	for (const arg of argv) {
		const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
		if (!m) throw new Error(`unknown argument ${arg}`);
		args.set(m[1], m[2] ?? true);
	}
	for (const key of args.keys()) {
		if (!['smoke', 'only', 'repeat', 'no-write', 'help'].includes(key)) throw new Error(`unknown option --${key}`);
	}
	const env = process.env;
	const smoke = args.has('smoke') || env.BENCH_SMOKE === '1';
	const only = String(args.get('only') ?? env.BENCH_ONLY ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	for (const s of only) if (!SCENARIOS.includes(s)) throw new Error(`--only: unknown scenario ${s} (${SCENARIOS.join(', ')})`);
	return {
		help: args.has('help'),
		smoke,
		only: only.length ? only : SCENARIOS,
		partial: only.length > 0,
		repeat: Number(args.get('repeat') ?? env.BENCH_REPEAT ?? (smoke ? 1 : 5)),
		write: !smoke && !args.has('no-write') && env.BENCH_WRITE !== '0',
		smokeN8n: env.BENCH_SMOKE_N8N !== '0',
		keep: env.BENCH_KEEP === '1',
		strict: env.BENCH_STRICT === '1',
	};
}

/** Sizes: the issue's numbers, or small ones for the smoke run. */
function sizes(smoke) {
	return smoke
		? {
				latencyMs: 20,
				fanout: { count: 50 },
				order: { count: 50, concurrency: 20, jitterMs: 20 },
				throttle: { count: 60, limit: 20, windowMs: 1000 },
				memory: { count: 200 },
				pickers: { conversations: 20_000, members: 100, repeats: 3, filter: 'Zebra Search Target', latencyMs: 20 },
			}
		: {
				latencyMs: 20,
				fanout: { count: 1000 },
				order: { count: 200, concurrency: 20, jitterMs: 20 },
				throttle: { count: 600, limit: 50, windowMs: 1000 },
				memory: { count: 10_000 },
				pickers: { conversations: 50_000, members: 2000, repeats: 15, filter: 'Zebra Search Target', latencyMs: 20 },
			};
}

const OURS_DEFAULT = { key: 'oursDefault', label: 'Spruce Health, defaults', target: { kind: 'spruce', options: {} } };
const OURS_C20 = { key: 'oursC20', label: 'Spruce Health, concurrency 20', target: { kind: 'spruce', options: { concurrency: 20 } } };
// n8n's default On Error setting: every item is checked before the first is sent.
const OURS_STOP = {
	key: 'oursStop',
	label: 'Spruce Health, defaults, On Error → Stop',
	target: { kind: 'spruce', options: {}, onError: 'stopWorkflow' },
};
const HTTP = { key: 'http', label: 'HTTP Request v4.2', target: { kind: 'http' } };
// Baselines for the memory scenario: n8n's own floor in the same process, sending nothing.
const SET = { key: 'set', label: 'baseline: Edit Fields, the same two expressions', target: { kind: 'set' } };
const NOOP = { key: 'noop', label: 'baseline: No Operation', target: { kind: 'noop' } };

/** What runs where. Real-n8n variants need an installed n8n; in-process ones only build/. */
function plan(opts, S) {
	const scenarios = [];
	const want = (s) => opts.only.includes(s);
	if (opts.smoke) {
		if (want('fanout')) {
			scenarios.push({ name: 'fanout', where: 'in-process', spec: S.fanout, variants: [OURS_DEFAULT, OURS_C20] });
			if (opts.smokeN8n) scenarios.push({ name: 'fanout', where: 'n8n', spec: S.fanout, variants: [OURS_DEFAULT, HTTP], optional: true });
		}
		if (want('order')) scenarios.push({ name: 'order', where: 'in-process', spec: S.order, variants: [OURS_C20] });
		if (want('order')) scenarios.push({ name: 'order', jitter: true, where: 'in-process', spec: S.order, variants: [OURS_C20] });
		if (want('memory')) scenarios.push({ name: 'memory', where: 'in-process', spec: S.memory, variants: [OURS_DEFAULT] });
		// Last: in one process the pacer keeps what the throttled sandbox taught it (see BENCHMARKS.md).
		if (want('throttle')) scenarios.push({ name: 'throttle', where: 'in-process', spec: S.throttle, variants: [OURS_DEFAULT] });
		return scenarios;
	}
	if (want('fanout')) scenarios.push({ name: 'fanout', where: 'n8n', spec: S.fanout, variants: [OURS_DEFAULT, OURS_STOP, HTTP], repeat: opts.repeat });
	if (want('order')) {
		scenarios.push({ name: 'order', where: 'n8n', spec: S.order, variants: [OURS_C20, HTTP] });
		scenarios.push({ name: 'order', jitter: true, where: 'n8n', spec: S.order, variants: [OURS_C20, HTTP] });
	}
	if (want('throttle')) {
		const batched = {
			key: 'httpBatched',
			label: `HTTP Request v4.2, batching ${S.throttle.limit} per ${S.throttle.windowMs} ms`,
			target: { kind: 'http', batching: { size: S.throttle.limit, intervalMs: S.throttle.windowMs } },
		};
		scenarios.push({ name: 'throttle', where: 'n8n', spec: S.throttle, variants: [OURS_DEFAULT, HTTP, batched] });
	}
	if (want('memory')) scenarios.push({ name: 'memory', where: 'n8n', spec: S.memory, variants: [OURS_DEFAULT, HTTP, SET, NOOP] });
	return scenarios;
}

function scenarioConversation(name) {
	return name === 'order' ? 't_G0000001' : undefined;
}

function sandboxConfig(name, S) {
	return {
		latencyMs: S.latencyMs,
		rateLimit: name === 'throttle' ? { limit: S.throttle.limit, windowMs: S.throttle.windowMs } : null,
	};
}

const cap = (s) => s[0].toUpperCase() + s.slice(1);
/** The scenario's label in the table: "order", "order+jitter", … */
const scenarioLabel = (scenario) => (scenario.jitter ? `${scenario.name}+jitter` : scenario.name);
const workflowId = (scenario, variant) => `bench${cap(scenario.name)}${scenario.jitter ? 'Jitter' : ''}${cap(variant.key)}`;

/**
 * How the sandbox's rate-limit windows were used, rebuilt from the recorded messages' times (a
 * window starts with the first accepted request after the previous one ended; 429s start none).
 */
function windowsOf(ledger, windowMs) {
	const times = ledger.messages.map((m) => Date.parse(m.receivedAt)).sort((a, b) => a - b);
	const windows = [];
	for (const t of times) {
		const w = windows.at(-1);
		if (w && t < w.start + windowMs) {
			w.count++;
			w.last = t;
		} else {
			windows.push({ start: t, last: t, count: 1 });
		}
	}
	// Idle time between one window's end and the next window's first request: time the limit allowed but nobody used.
	const gaps = windows.slice(1).map((w, i) => w.start - (windows[i].start + windowMs));
	return {
		counts: windows.map((w) => w.count),
		gapsMs: gaps,
		idleMs: gaps.reduce((a, b) => a + b, 0),
		firstToLastMs: times.length ? times.at(-1) - times[0] : 0,
	};
}

/** Turns one run's output and ledger into the figures we report. */
function measure(run, ledger, spec) {
	const failedItems =
		run.items.filter((item) => item.json?.error !== undefined).length + Math.max(0, spec.count - run.items.length);
	return {
		wallMs: run.wallMs,
		cpuMs: run.process?.cpuMs,
		mainThreadCpuMs: run.process?.mainThreadCpuMs,
		peakRssBytes: run.process?.peakRssBytes,
		growthBytes: run.process?.growthBytes,
		rssBeforeBytes: run.process?.rssBeforeBytes,
		requests: ledger.requests.total,
		rateLimited: ledger.requests.rateLimited,
		status: ledger.requests.status,
		failedItems,
		outputItems: run.items.length,
		maxInFlight: ledger.maxInFlight,
		maxInFlightPerConversation: ledger.maxInFlightPerConversation,
		recorded: ledger.messages.length,
		order: orderOf(ledger, spec),
		windows: spec.limit ? windowsOf(ledger, spec.windowMs) : undefined,
		nodeError: run.nodeError ?? run.workflowError,
		firstError: errorText(run.items.find((item) => item.json?.error !== undefined)?.json?.error),
	};
}

function errorText(error) {
	if (error === undefined || error === null) return undefined;
	if (typeof error === 'string') return error;
	return error.message ?? JSON.stringify(error);
}

/** How the messages arrived relative to the input order. */
function orderOf(ledger, spec) {
	const ns = ledger.messages.map(messageNumber);
	let outOfPlace = 0;
	let maxDisplacement = 0;
	ns.forEach((n, i) => {
		if (n !== i) outOfPlace++;
		if (n !== undefined) maxDisplacement = Math.max(maxDisplacement, Math.abs(n - i));
	});
	let inversions = 0; // adjacent pairs that arrived in the wrong order
	for (let i = 1; i < ns.length; i++) if (ns[i] < ns[i - 1]) inversions++;
	return { delivered: ns.length, exact: ns.length === spec.count && outOfPlace === 0, outOfPlace, maxDisplacement, inversions };
}

const median = (xs) => {
	const s = xs.filter((x) => x !== undefined && x !== null).sort((a, b) => a - b);
	if (s.length === 0) return undefined;
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** One table row per variant, from its runs (medians for times, worst case for failures). */
function summarize(scenario, variant, runs) {
	const pick = (f) => runs.map((r) => r[f]);
	const last = runs.at(-1);
	return {
		scenario: scenarioLabel(scenario),
		scenarioKey: scenario.name,
		jitter: Boolean(scenario.jitter),
		variant: variant.label,
		variantKey: variant.key,
		where: scenario.where === 'n8n' ? 'n8n' : 'in-process',
		runs: runs.length,
		wallMs: median(pick('wallMs')),
		wallRange: [Math.min(...pick('wallMs')), Math.max(...pick('wallMs'))],
		cpuMs: median(pick('cpuMs')),
		mainThreadCpuMs: median(pick('mainThreadCpuMs')),
		peakRssBytes: median(pick('peakRssBytes')),
		growthBytes: median(pick('growthBytes')),
		rssBeforeBytes: median(pick('rssBeforeBytes')),
		requests: Math.max(...pick('requests')),
		rateLimited: Math.max(...pick('rateLimited')),
		failedItems: Math.max(...pick('failedItems')),
		outputItems: Math.min(...pick('outputItems')),
		maxInFlight: Math.max(...pick('maxInFlight')),
		maxInFlightPerConversation: Math.max(...pick('maxInFlightPerConversation')),
		recorded: Math.min(...pick('recorded')),
		order: last.order,
		windows: last.windows,
		status: last.status,
		nodeError: runs.map((r) => r.nodeError).find(Boolean),
		firstError: runs.map((r) => r.firstError).find(Boolean),
		spec: scenario.spec,
		all: runs,
	};
}

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	if (opts.help) {
		process.stdout.write(`${fs.readFileSync(__filename, 'utf8').split('\n').slice(2, 22).join('\n')}\n`);
		return 0;
	}
	const S = sizes(opts.smoke);
	const startedAt = new Date();
	const loadBefore = os.loadavg()[0];
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spruce-bench-'));
	const { sandboxServer, runOurNodeInProcess } = require('./lib/in-process');
	const { runPickers } = require('./lib/pickers');

	const scenarios = plan(opts, S);
	const rows = [];
	const problems = [];
	let n8nVersion;
	let n8nNode;
	let sandbox;
	let proxy;
	try {
		// One sandbox for the node scenarios, in this process; reconfigured and reset before each run.
		const maxCount = Math.max(0, ...scenarios.map((s) => s.spec.count));
		sandbox = await sandboxServer().startSandbox({ latencyMs: S.latencyMs, extraConversations: Math.max(maxCount, 1) });
		log(`sandbox ${sandbox.url} with ${maxCount} generated conversations; work folder ${workDir}`);
		const direct = { id: 'benchSandbox', name: 'Spruce sandbox (bench)', baseUrl: sandbox.url, token: sandbox.token };
		let jittered;
		if (scenarios.some((s) => s.jitter)) {
			proxy = await startJitterProxy({ target: sandbox.origin, maxMs: S.order.jitterMs, seed: 2026 });
			jittered = { id: 'benchSandboxJitter', name: 'Spruce sandbox behind jitter (bench)', baseUrl: `${proxy.origin}/v1`, token: sandbox.token };
			log(`jitter proxy ${proxy.origin} (0–${S.order.jitterMs} ms per request)`);
		}
		const endpointOf = (scenario) => (scenario.jitter ? jittered : direct);

		// The real n8n, when any scenario needs it.
		let n8nSetup;
		const n8nScenarios = scenarios.filter((s) => s.where === 'n8n');
		if (n8nScenarios.length) {
			const { installedRuntime, prepareN8n } = require('./lib/real-n8n');
			let runtime = installedRuntime();
			if (!runtime && !opts.smoke) {
				require('../e2e/lib/install').ensureN8n();
				runtime = installedRuntime();
			}
			if (!runtime) {
				log('n8n is not installed (e2e/install-n8n): the smoke run skips its real-n8n part');
				for (const s of n8nScenarios) scenarios.splice(scenarios.indexOf(s), 1);
			} else {
				n8nVersion = runtime.version;
				n8nNode = require('node:child_process').execFileSync(runtime.nodeBinary, ['--version'], { encoding: 'utf8' }).trim();
				const t = Date.now();
				const { n8n } = await prepareN8n({ workDir, runtime, endpoints: [direct, jittered].filter(Boolean) });
				const workflows = [];
				for (const s of n8nScenarios) {
					const endpoint = endpointOf(s);
					for (const v of s.variants) {
						workflows.push(
							benchWorkflow({
								id: workflowId(s, v),
								name: `Benchmark: ${scenarioLabel(s)} — ${v.label}`,
								count: s.spec.count,
								conversation: scenarioConversation(s.name),
								target: v.key === 'oursC20' && s.spec.concurrency ? { ...v.target, options: { concurrency: s.spec.concurrency } } : v.target,
								credential: endpoint,
								baseUrl: endpoint.baseUrl,
								token: endpoint.token,
							}),
						);
					}
				}
				await n8n.importWorkflows(workflows);
				n8nSetup = { n8n };
				log(`n8n ${runtime.version} ready in ${((Date.now() - t) / 1000).toFixed(1)} s (${workflows.length} workflows imported)`);
			}
		}

		for (const scenario of scenarios) {
			const repeat = Math.max(1, scenario.repeat ?? 1);
			const runsByVariant = new Map(scenario.variants.map((v) => [v.key, []]));
			for (let r = 0; r < repeat; r++) {
				// Interleaved (A B C A B C …), so that drift in the machine's load spreads over every variant.
				for (const variant of scenario.variants) {
					sandbox.configure(sandboxConfig(scenario.name, S));
					sandbox.reset();
					let run;
					try {
						if (scenario.where === 'n8n') {
							const { executeMeasured } = require('./lib/real-n8n');
							run = await executeMeasured(n8nSetup.n8n, workflowId(scenario, variant));
						} else {
							const options = variant.key === 'oursC20' ? { concurrency: scenario.spec.concurrency ?? 20 } : variant.target.options;
							const endpoint = endpointOf(scenario);
							run = await runOurNodeInProcess(
								{ url: endpoint.baseUrl, token: endpoint.token },
								{ count: scenario.spec.count, conversation: scenarioConversation(scenario.name), options },
							);
						}
					} catch (error) {
						const message = String(error.message).split('\n')[0];
						log(`${scenarioLabel(scenario)} [${scenario.where}] ${variant.label} #${r + 1} did not run: ${message}`);
						problems.push(`${scenarioLabel(scenario)} ${variant.label}: ${message}`);
						continue;
					}
					const m = measure(run, sandbox.ledger(), scenario.spec);
					runsByVariant.get(variant.key).push(m);
					log(
						`${scenarioLabel(scenario)} [${scenario.where}] ${variant.label} #${r + 1}: ${sec(m.wallMs)}, CPU ${sec(m.cpuMs)}, ` +
							`RSS +${mb(m.growthBytes)}, ${m.requests} requests, ${m.rateLimited} × 429, ${m.failedItems} failed` +
							(scenario.name === 'order' ? `, ${m.order.outOfPlace} out of place` : '') +
							(m.nodeError ? ` — node error: ${m.nodeError}` : ''),
					);
					if (variant.target.kind === 'spruce' && (m.outputItems !== scenario.spec.count || m.nodeError)) {
						problems.push(`${scenarioLabel(scenario)} ${variant.label}: ${m.outputItems} of ${scenario.spec.count} items${m.nodeError ? `, ${m.nodeError}` : ''}`);
					}
				}
			}
			for (const variant of scenario.variants) {
				const runs = runsByVariant.get(variant.key);
				if (runs.length) rows.push(summarize(scenario, variant, runs));
			}
		}
		await proxy?.close();
		proxy = undefined;
		await sandbox.close();
		sandbox = undefined;

		let pickers;
		if (opts.only.includes('pickers')) {
			log(`pickers: ${S.pickers.conversations} conversations, ${S.pickers.members} members (in-process)`);
			pickers = await runPickers(S.pickers);
		}

		const result = buildResult({ opts, S, rows, pickers, meta: { startedAt, loadBefore, n8nVersion, n8nNode } });
		process.stdout.write(`\n${consoleTable(rows)}\n\n`);
		for (const d of result.details) process.stdout.write(`${d.title}\n${d.lines.map((l) => `  - ${l}`).join('\n')}\n`);
		process.stdout.write(`\nTargets${opts.smoke ? ' (smoke sizes: informational only)' : ''}:\n${result.targets.map(verdictLine).join('\n')}\n`);
		fs.writeFileSync(path.join(workDir, 'results.json'), JSON.stringify(result, null, 2));

		if (opts.write && !opts.partial) {
			updateDoc(DOC, markdownSection(result), DOC_TEMPLATE, n8nVersion);
			log(`wrote the results into ${path.relative(REPO_ROOT, DOC)}`);
		} else if (!opts.smoke && opts.partial) {
			log('partial run (--only): docs/BENCHMARKS.md left as it was');
		}
		if (problems.length) {
			process.stderr.write(`\nThe benchmark did not run cleanly:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
			return 1;
		}
		if (opts.strict && result.targets.some((t) => t.met === false)) return 2;
		return 0;
	} finally {
		if (proxy) await proxy.close();
		if (sandbox) await sandbox.close();
		if (opts.keep) log(`kept ${workDir}`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	}
}

/** " (JavaScript thread: X s, busy Y % of the wall time)" when measured. */
function threadShare(r) {
	if (r.mainThreadCpuMs === undefined || r.mainThreadCpuMs === null || !r.wallMs) return '';
	return ` (JavaScript thread: ${sec(r.mainThreadCpuMs)}, busy ${Math.round((100 * r.mainThreadCpuMs) / r.wallMs)} % of the wall time)`;
}

/** Targets, detail lines and metadata from the rows. */
function buildResult({ opts, S, rows, pickers, meta }) {
	const row = (scenario, key, where) => rows.find((r) => r.scenario === scenario && r.variantKey === key && (!where || r.where === where));
	const targets = [];
	const details = [];
	const x = (a, b) => (a !== undefined && b ? a / b : undefined);
	const times = (v) => (v === undefined ? '–' : `${v.toFixed(2)}×`);

	// 1. Fan-out
	const fd = row('fanout', 'oursDefault', 'n8n');
	const fc = row('fanout', 'oursStop', 'n8n');
	const fh = row('fanout', 'http', 'n8n');
	if (fd || fc || fh) {
		const lines = [];
		const rd = x(fd?.wallMs, fh?.wallMs);
		const rc = x(fc?.wallMs, fh?.wallMs);
		if (fd && fh) {
			targets.push({
				name: `Fan-out, our defaults ≤ 1.0 × HTTP Request (${fd.spec.count} posts)`,
				met: rd <= 1,
				detail: `${sec(fd.wallMs)} vs ${sec(fh.wallMs)} = ${times(rd)}${rd > 1 ? ` (${sec(fd.wallMs - fh.wallMs)} over the budget of ${sec(fh.wallMs)})` : ''}`,
			});
		}
		if (fc && fh) {
			targets.push({
				name: `Fan-out, our defaults with On Error → Stop (every item checked before the first is sent) ≤ 1.2 × HTTP Request`,
				met: rc <= 1.2,
				detail: `${sec(fc.wallMs)} vs ${sec(fh.wallMs)} = ${times(rc)}${rc > 1.2 ? ` (${sec(fc.wallMs - 1.2 * fh.wallMs)} over the 1.2× budget of ${sec(1.2 * fh.wallMs)})` : ''}`,
			});
		}
		for (const r of [fd, fc, fh].filter(Boolean)) {
			lines.push(
				`${r.variant}: ${sec(r.wallMs)} wall over ${r.runs} run(s) (${sec(r.wallRange[0])}–${sec(r.wallRange[1])}), ` +
					`${(r.cpuMs / r.spec.count).toFixed(2)} ms CPU per item${threadShare(r)}, ${r.maxInFlight} requests in flight at most, ` +
					`${r.recorded} messages recorded, ${r.failedItems} failed items.`,
			);
		}
		if (fd && fh) {
			const floor = (fd.spec.count / 20) * S.latencyMs;
			lines.push(`For scale: at concurrency 20 (the default) and ${S.latencyMs} ms latency, the network alone needs ≥ ${sec(floor)} for ${fd.spec.count} posts.`);
		}
		for (const r of rows.filter((r) => r.scenario === 'fanout' && r.where === 'in-process')) {
			lines.push(`${r.variant} (in-process, sandbox in the same process): ${sec(r.wallMs)} for ${r.spec.count} posts, ${r.failedItems} failed.`);
		}
		details.push({ title: `1. Fan-out: ${(fd ?? fc ?? fh ?? rows.find((r) => r.scenario === 'fanout'))?.spec.count} posts to as many conversations, ${S.latencyMs} ms latency, no rate limit`, lines });
	} else if (rows.some((r) => r.scenario === 'fanout')) {
		const lines = rows.filter((r) => r.scenario === 'fanout').map((r) => `${r.variant} (${r.where}): ${sec(r.wallMs)}, ${r.failedItems} failed of ${r.outputItems}.`);
		details.push({ title: '1. Fan-out', lines });
	}

	// 2. Order
	const orderRows = [row('order', 'oursC20'), row('order', 'http'), row('order+jitter', 'oursC20'), row('order+jitter', 'http')].filter(Boolean);
	if (orderRows.length) {
		const spec = orderRows[0].spec;
		const lines = [];
		for (const oc of orderRows.filter((r) => r.variantKey === 'oursC20')) {
			targets.push({
				name: `Order${oc.jitter ? ` (with 0–${spec.jitterMs} ms network jitter)` : ''}: ${spec.count} posts to one conversation at concurrency ${spec.concurrency} arrive in input order`,
				met: oc.order.exact && oc.failedItems === 0,
				detail: `${oc.order.delivered} of ${spec.count} recorded, ${oc.order.outOfPlace} out of place, at most ${oc.maxInFlightPerConversation} request(s) in flight to the conversation, ${oc.failedItems} failed (${sec(oc.wallMs)})`,
			});
		}
		for (const r of orderRows) {
			lines.push(
				`${r.variant}, ${r.jitter ? `0–${spec.jitterMs} ms jitter added in front of the sandbox` : `fixed ${S.latencyMs} ms latency`}: ${r.order.delivered} recorded; ` +
					`${r.order.exact ? 'exactly in input order' : `${r.order.outOfPlace} of ${r.order.delivered} out of place (largest displacement ${r.order.maxDisplacement}, ${r.order.inversions} adjacent pairs swapped)`}; ` +
					`up to ${r.maxInFlightPerConversation} concurrent posts to the one conversation; ${sec(r.wallMs)}.`,
			);
		}
		details.push({ title: `2. Order: ${spec.count} posts to one conversation`, lines });
	}

	// 3. Throttle
	const td = row('throttle', 'oursDefault');
	const th = row('throttle', 'http');
	const tb = row('throttle', 'httpBatched');
	if (td || th) {
		const t = (td ?? th).spec;
		const windows = Math.ceil(t.count / t.limit);
		const minMs = windows * t.windowMs;
		const strictMinMs = (windows - 1) * t.windowMs + S.latencyMs;
		const lines = [
			`Limit ${t.limit} requests per ${t.windowMs} ms window (fixed windows, Retry-After in whole seconds); theoretical minimum ${t.count} ÷ ${t.limit} = ${windows} windows = ${sec(minMs)} (strictly, the last window only has to begin: ${sec(strictMinMs)}).`,
		];
		if (td) {
			const ratio = td.wallMs / minMs;
			targets.push({
				name: `Throttled: ${t.count} posts within 1.05 × the theoretical minimum, 0 failed`,
				met: ratio <= 1.05 && td.failedItems === 0,
				detail: `${sec(td.wallMs)} = ${times(ratio)} of ${sec(minMs)}${ratio > 1.05 ? ` (${sec(td.wallMs - 1.05 * minMs)} over the budget of ${sec(1.05 * minMs)})` : ''}; ${td.failedItems} failed, ${td.rateLimited} × 429 on ${td.requests} requests`,
			});
		}
		for (const r of [td, th, tb].filter(Boolean)) {
			const w = r.windows;
			if (w && r.variantKey !== 'http') {
				lines.push(
					`${r.variant}, messages per window: ${w.counts.join(', ')}; unused time between windows: ${w.gapsMs.map((g) => Math.round(g)).join(', ')} ms (${sec(w.idleMs)} in all).`,
				);
			}
			lines.push(
				`${r.variant}: ${sec(r.wallMs)} (${times(r.wallMs / minMs)} the minimum), ${r.recorded} of ${r.spec.count} messages posted, ` +
					`${r.failedItems} failed items, ${r.rateLimited} × 429 on ${r.requests} requests` +
					(r.firstError && r.variantKey !== 'oursDefault' ? ` (first error: "${String(r.firstError).slice(0, 100)}")` : '') +
					'.',
			);
		}
		details.push({ title: `3. Throttled sandbox: ${t.count} posts to as many conversations`, lines });
	}

	// 4. Memory
	const md = row('memory', 'oursDefault');
	const mh = row('memory', 'http');
	const ms = row('memory', 'set');
	const mn = row('memory', 'noop');
	if (md) {
		const growthMb = md.growthBytes / 1024 / 1024;
		const how =
			md.where === 'n8n'
				? 'the n8n execute process, VmRSS sampled from /proc every 20 ms'
				: 'in-process, process.memoryUsage().rss — includes the sandbox';
		// The baselines do not change the target; they show how much of the growth n8n has without us.
		const floor = [ms && `Edit Fields with the same two expressions +${mb(ms.growthBytes)}`, mn && `No Operation +${mb(mn.growthBytes)}`]
			.filter(Boolean)
			.join(', ');
		targets.push({
			name: `Memory: ${md.spec.count} items through our node, peak RSS growth < 50 MB`,
			met: md.where === 'n8n' && !opts.smoke ? growthMb < 50 : undefined,
			detail:
				`+${growthMb.toFixed(1)} MB (RSS ${mb(md.rssBeforeBytes)} when the node started, peak ${mb(md.peakRssBytes)} during it; ${how})${growthMb >= 50 ? ` — ${(growthMb - 50).toFixed(1)} MB over` : ''}` +
				(floor ? `; n8n's own floor on the same items: ${floor}` : ''),
		});
		const lines = [];
		for (const r of [md, mh].filter(Boolean)) {
			lines.push(
				`${r.variant}: peak RSS ${mb(r.peakRssBytes)}, ${mb(r.rssBeforeBytes)} when the node started (the ${r.spec.count} input items already in memory) → growth +${mb(r.growthBytes)}; ` +
					`${sec(r.wallMs)}, CPU ${sec(r.cpuMs)}${threadShare(r)}, ${r.failedItems} failed, up to ${r.maxInFlight} requests in flight.`,
			);
		}
		for (const r of [ms, mn].filter(Boolean)) {
			lines.push(
				`${r.variant} (sends nothing; n8n's own cost for the items${r.variantKey === 'set' ? ' and the expressions our node evaluates' : ''}): peak RSS ${mb(r.peakRssBytes)}, ${mb(r.rssBeforeBytes)} when the node started → growth +${mb(r.growthBytes)}; ` +
					`${sec(r.wallMs)}, CPU ${sec(r.cpuMs)}${r.wallMs >= 100 ? threadShare(r) : ''}.`,
			);
		}
		lines.push(
			md.where === 'n8n'
				? 'Measured on the real `n8n execute` process (the main process only; the Code node\'s task runner is a separate process and not counted): VmRSS from /proc/<pid>/statm every 20 ms, peak between the node\'s startTime and startTime + executionTime, minus the RSS just before it started.'
				: 'Measured in-process (process.memoryUsage().rss, every 20 ms); the sandbox and its ledger live in the same process.',
		);
		details.push({ title: `4. Memory: ${md.spec.count} items`, lines });
	}

	// 5. Pickers
	if (pickers) {
		const { firstPage: fp, filter: f, members: m } = pickers;
		targets.push({
			name: 'Conversation picker, first page: one API page and < 50 ms of our code',
			met: fp.apiPages === 1 && fp.ourCodeMs < 50,
			detail: `${fp.apiPages} page(s) of GET /conversations; ${fp.warmMedianMs.toFixed(1)} ms per call vs ${fp.rawFetchMedianMs.toFixed(1)} ms for a raw fetch of the same page → ${fp.ourCodeMs.toFixed(1)} ms ours (median of ${fp.repeats}; first call ${fp.coldMs.toFixed(0)} ms)`,
		});
		targets.push({
			name: `Conversation picker, filter "${f.filter}": first results without fetching every page`,
			met: f.firstResultsAtCall !== undefined && f.pagesBeforeFirstResults < f.totalConversationPages,
			detail:
				f.firstResultsAtCall === undefined
					? `no results after ${f.calls} calls (${f.pagesForAll} pages)`
					: `first results on call ${f.firstResultsAtCall} after ${f.pagesBeforeFirstResults} of ${f.totalConversationPages} pages (${f.msBeforeFirstResults.toFixed(0)} ms); all ${f.found} of ${f.expectedMatches} matches after ${f.calls} calls / ${f.pagesForAll} pages`,
		});
		targets.push({
			name: 'Send As picker: members fetched once per picker open, not per keystroke',
			met: m.fetches === 1,
			detail: `"B", "Be", "Ben" → ${m.requests} GET /organization/members requests = ${m.fetches} fetch(es) of ${m.pagesPerFetch} pages (${m.totalMembers} members, 500 per page); per keystroke: ${m.keystrokes.map((k) => `${k.filter} ${k.requests} req / ${k.ms.toFixed(0)} ms`).join(', ')}`,
		});
		details.push({
			title: `5. Pickers: ${pickers.conversations} conversations, ${m.totalMembers} members (in-process harness, sandbox latency ${S.pickers.latencyMs} ms)`,
			lines: [
				`First page (no filter): ${fp.results} results, pagination token ${fp.paginationToken ? 'returned' : 'missing'}, ${fp.apiPages} API page; per call ${fp.warmMedianMs.toFixed(1)} ms (harness + n8n request helper + our code) vs ${fp.rawFetchMedianMs.toFixed(1)} ms raw fetch → ${fp.ourCodeMs.toFixed(1)} ms.`,
				`Filter "${f.filter}": first call fetched ${f.firstCall.pages} pages in ${f.firstCall.ms.toFixed(0)} ms and returned ${f.firstCall.results} results; per call: ${f.calls} calls to see all ${f.found} matches.`,
				`Members: ${m.keystrokes.map((k) => `"${k.filter}" → ${k.results} results, ${k.requests} requests, ${k.ms.toFixed(0)} ms`).join('; ')}.`,
			],
		});
	}

	if (opts.smoke) for (const t of targets) t.detail += ' [smoke sizes]';
	const finished = new Date();
	return {
		meta: {
			date: finished.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'),
			command: opts.smoke ? 'npm run bench:smoke' : opts.partial ? `node bench/run.js --only=${opts.only.join(',')}` : 'npm run bench',
			durationMin: (finished - meta.startedAt) / 60_000,
			machine: machine(),
			n8nVersion: meta.n8nVersion,
			n8nNode: meta.n8nNode,
			loadBefore: meta.loadBefore,
			loadAfter: os.loadavg()[0],
			sandbox: `test/sandbox in the benchmark process on 127.0.0.1, ${S.latencyMs} ms latency per request${opts.only.includes('throttle') ? `; throttled scenario ${S.throttle.limit} requests per ${S.throttle.windowMs} ms` : ''}; order+jitter: through a proxy adding 0–${S.order.jitterMs} ms per request; pickers: a second sandbox with ${S.pickers.conversations} conversations and ${S.pickers.members} extra members, ${S.pickers.latencyMs} ms latency`,
			smoke: opts.smoke,
		},
		rows: rows.map(({ all, ...r }) => ({ ...r, runs: all.length, all })),
		targets,
		details,
		pickers,
	};
}

const DOC_TEMPLATE = `# Benchmarks

Run \`npm run bench\`; the section below is rewritten by it.
`;

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error) => {
		process.stderr.write(`[bench] ${error.stack || error}\n`);
		process.exitCode = 1;
	},
);

