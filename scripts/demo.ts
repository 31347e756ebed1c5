/**
 * `npm run demo`: starts the local Spruce sandbox and runs a small workflow through n8n's own
 * engine — a plain text reminder, an internal message paging a teammate, and a message with a
 * file attachment — then prints each output item and what the sandbox received. No Spruce
 * account needed.
 */
import type { INode } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { encodeItems, ITEMS_SOURCE_NODE_NAME, ITEMS_SOURCE_NODE_TYPE } from '../test/harness/itemsSource';
import { runWorkflow } from '../test/harness';
import { credentialTypes, locator, NODE_TYPE, nodeType, sandboxCredentials } from '../test/support';
import { startSandbox } from '../test/sandbox/server';

const spruceNode = (name: string, y: number, parameters: INode['parameters']): INode => ({
	id: name,
	name,
	type: NODE_TYPE,
	typeVersion: 1,
	position: [300, y],
	parameters: { resource: 'message', operation: 'post', ...parameters },
	credentials: { spruceHealthApi: { id: '1', name: 'Spruce sandbox' } },
});

async function main() {
	const sandbox = await startSandbox();
	console.log(`Spruce sandbox listening on ${sandbox.url}\n`);
	try {
		const intake = Buffer.from('%PDF-1.4\n% Intake form for Jane Cooper\n');
		const nodes: INode[] = [
			{
				id: 'source',
				name: ITEMS_SOURCE_NODE_NAME,
				type: ITEMS_SOURCE_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					items: encodeItems([
						{
							json: { patient: 'Jane Cooper', appointment: 'Tuesday 10:00' },
							binary: {
								data: { data: intake.toString('base64'), fileName: 'intake-form.pdf', mimeType: 'application/pdf' },
							} as never,
						},
					]),
				},
			},
			spruceNode('Appointment reminder', -200, {
				conversationId: locator('t_0001'),
				bodyMode: 'text',
				text: '=Hi {{ $json.patient.split(" ")[0] }}, this is a reminder of your appointment on {{ $json.appointment }}.',
			}),
			spruceNode('Page the nurse', 0, {
				conversationId: locator('https://app.sprucehealth.com/org/entity_ORG0001/thread/t_0004', 'url'),
				bodyMode: 'elements',
				internal: true,
				bodyElements: {
					element: [
						{ type: 'text', text: '=New intake form from {{ $json.patient }} — please review.' },
						{ type: 'page', memberId: 'entity_TM002' },
					],
				},
			}),
			spruceNode('Send the intake form', 200, {
				conversationId: locator('t_0002'),
				author: locator('entity_TEAM01', 'list'),
				bodyMode: 'text',
				text: 'Please find your intake form attached. Fill it in before your visit.',
				attachments: { attachment: [{ source: 'binary', binaryPropertyName: 'data', title: 'Intake form' }] },
			}),
		];
		const to = (name: string) => ({ node: name, type: NodeConnectionTypes.Main, index: 0 });
		const result = await runWorkflow({
			nodeTypes: { [NODE_TYPE]: nodeType },
			credentialTypes,
			credentials: sandboxCredentials(sandbox),
			workflow: {
				nodes,
				connections: {
					[ITEMS_SOURCE_NODE_NAME]: {
						main: [[to('Appointment reminder'), to('Page the nurse'), to('Send the intake form')]],
					},
				},
			},
		});
		if (result.error) throw result.error;

		for (const name of ['Appointment reminder', 'Page the nurse', 'Send the intake form']) {
			console.log(`── ${name}: output item`);
			console.log(JSON.stringify(result.output(name).map((item) => item.json), null, 2));
		}
		const ledger = sandbox.ledger();
		console.log('\n── What the sandbox received');
		console.log(JSON.stringify({ messages: ledger.messages, media: ledger.media }, null, 2));
		console.log(`\n${ledger.messages.length} messages posted, ${ledger.media.length} file uploaded.`);
		if (ledger.messages.length !== 3) throw new Error(`expected 3 messages, got ${ledger.messages.length}`);
	} finally {
		await sandbox.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
