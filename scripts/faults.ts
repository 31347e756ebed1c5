/**
 * `npm run test:faults`: the exactly-once proof. Posts MESSAGES messages through n8n's engine to
 * the local sandbox while it misbehaves — every transient fault kind mixed (500 before and after
 * recording, dropped connections, stalls past the timeout, answers cut off or drip-fed past the
 * timeout, 200s that are not Spruce's answer, 429 with and without Retry-After) on at least
 * 10 % of requests — under a tight rate limit. Then it reads the sandbox's ledger: every item's
 * idempotency key must have been recorded exactly once. Exits non-zero on any loss or duplicate.
 */
import { generatedConversation } from '../test/sandbox/seed';
import { startSandbox, TRANSIENT_FAULT_KINDS } from '../test/sandbox/server';
import { locator, runSpruce } from '../test/support';

const MESSAGES = Number(process.env.FAULT_MESSAGES ?? 1000);
const CONVERSATIONS = 100;
const FAULT_RATE = 0.15;

async function main() {
	const sandbox = await startSandbox({
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
	});
	const started = Date.now();
	try {
		const input = Array.from({ length: MESSAGES }, (_, i) => ({
			json: { n: i + 1, conversation: generatedConversation((i % CONVERSATIONS) + 1).id },
		}));
		const run = await runSpruce(
			sandbox,
			{
				conversationId: locator('={{ $json.conversation }}'),
				bodyMode: 'text',
				text: '=Reminder {{ $json.n }}: your appointment is tomorrow.',
				options: { timeout: 500, maxAttempts: 10 },
			},
			{ input },
		);
		if (run.error) throw run.error;

		const ledger = sandbox.ledger();
		const keys = run.items.map((item) => String(item.json.idempotencyKey));
		const failed = run.items.filter((item) => item.json.error !== undefined).length;
		let recordedOnce = 0;
		let lost = 0;
		let duplicated = 0;
		for (const key of keys) {
			const count = ledger.countsByKey[key] ?? 0;
			if (count === 1) recordedOnce++;
			else if (count === 0) lost++;
			else duplicated++;
		}
		const stray = ledger.messages.filter((m) => !keys.includes(String(m.idempotencyKey))).length;
		const { total, faulted, rateLimited } = ledger.requests;
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		console.log(
			`requests=${total} faulted=${faulted} (${((100 * faulted) / total).toFixed(1)}%) rate_limited=${rateLimited} ` +
				`output_items=${run.items.length} failed_items=${failed} duplicates_reported=${run.items.filter((i) => i.json.duplicate).length} seconds=${seconds}`,
		);
		console.log(`messages=${MESSAGES} recorded_once=${recordedOnce} lost=${lost} duplicated=${duplicated + stray}`);
		const ok =
			run.items.length === MESSAGES && recordedOnce === MESSAGES && lost === 0 && duplicated === 0 && stray === 0 && failed === 0;
		if (faulted / total < 0.1) {
			console.error(`only ${faulted} of ${total} requests were faulted; the proof needs at least 10 %`);
			process.exitCode = 1;
		}
		if (!ok) process.exitCode = 1;
		console.log(ok ? 'exactly once: OK' : 'exactly once: FAILED');
	} finally {
		await sandbox.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
