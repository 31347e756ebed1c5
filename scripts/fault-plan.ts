/**
 * The exactly-once proof's setup and verdict, shared by `npm run test:faults` (through n8n-core's
 * engine in this process) and `npm run test:faults:n8n` (inside a real n8n, any supported line):
 * MESSAGES posts to CONVERSATIONS conversations while the sandbox misbehaves — every transient
 * fault kind mixed (500 before and after recording, dropped connections, stalls past the timeout,
 * answers cut off or drip-fed past the timeout, 200s that are not Spruce's answer, 429 with and
 * without Retry-After) on at least 10 % of requests — under a tight rate limit.
 */
import type { IDataObject } from 'n8n-workflow';

import { TRANSIENT_FAULT_KINDS, type Ledger, type SandboxOptions } from '../test/sandbox/server';

export const MESSAGES = Number(process.env.FAULT_MESSAGES ?? 1000);
export const CONVERSATIONS = 100;
const FAULT_RATE = 0.15;

export const SANDBOX: SandboxOptions = {
	extraConversations: CONVERSATIONS,
	rateLimit: { limit: 25, windowMs: 500 },
	faults: {
		rate: FAULT_RATE,
		// Every transient kind: 500s, drops, stalls, answers cut off or drip-fed after the post
		// was recorded, 200s that are not Spruce's answer, 429s.
		kinds: [...TRANSIENT_FAULT_KINDS],
		seed: 2026,
		stallMs: 10_000,
		retryAfterSeconds: 1,
	},
};

/** The node's options: a short timeout so stalls cost little, and room for many retries. */
export const NODE_OPTIONS = { timeout: 500, maxAttempts: 10 };
export const MESSAGE_TEXT = 'Reminder {{ $json.n }}: your appointment is tomorrow.';

/**
 * Counts, per item's idempotency key, how often the sandbox recorded the message; prints the two
 * result lines and returns whether the proof holds.
 */
export function verdict(items: Array<{ json: IDataObject }>, ledger: Ledger, seconds: number): boolean {
	const keys = items.map((item) => String(item.json.idempotencyKey));
	const failed = items.filter((item) => item.json.error !== undefined).length;
	let recordedOnce = 0;
	let lost = 0;
	let duplicated = 0;
	for (const key of keys) {
		const count = ledger.countsByKey[key] ?? 0;
		if (count === 1) recordedOnce++;
		else if (count === 0) lost++;
		else duplicated++;
	}
	// A failed item carries no key (counted lost above); a missing item is lost too.
	lost += Math.max(0, MESSAGES - items.length);
	const known = new Set(keys);
	const stray = ledger.messages.filter((m) => !known.has(String(m.idempotencyKey))).length;
	const { total, faulted, rateLimited } = ledger.requests;
	console.log(
		`requests=${total} faulted=${faulted} (${((100 * faulted) / total).toFixed(1)}%) rate_limited=${rateLimited} ` +
			`output_items=${items.length} failed_items=${failed} duplicates_reported=${items.filter((i) => i.json.duplicate).length} seconds=${seconds.toFixed(1)}`,
	);
	console.log(`messages=${MESSAGES} recorded_once=${recordedOnce} lost=${lost} duplicated=${duplicated + stray}`);
	let ok = items.length === MESSAGES && recordedOnce === MESSAGES && lost === 0 && duplicated === 0 && stray === 0 && failed === 0;
	if (faulted / total < 0.1) {
		console.error(`only ${faulted} of ${total} requests were faulted; the proof needs at least 10 %`);
		ok = false;
	}
	console.log(ok ? 'exactly once: OK' : 'exactly once: FAILED');
	return ok;
}
