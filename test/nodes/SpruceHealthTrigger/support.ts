import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { SpruceHealthTrigger } from '../../../nodes/SpruceHealthTrigger/SpruceHealthTrigger.node';
import { startTriggerWorkflow, type ActiveTriggerWorkflow } from '../../harness';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { credentialTypes, NODE_NAME, NODE_TYPE, nodeType, sandboxCredentials } from '../../support';

export const TRIGGER_TYPE = 'n8n-nodes-spruce-health.spruceHealthTrigger';
export const TRIGGER_NAME = 'Patient Replied';
export const WORKFLOW_NAME = 'Auto-reply';
export const REPLY = 'Thanks, we got your message';

/** "Spruce Health Trigger → Spruce Health: Post 'Thanks, we got your message' to the same conversation" */
export function autoReplyWorkflow(triggerParameters: INodeParameters = {}) {
	const nodes: INode[] = [
		{
			id: 'trigger',
			name: TRIGGER_NAME,
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: '6f1c2a1e-7f0e-4a57-9d0b-2b3c4d5e6f70',
			parameters: { events: ['conversationItem.created'], ...triggerParameters },
			credentials: { spruceHealthApi: { id: null, name: '' } },
		},
		{
			id: 'reply',
			name: NODE_NAME,
			type: NODE_TYPE,
			typeVersion: 1,
			position: [250, 0],
			parameters: {
				resource: 'message',
				operation: 'post',
				conversationId: { __rl: true, mode: 'id', value: '={{ $json.conversationId }}' },
				bodyMode: 'text',
				text: REPLY,
			},
			credentials: { spruceHealthApi: { id: null, name: '' } },
		},
	];
	const connections = {
		[TRIGGER_NAME]: { main: [[{ node: NODE_NAME, type: 'main' as const, index: 0 }]] },
	};
	return { name: WORKFLOW_NAME, nodes, connections };
}

export async function activeAutoReply(
	sandbox: Sandbox,
	triggerParameters: INodeParameters = {},
	options: {
		mode?: 'trigger' | 'manual';
		publicWebhookBaseUrl?: string;
		staticData?: IDataObject;
		readLatencyMs?: number;
	} = {},
): Promise<ActiveTriggerWorkflow> {
	const { staticData, ...rest } = options;
	return await startTriggerWorkflow({
		nodeTypes: { [TRIGGER_TYPE]: new SpruceHealthTrigger(), [NODE_TYPE]: nodeType },
		credentialTypes,
		credentials: sandboxCredentials(sandbox),
		workflow: { ...autoReplyWorkflow(triggerParameters), staticData },
		trigger: TRIGGER_NAME,
		...rest,
	});
}

/** What both triggers put out for an inbound message in the secure conversation t_0002. */
export function inboundItemIn0002(id: string, text: string) {
	return {
		event: 'conversationItem.created',
		object: 'conversationItem',
		id,
		conversationId: 't_0002',
		direction: 'inbound',
		text,
		conversationType: 'secure',
		conversationTitle: 'Robert Fox',
	};
}

/**
 * One sandbox for a test file (reset before each test) and the workflow a test activated
 * (closed after it): `const env = triggerTestEnvironment(); … env.workflow = await …`.
 */
export function triggerTestEnvironment() {
	const env = {} as { sandbox: Sandbox; workflow?: ActiveTriggerWorkflow };
	beforeAll(async () => (env.sandbox = await startSandbox()));
	afterAll(async () => await env.sandbox.close());
	beforeEach(() => env.sandbox.reset());
	afterEach(async () => {
		await env.workflow?.close();
		env.workflow = undefined;
	});
	return env;
}

/** Waits until the sandbox has delivered everything and the workflow has handled it. */
export async function settle(sandbox: Sandbox, workflow: ActiveTriggerWorkflow): Promise<void> {
	for (let round = 0; round < 5; round++) {
		await sandbox.webhooks.settled();
		await workflow.idle();
	}
}
