import type { ActiveTriggerWorkflow } from '../../harness';
import {
	activeAutoReply,
	settle,
	TRIGGER_NAME,
	triggerTestEnvironment,
	WORKFLOW_NAME,
} from './support';

const env = triggerTestEnvironment();

const endpoints = () => env.sandbox.webhooks.snapshot().endpoints;
const stored = (wf: ActiveTriggerWorkflow) =>
	wf.staticData()[`node:${TRIGGER_NAME}`] as
		| { endpointId?: string; signingSecret?: string }
		| undefined;

/** Registers an endpoint directly, as another tool (or a lost answer) would have. */
function foreignEndpoint(url: string) {
	const answer = env.sandbox.webhooks.api(
		'POST',
		'/webhooks/endpoints',
		Buffer.from(JSON.stringify({ name: 'other', url })),
	);
	return JSON.parse((answer as { body: string }).body).endpoint as { id: string };
}

describe('Spruce Health Trigger: registration', () => {
	test('activation registers one endpoint named for the workflow and node, and keeps its id and secret', async () => {
		env.workflow = await activeAutoReply(env.sandbox);
		await env.workflow.activate();
		expect(endpoints()).toEqual([
			expect.objectContaining({
				name: `n8n: ${WORKFLOW_NAME} / ${TRIGGER_NAME}`,
				url: env.workflow.webhookUrl,
			}),
		]);
		expect(stored(env.workflow)).toMatchObject({
			endpointId: endpoints()[0].id,
			signingSecret: expect.any(String),
		});
		expect(endpoints()[0].signingSecrets).toEqual([]); // Spruce never shows the secret again
	});

	test('activating again (n8n restarts) keeps the endpoint it has: checked by id, not recreated', async () => {
		env.workflow = await activeAutoReply(env.sandbox);
		await env.workflow.activate();
		const first = stored(env.workflow)!.endpointId;
		await env.workflow.activate();
		expect(endpoints().map((e) => e.id)).toEqual([first]);
		expect(env.sandbox.ledger().requests.byRoute['GET /webhooks/endpoints/{id}']).toBe(1);
	});

	test('an endpoint deleted in Spruce is registered again with a new secret', async () => {
		env.workflow = await activeAutoReply(env.sandbox);
		await env.workflow.activate();
		const before = stored(env.workflow)!;
		env.sandbox.webhooks.api('DELETE', `/webhooks/endpoints/${before.endpointId}`, Buffer.alloc(0));
		await env.workflow.activate();
		const after = stored(env.workflow)!;
		expect(after.endpointId).not.toBe(before.endpointId);
		expect(after.signingSecret).not.toBe(before.signingSecret);
		expect(endpoints().map((e) => e.id)).toEqual([after.endpointId]);
	});

	test("when n8n's address changed, its old endpoint is deleted and one for the new address made", async () => {
		env.workflow = await activeAutoReply(
			env.sandbox,
			{},
			{ publicWebhookBaseUrl: 'https://old.example.com/' },
		);
		await env.workflow.activate();
		const old = stored(env.workflow)!;
		await env.workflow.close();
		env.workflow = await activeAutoReply(
			env.sandbox,
			{},
			{
				publicWebhookBaseUrl: 'https://new.example.com/',
				staticData: { [`node:${TRIGGER_NAME}`]: old },
			},
		);
		await env.workflow.activate();
		expect(endpoints().map((e) => e.url)).toEqual([
			expect.stringMatching(/^https:\/\/new\.example\.com\//),
		]);
		expect(stored(env.workflow)!.endpointId).not.toBe(old.endpointId);
	});

	test('an endpoint for this URL that it did not create is never adopted: it is removed and a new one made', async () => {
		env.workflow = await activeAutoReply(env.sandbox);
		const orphan = foreignEndpoint(env.workflow.webhookUrl);
		const unrelated = foreignEndpoint('https://example.com/hook');
		await env.workflow.activate();
		const ids = endpoints().map((e) => e.id);
		expect(ids).not.toContain(orphan.id);
		expect(ids).toContain(unrelated.id);
		expect(ids).toContain(stored(env.workflow)!.endpointId);
		expect(ids).toHaveLength(2);
	});

	test('deactivation deletes only the endpoint it created', async () => {
		env.workflow = await activeAutoReply(env.sandbox);
		const unrelated = foreignEndpoint('https://example.com/hook');
		await env.workflow.activate();
		await env.workflow.deactivate();
		expect(endpoints().map((e) => e.id)).toEqual([unrelated.id]);
		expect(stored(env.workflow)?.endpointId).toBeUndefined();
		expect(stored(env.workflow)?.signingSecret).toBeUndefined();
	});

	test('a plain-http public address fails activation with what to do, and registers nothing', async () => {
		env.workflow = await activeAutoReply(
			env.sandbox,
			{},
			{ publicWebhookBaseUrl: 'http://n8n.example.com/' },
		);
		const failure = env.workflow.activate();
		await expect(failure).rejects.toThrow(/https/);
		const error = (await failure.catch((e: unknown) => e)) as { description?: string };
		expect(error.description).toMatch(/WEBHOOK_URL/);
		expect(error.description).toMatch(/Poll Trigger/);
		expect(endpoints()).toEqual([]);
	});

	test('an https public address is accepted', async () => {
		env.workflow = await activeAutoReply(
			env.sandbox,
			{},
			{ publicWebhookBaseUrl: 'https://n8n.example.com/' },
		);
		await env.workflow.activate();
		expect(endpoints()[0].url).toMatch(/^https:\/\/n8n\.example\.com\/webhook\/.+\/webhook$/);
	});

	test('no events chosen fails activation', async () => {
		env.workflow = await activeAutoReply(env.sandbox, { events: [] });
		await expect(env.workflow.activate()).rejects.toThrow(/at least one event/);
		expect(endpoints()).toEqual([]);
	});

	test('"Listen for test event": registers the test URL, delivers, and cleans up', async () => {
		env.workflow = await activeAutoReply(env.sandbox, {}, { mode: 'manual' });
		await env.workflow.activate();
		expect(endpoints()[0].url).toMatch(/\/webhook-test\//);
		env.sandbox.webhooks.inboundMessage({ conversationId: 't_0001', text: 'test' });
		await settle(env.sandbox, env.workflow);
		expect(env.workflow.executions()).toHaveLength(1);
		await env.workflow.deactivate();
		expect(endpoints()).toEqual([]);
	});

	test("Spruce being down fails activation with Spruce's words, and stores nothing", async () => {
		env.workflow = await activeAutoReply(env.sandbox);
		env.sandbox.setFaults({ target: 'all', sequence: Array(20).fill('fail-before') });
		await expect(env.workflow.activate()).rejects.toThrow(/Spruce/);
		expect(stored(env.workflow)?.endpointId).toBeUndefined();
	});
});
