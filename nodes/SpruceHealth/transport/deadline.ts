import { sleep } from 'n8n-workflow';

/** How often the watcher looks at the deadlines at most: an attempt ends this late at worst. */
const CHECK_MS = 100;

interface Attempt {
	controller: AbortController;
	until: number;
	expired: boolean;
}

/**
 * Attempts in flight, watched by one `sleep` loop for all of them. A timer per attempt
 * (`AbortSignal.timeout`) would stay in memory for the whole timeout, long after the answer came.
 */
const inFlight = new Set<Attempt>();
let watching = false;

async function watch(): Promise<void> {
	watching = true;
	try {
		while (inFlight.size > 0) {
			let next = Number.POSITIVE_INFINITY;
			for (const attempt of inFlight) next = Math.min(next, attempt.until);
			await sleep(Math.max(1, Math.min(CHECK_MS, next - Date.now())));
			const now = Date.now();
			for (const attempt of inFlight) {
				if (now < attempt.until) continue;
				inFlight.delete(attempt);
				attempt.expired = true;
				attempt.controller.abort();
			}
		}
	} finally {
		watching = false;
	}
}

/**
 * One attempt's deadline: aborts the request when `timeoutMs` has passed (however slowly the
 * answer trickles in), or when the execution is cancelled. Call `done()` when the attempt ends.
 */
export function attemptDeadline(timeoutMs: number, cancel?: AbortSignal) {
	const attempt: Attempt = { controller: new AbortController(), until: Date.now() + timeoutMs, expired: false };
	const abort = () => attempt.controller.abort();
	cancel?.addEventListener('abort', abort, { once: true });
	inFlight.add(attempt);
	if (!watching) void watch();
	return {
		signal: attempt.controller.signal,
		get expired() {
			return attempt.expired;
		},
		done() {
			inFlight.delete(attempt);
			cancel?.removeEventListener('abort', abort);
		},
	};
}
