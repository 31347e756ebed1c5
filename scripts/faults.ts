/**
 * `npm run test:faults`: the exactly-once proof through n8n's engine (n8n-core's WorkflowExecute,
 * the version in devDependencies) in this process. The plan and the verdict are in fault-plan.ts;
 * `npm run test:faults:n8n` runs the same inside a real n8n of either supported line. Exits
 * non-zero on any loss or duplicate.
 */
import { generatedConversation } from '../test/sandbox/seed';
import { startSandbox } from '../test/sandbox/server';
import { locator, runSpruce } from '../test/support';
import { CONVERSATIONS, MESSAGES, MESSAGE_TEXT, NODE_OPTIONS, SANDBOX, verdict } from './fault-plan';

async function main() {
	const sandbox = await startSandbox(SANDBOX);
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
				text: `=${MESSAGE_TEXT}`,
				options: NODE_OPTIONS,
			},
			{ input },
		);
		if (run.error) throw run.error;
		if (!verdict(run.items, sandbox.ledger(), (Date.now() - started) / 1000)) process.exitCode = 1;
	} finally {
		await sandbox.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
