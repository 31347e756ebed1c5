import type { INode, INodeParameters } from 'n8n-workflow';

import { SpruceHealthPollTrigger } from '../../../nodes/SpruceHealthPollTrigger/SpruceHealthPollTrigger.node';
import { runWorkflow, startPollWorkflow } from '../../harness';
import {
	credentialTypes,
	NODE_TYPE,
	nodeType,
	sandboxCredentials,
	startSandbox,
	type Sandbox,
} from '../../support';
import { autoReplyWorkflow, inboundItemIn0002, REPLY } from '../SpruceHealthTrigger/support';

const POLL_TYPE = 'n8n-nodes-spruce-health.spruceHealthPollTrigger';
const POLL_NAME = 'Check Spruce';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

/** The auto-reply workflow with the polling trigger in place of the webhook trigger. */
function pollingAutoReply(parameters: INodeParameters = {}) {
	const workflow = autoReplyWorkflow();
	const [, reply] = workflow.nodes;
	const trigger: INode = {
		id: 'poll',
		name: POLL_NAME,
		type: POLL_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			event: 'conversationItem.created',
			pollTimes: { item: [{ mode: 'everyMinute' }] },
			...parameters,
		},
		credentials: { spruceHealthApi: { id: null, name: '' } },
	};
	const connections = {
		[POLL_NAME]: { main: [[{ node: reply.name, type: 'main' as const, index: 0 }]] },
	};
	return { name: 'Auto-reply (polling)', nodes: [trigger, reply], connections };
}

const nodeTypes = () => ({ [POLL_TYPE]: new SpruceHealthPollTrigger(), [NODE_TYPE]: nodeType });

async function activePolling(parameters: INodeParameters = {}, staticData?: object) {
	const workflow = await startPollWorkflow({
		nodeTypes: nodeTypes(),
		credentialTypes,
		credentials: sandboxCredentials(sandbox),
		workflow: { ...pollingAutoReply(parameters), staticData: staticData as never },
		trigger: POLL_NAME,
	});
	return workflow;
}

