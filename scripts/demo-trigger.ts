/**
 * `npm run demo:trigger`: an auto-reply to patients, with no Spruce account. The local Spruce
 * sandbox plays Spruce; "Spruce Health Trigger → Spruce Health (Post 'Thanks, we got your
 * message')" is activated through n8n's own code (the trigger registers its webhook endpoint),
 * a patient's message is injected, Spruce delivers it signed, the workflow replies once. Then a
 * tampered delivery is refused, a redelivery is ignored, and deactivation removes the endpoint.
 */
import {
	activeAutoReply,
	REPLY,
	settle,
	TRIGGER_NAME,
} from '../test/nodes/SpruceHealthTrigger/support';
import { startSandbox } from '../test/sandbox/server';

async function main() {
	const sandbox = await startSandbox();
	console.log(`Spruce sandbox listening on ${sandbox.url}\n`);
	const workflow = await activeAutoReply(sandbox);
	try {
		await workflow.activate();
		const [endpoint] = sandbox.webhooks.snapshot().endpoints;
		console.log(
			`Activated: Spruce now sends events to ${endpoint.url}\n  (endpoint ${endpoint.id}, "${endpoint.name}")\n`,
		);

		console.log('Robert Fox writes "C" in his secure conversation (t_0002)…');
		sandbox.webhooks.inboundMessage({ conversationId: 't_0002', text: 'C', from: 'Robert Fox' });
		await settle(sandbox, workflow);
		const [execution] = workflow.executions();
		console.log("── The trigger's output item");
		console.log(JSON.stringify(execution.output(TRIGGER_NAME)[0].json, null, 2));
		const replies = sandbox.ledger().messages.filter((m) => m.body[0]?.value === REPLY);
		console.log(
			`\n── Replies Spruce received: ${replies.map((m) => `"${m.body[0].value}" in ${m.conversationId}`).join(', ')}`,
		);

		console.log(
			'\nA delivery whose body was changed after signing, then a redelivery of one event…',
		);
		sandbox.webhooks.setKnobs(['tamper-body', 'duplicate']);
		sandbox.webhooks.inboundMessage({ conversationId: 't_0001', text: 'tampered' });
		sandbox.webhooks.inboundMessage({ conversationId: 't_0003', text: 'sent twice' });
		await settle(sandbox, workflow);
		console.log('── Every delivery and what n8n answered');
		for (const d of sandbox.webhooks.snapshot().deliveries) {
			const text = sandbox.webhooks.snapshot().events.find((e) => e.id === d.eventId)?.data
				.object.text;
			console.log(`  ${d.type} "${String(text)}"${d.knob ? ` [${d.knob}]` : ''} → ${d.status}`);
		}
		const after = sandbox.ledger().messages.filter((m) => m.body[0]?.value === REPLY);
		console.log(
			`\n${workflow.executions().length} executions, ${after.length} replies (one per genuine patient message).`,
		);

		await workflow.deactivate();
		console.log(
			`Deactivated: ${sandbox.webhooks.snapshot().endpoints.length} endpoints left in Spruce.`,
		);
		if (after.length !== 2) throw new Error(`expected 2 replies, got ${after.length}`);
	} finally {
		await workflow.close();
		await sandbox.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
