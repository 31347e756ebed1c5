import { sleep } from 'n8n-workflow';

/** Slices short enough that a cancelled execution stops waiting at once, for a person. */
const SLICE_MS = 100;

/**
 * Waits `ms`, or throws as soon as the execution is cancelled. Built from `sleep`, which every
 * supported n8n-workflow exports (`sleepWithAbort` is missing from the newer lines).
 */
export async function waitUnlessCancelled(ms: number, signal?: AbortSignal): Promise<void> {
	const until = Date.now() + ms;
	for (;;) {
		if (signal?.aborted) throw new Error('The execution was cancelled');
		const left = until - Date.now();
		if (left <= 0) return;
		await sleep(Math.min(left, SLICE_MS));
	}
}
