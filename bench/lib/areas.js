'use strict';
// Where a profiled frame's code lives, coarsely: for the CPU (bench/profile.js) and heap
// (bench/heap.js) profiles of `n8n execute`.

/** Where a frame's code lives, coarsely: the package (or our dist/), node internals, V8. */
function area(url, functionName) {
	if (!url) return functionName.startsWith('(') ? functionName : '(native)';
	if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
	const dist = /n8n-nodes-spruce-health\/dist\/(.*)$/.exec(url);
	if (dist) return `ours: ${dist[1].split('/').slice(-2).join('/')}`;
	const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url.replace(/^file:\/\//, ''));
	if (!m) return url;
	if (['n8n-core', 'n8n', 'n8n-workflow', '@n8n/backend-network', '@n8n/expression-runtime'].includes(m[1])) {
		return `${m[1]}: ${m[2].replace(/^dist\//, '').split('/').slice(-2).join('/')}`;
	}
	return m[1];
}

module.exports = { area };
