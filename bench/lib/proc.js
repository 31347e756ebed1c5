'use strict';
// Samples a process (and its children) from /proc: CPU time (utime + stime) and resident memory
// (VmRSS), every `intervalMs`, each sample stamped with Date.now() so it can be lined up with
// n8n's run data (`startTime` is epoch milliseconds).

const fs = require('node:fs');

const TICK_MS = 10; // USER_HZ is 100 on Linux
const PAGE_BYTES = 4096;

/** utime + stime in ms from a /proc …/stat file. */
function statCpuMs(file) {
	const stat = fs.readFileSync(file, 'utf8');
	// The command name may hold spaces and parentheses: fields are counted from the last ')'.
	const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// rest[0] is field 3 (state); utime and stime are fields 14 and 15.
	return (Number(rest[11]) + Number(rest[12])) * TICK_MS;
}

/**
 * { cpuMs, threadCpuMs, rssBytes } of one pid, or undefined when it is gone. `cpuMs` counts every
 * thread (GC helpers, libuv's pool); `threadCpuMs` only the main thread, where JavaScript runs.
 */
function readProcess(pid) {
	try {
		const cpuMs = statCpuMs(`/proc/${pid}/stat`);
		let threadCpuMs;
		try {
			threadCpuMs = statCpuMs(`/proc/${pid}/task/${pid}/stat`);
		} catch {}
		const statm = fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ');
		return { cpuMs, threadCpuMs, rssBytes: Number(statm[1]) * PAGE_BYTES };
	} catch {
		return undefined;
	}
}

function childrenOf(pid) {
	try {
		return fs
			.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
			.trim()
			.split(/\s+/)
			.filter(Boolean)
			.map(Number);
	} catch {
		return [];
	}
}

function descendantsOf(pid) {
	const all = [];
	const queue = childrenOf(pid);
	while (queue.length) {
		const child = queue.shift();
		all.push(child);
		queue.push(...childrenOf(child));
	}
	return all;
}

const available = () => fs.existsSync('/proc/self/statm');

class ProcSampler {
	constructor(pid, { intervalMs = 20 } = {}) {
		this.pid = pid;
		this.intervalMs = intervalMs;
		/** [{ t, cpuMs, rssBytes, childCpuMs, childRssBytes }] */
		this.samples = [];
		this.timer = undefined;
	}

	start() {
		if (!available()) return this;
		this.sample();
		this.timer = setInterval(() => this.sample(), this.intervalMs);
		return this;
	}

	sample() {
		const t = Date.now();
		const main = readProcess(this.pid);
		if (!main) return;
		let childCpuMs = 0;
		let childRssBytes = 0;
		for (const pid of descendantsOf(this.pid)) {
			const child = readProcess(pid);
			if (child) {
				childCpuMs += child.cpuMs;
				childRssBytes += child.rssBytes;
			}
		}
		this.samples.push({ t, ...main, childCpuMs, childRssBytes });
	}

	stop() {
		clearInterval(this.timer);
		this.timer = undefined;
		return this;
	}

	/** The main process's CPU time at `t`, linearly interpolated between samples. */
	cpuAt(t, field = 'cpuMs') {
		const s = this.samples;
		if (s.length === 0) return undefined;
		if (t <= s[0].t) return s[0][field];
		for (let i = 1; i < s.length; i++) {
			if (s[i].t >= t) {
				const a = s[i - 1];
				const b = s[i];
				const f = b.t === a.t ? 1 : (t - a.t) / (b.t - a.t);
				return a[field] + f * (b[field] - a[field]);
			}
		}
		return s.at(-1)[field];
	}

	/**
	 * What the main process did between `from` and `to` (epoch ms): CPU time, the RSS just before
	 * `from`, and the highest RSS seen until `to`.
	 */
	window(from, to) {
		const s = this.samples;
		if (s.length === 0) return undefined;
		const before = [...s].reverse().find((x) => x.t <= from) ?? s[0];
		const inside = s.filter((x) => x.t >= from && x.t <= to);
		const peak = Math.max(before.rssBytes, ...inside.map((x) => x.rssBytes));
		return {
			cpuMs: this.cpuAt(to) - this.cpuAt(from),
			mainThreadCpuMs: s[0].threadCpuMs === undefined ? undefined : this.cpuAt(to, 'threadCpuMs') - this.cpuAt(from, 'threadCpuMs'),
			rssBeforeBytes: before.rssBytes,
			peakRssBytes: peak,
			growthBytes: peak - before.rssBytes,
			samples: inside.length,
		};
	}

	/** The highest RSS of the main process over the whole run. */
	get peakRssBytes() {
		return Math.max(0, ...this.samples.map((x) => x.rssBytes));
	}
}

module.exports = { ProcSampler, readProcess, descendantsOf, available };
