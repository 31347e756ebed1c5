/**
 * `npm run demo`: the path a practice uses, run by n8n's own engine against the local Spruce
 * sandbox (no Spruce account needed). An EHR-like record (name, phone, appointment) →
 * Contact → Create or Update (matched by phone) → Message → Send an SMS reminder from the main
 * phone line → Contact → Get Conversations → Message → Post a team-only note that pages the nurse,
 * waiting until Spruce shows it in the conversation. Prints each step's output and what the
 * sandbox received.
 */
import type { INode } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { encodeItems, ITEMS_SOURCE_NODE_NAME, ITEMS_SOURCE_NODE_TYPE } from '../test/harness/itemsSource';
import { runWorkflow } from '../test/harness';
import { credentialTypes, locator, NODE_TYPE, nodeType, sandboxCredentials } from '../test/support';
import { startSandbox, type Sandbox } from '../test/sandbox/server';

const STEPS = ['Create or update patient', 'Send SMS reminder', "Find the patient's conversation", 'Note for the nurse'];

let x = 0;
const spruceNode = (name: string, parameters: INode['parameters']): INode => ({
	id: name,
	name,
	type: NODE_TYPE,
	typeVersion: 1,
	position: [(x += 260), 0],
	parameters,
	credentials: { spruceHealthApi: { id: '1', name: 'Spruce sandbox' } },
});

/** The demo workflow: exported for the real-n8n e2e test, which runs the same nodes. */
export function demoNodes(): INode[] {
	x = 0;
	return [
		{
			id: 'source',
			name: ITEMS_SOURCE_NODE_NAME,
			type: ITEMS_SOURCE_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				items: encodeItems([
					{
						json: {
							ehrPatientId: 'EHR-20931',
							firstName: 'Theresa',
							lastName: 'Webb',
							mobile: '555-777-1234',
							appointment: 'Tuesday, June 10 at 10:00',
						},
					},
				]),
			},
		},
		spruceNode(STEPS[0], {
			resource: 'contact',
			operation: 'upsert',
			matchBy: 'phoneNumber',
			givenName: '={{ $json.firstName }}',
			familyName: '={{ $json.lastName }}',
			phoneNumber: '={{ $json.mobile }}',
			additionalFields: {
				integrationLink: { link: { integrationLinkType: 'custom', externalId: '={{ $json.ehrPatientId }}' } },
			},
		}),
		spruceNode(STEPS[1], {
			resource: 'message',
			operation: 'send',
			internalEndpointId: locator('ie_PHONE_MAIN', 'list'),
			destinationType: 'smsOrEmail',
			destination: '={{ $json.phoneNumbers[0].value }}',
			bodyMode: 'text',
			text: `=Hi {{ $('${ITEMS_SOURCE_NODE_NAME}').item.json.firstName }}, this is Riverside Family Practice reminding you of your appointment on {{ $('${ITEMS_SOURCE_NODE_NAME}').item.json.appointment }}. Reply C to confirm.`,
		}),
		spruceNode(STEPS[2], {
			resource: 'contact',
			operation: 'getConversations',
			contactId: locator(`={{ $('${STEPS[0]}').item.json.id }}`),
		}),
		spruceNode(STEPS[3], {
			resource: 'message',
			operation: 'post',
			conversationId: locator('={{ $json.id }}'),
			internal: true,
			bodyMode: 'elements',
			bodyElements: {
				element: [
					{
						type: 'text',
						text: `=Reminder sent for {{ $('${ITEMS_SOURCE_NODE_NAME}').item.json.appointment }}. Please call if she does not confirm by tomorrow.`,
					},
					{ type: 'page', memberId: 'entity_TM002' },
				],
			},
			options: { waitForDelivery: true, waitTimeout: 10 },
		}),
	];
}

export function demoConnections() {
	const to = (name: string) => [[{ node: name, type: NodeConnectionTypes.Main, index: 0 }]];
	return {
		[ITEMS_SOURCE_NODE_NAME]: { main: to(STEPS[0]) },
		[STEPS[0]]: { main: to(STEPS[1]) },
		[STEPS[1]]: { main: to(STEPS[2]) },
		[STEPS[2]]: { main: to(STEPS[3]) },
	};
}

/** Runs the demo workflow through n8n's engine against a sandbox. */
export async function runDemo(sandbox: Pick<Sandbox, 'url' | 'token'>) {
	return await runWorkflow({
		nodeTypes: { [NODE_TYPE]: nodeType },
		credentialTypes,
		credentials: sandboxCredentials(sandbox),
		workflow: { nodes: demoNodes(), connections: demoConnections() },
	});
}

async function main() {
	// Spruce posts asynchronously: the note shows up in the conversation a moment later.
	const sandbox = await startSandbox({ deliveryDelayMs: 700 });
	console.log(`Spruce sandbox listening on ${sandbox.url}\n`);
	try {
		const result = await runDemo(sandbox);
		if (result.error) throw result.error;

		for (const name of STEPS) {
			console.log(`── ${name}: output`);
			console.log(JSON.stringify(result.output(name).map((item) => item.json), null, 2));
		}
		const ledger = sandbox.ledger();
		console.log('\n── What the sandbox received');
		console.log(JSON.stringify({ sent: ledger.sent, messages: ledger.messages, requests: ledger.requests.byRoute }, null, 2));
		const [contact] = result.output(STEPS[0]);
		const [note] = result.output(STEPS[3]);
		console.log(
			`\nPatient ${String(contact.json.displayName)} ${contact.json.created ? 'created' : 'updated'}, ` +
				`${ledger.sent.length} SMS sent, note ${note.json.delivered ? `delivered: ${String(note.json.appURL)}` : 'posted (not yet shown)'}. ` +
				`OpenAPI violations: ${ledger.violations.length}.`,
		);
		if (ledger.sent.length !== 1 || ledger.messages.length !== 1 || note.json.delivered !== true || ledger.violations.length) {
			throw new Error('the demo did not go as expected');
		}
	} finally {
		await sandbox.close();
	}
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}
