'use strict';
// Preloaded into `n8n execute` by bench/heap.js (NODE_OPTIONS=--require …): V8's sampling heap
// profiler from start-up to exit, counting every sampled object that outlived a minor GC (also
// those a later full GC collected), so the profile shows what reached V8's old generation and
// made the heap grow. Written to $SPRUCE_HEAP_DIR/<pid>.heapprofile when the process exits.

const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.SPRUCE_HEAP_DIR;
// Only the n8n process itself: its children (the Code node's task runner) inherit NODE_OPTIONS.
if (dir && !process.env.SPRUCE_HEAP_STARTED) {
	process.env.SPRUCE_HEAP_STARTED = '1';
	const { Session } = require('node:inspector');
	const session = new Session();
	session.connect();
	session.post('HeapProfiler.startSampling', {
		samplingInterval: 32 * 1024,
		includeObjectsCollectedByMajorGC: true,
		includeObjectsCollectedByMinorGC: false,
	});
	process.on('exit', () => {
		// An in-thread inspector session answers synchronously, so this runs before the exit.
		session.post('HeapProfiler.stopSampling', (error, result) => {
			if (!error) fs.writeFileSync(path.join(dir, `${process.pid}.heapprofile`), JSON.stringify(result.profile));
		});
	});
}