/** Lets the clock move on, so "before activation" is a different millisecond. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
const replies = () => sandbox.ledger().messages.filter((m) => m.body[0]?.value === REPLY);
const inbound = (conversationId: string, text: string, createdAt?: string) =>
	sandbox.webhooks.inboundMessage({ conversationId, text, createdAt });
const state = (data: Record<string, unknown>) =>
	data[`node:${POLL_NAME}`] as { cursor?: string; startedAt?: string } | undefined;
const emittedTexts = (outcome: { emitted: { json: Record<string, unknown> }[][] | null }) =>
	(outcome.emitted?.[0] ?? []).map((i) => i.json.text);

describe('Spruce Health Poll Trigger', () => {
	test('activation starts from now: history is never emitted', async () => {
		inbound('t_0001', 'from before');
		await tick();
		const wf = await activePolling();
		const first = await wf.activate();
		expect(first.emitted).toBeNull();
		expect(state(wf.savedStaticData())?.cursor).toEqual(expect.any(String));
		expect((await wf.poll()).emitted).toBeNull();
		expect(replies()).toHaveLength(0);
	});

	test('a new inbound message starts the workflow once; the reply lands once; polling again emits nothing', async () => {
		const wf = await activePolling();
		await wf.activate();
		const item = inbound('t_0002', 'C', undefined);
		const outcome = await wf.poll();
		expect(outcome.emitted?.[0].map((i) => i.json)).toEqual([
			expect.objectContaining(inboundItemIn0002(item.id, 'C')),
		]);
		expect(outcome.execution?.status).toBe('success');
		expect(replies().map((m) => m.conversationId)).toEqual(['t_0002']);
		// the reply is outbound (filtered out) and the message was seen: nothing more
		expect((await wf.poll()).emitted).toBeNull();
		expect(replies()).toHaveLength(1);
	});

	test('the same poll run twice, or again after a restart from the saved data, emits nothing twice', async () => {
		const wf = await activePolling();
		await wf.activate();
		inbound('t_0001', 'once');
		expect(emittedTexts(await wf.poll())).toEqual(['once']);
		expect((await wf.poll()).emitted).toBeNull();
		const restarted = await activePolling({}, wf.savedStaticData());
		expect((await restarted.activate()).emitted).toBeNull();
		expect((await restarted.poll()).emitted).toBeNull();
		expect(replies()).toHaveLength(1);
	});

	test('a failed poll does not move the cursor: the message comes with the next poll', async () => {
		const wf = await activePolling();
		await wf.activate();
		inbound('t_0003', 'during the outage');
		const cursor = state(wf.staticData())?.cursor;
		sandbox.setFaults({ target: 'all', sequence: Array(5).fill('fail-before') });
		const failed = await wf.poll();
		expect(failed.error).toBeDefined();
		expect(state(wf.staticData())?.cursor).toBe(cursor);
		sandbox.setFaults(null);
		expect(emittedTexts(await wf.poll())).toEqual(['during the outage']);
	}, 60_000);

	test('an item that shows up late, within the look-back window, is still emitted; older ones are not', async () => {
		const now = Date.now();
		const running = {
			[`node:${POLL_NAME}`]: {
				cursor: new Date(now - 60_000).toISOString(),
				startedAt: new Date(now - 3_600_000).toISOString(),
			},
		};
		const wf = await activePolling({}, running);
		await wf.activate();
		inbound('t_0001', 'late', new Date(now - 90_000).toISOString());
		inbound('t_0003', 'too late', new Date(now - 30 * 60_000).toISOString());
		expect(emittedTexts(await wf.poll())).toEqual(['late']);
	});

	test('filters: direction and conversation types', async () => {
		const wf = await activePolling({
			filters: { direction: 'inbound', conversationTypes: ['email'] },
		});
		await wf.activate();
		inbound('t_0001', 'sms');
		inbound('t_0003', 'email');
		expect(emittedTexts(await wf.poll())).toEqual(['email']);
	});

	test('New Contact: contacts created after activation', async () => {
		sandbox.webhooks.contactCreated({ givenName: 'Old', familyName: 'Patient' });
		await tick();
		const wf = await activePolling({ event: 'contact.created' });
		await wf.activate();
		sandbox.webhooks.contactCreated({ givenName: 'Jane', familyName: 'Doe' });
		const outcome = await wf.poll();
		expect(outcome.emitted?.[0].map((i) => i.json)).toEqual([
			expect.objectContaining({
				event: 'contact.created',
				object: 'contact',
				displayName: 'Jane Doe',
			}),
		]);
	});

	test('New Conversation: conversations created after activation, by type', async () => {
		sandbox.webhooks.conversationCreated({ title: 'Before', type: 'phone' });
		await tick();
		const wf = await activePolling({
			event: 'conversation.created',
			filters: { conversationTypes: ['phone'] },
		});
		await wf.activate();
		const created = sandbox.webhooks.conversationCreated({
			title: '(555) 201-0099',
			type: 'phone',
		});
		sandbox.webhooks.conversationCreated({ title: 'Secure one', type: 'secure' });
		const outcome = await wf.poll();
		expect(outcome.emitted?.[0].map((i) => i.json)).toEqual([
			expect.objectContaining({
				event: 'conversation.created',
				object: 'conversation',
				id: created.id,
				type: 'phone',
			}),
		]);
		expect((await wf.poll()).emitted).toBeNull();
	});

	test('manual run ("Fetch Test Event") returns the latest matching message', async () => {
		inbound('t_0001', 'older', new Date(Date.now() - 60_000).toISOString());
		inbound('t_0003', 'newest');
		const [trigger] = pollingAutoReply().nodes;
		const run = await runWorkflow({
			nodeTypes: nodeTypes(),
			credentialTypes,
			credentials: sandboxCredentials(sandbox),
			workflow: { nodes: [trigger], connections: {} },
			startNode: POLL_NAME,
		});
		expect(run.output(POLL_NAME).map((i) => i.json.text)).toEqual(['newest']);
		expect(run.run.data.resultData.error).toBeUndefined();
	});
});
