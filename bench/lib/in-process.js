'use strict';
// Our node through n8n-core's real execution engine inside this process (test/harness, compiled
// to build/ by tsconfig.dev.json), for the smoke mode; and the editor's pickers (listSearch /
// loadOptions) called the way n8n's backend calls them.

const path = require('node:path');
const fs = require('node:fs');

const BUILD = path.resolve(__dirname, '..', '..', 'build');

function requireBuild(rel) {
	const file = path.join(BUILD, rel);
	if (!fs.existsSync(`${file}.js`)) {
		throw new Error(`${file}.js is missing: run "npx tsc -p tsconfig.dev.json" (npm run build:dev)`);
	}
	return require(file);
}

const support = () => requireBuild('test/support');
const sandboxServer = () => requireBuild('test/sandbox/server');

const { inputItems, spruceParameters } = require('./workflows');

/** Samples this process's RSS every `intervalMs`. */
function rssSampler(intervalMs = 20) {
	const before = process.memoryUsage().rss;
	let peak = before;
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			peak = Math.max(peak, process.memoryUsage().rss);
			return { rssBeforeBytes: before, peakRssBytes: peak, growthBytes: peak - before };
		},
	};
}

/**
 * Runs "Items Source → Spruce Health" in-process. The sandbox runs in this process too, so CPU
 * time and memory include its share: smoke numbers only, not comparable with real-n8n rows.
 */
async function runOurNodeInProcess(sandbox, { count, conversation, options }) {
	const input = inputItems({ count, conversation });
	if (global.gc) global.gc();
	const memory = rssSampler();
	const cpu = process.cpuUsage();
	const started = Date.now();
	const run = await support().runSpruce(sandbox, spruceParameters(options), {
		input,
		node: { onError: 'continueRegularOutput' },
	});
	const wallMs = Date.now() - started;
	const used = process.cpuUsage(cpu);
	return {
		wallMs,
		items: run.items,
		nodeError: run.error?.message,
		process: { cpuMs: (used.user + used.system) / 1000, ...memory.stop() },
	};
}

module.exports = { requireBuild, support, sandboxServer, runOurNodeInProcess };
