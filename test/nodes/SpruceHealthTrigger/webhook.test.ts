import { createHmac } from 'node:crypto';

import {
	activeAutoReply,
	inboundItemIn0002,
	REPLY,
	settle,
	TRIGGER_NAME,
	triggerTestEnvironment,
} from './support';

const env = triggerTestEnvironment();

async function activated(parameters = {}) {
	env.workflow = await activeAutoReply(env.sandbox, parameters);
	await env.workflow.activate();
	return env.workflow;
}

const replies = () => env.sandbox.ledger().messages.filter((m) => m.body[0]?.value === REPLY);

/** POSTs a body to the workflow's webhook URL as an attacker (or a confused proxy) would. */
async function postToTrigger(body: string, headers: Record<string, string>) {
	const response = await fetch(env.workflow!.webhookUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body,
	});
	return { status: response.status, text: await response.text() };
}

describe('Spruce Health Trigger: an inbound message starts the workflow once', () => {
	test('the patient gets one reply in the same conversation; the item is flattened', async () => {
		const wf = await activated();
		const { item } = env.sandbox.webhooks.control('POST /_sandbox/webhooks/inbound', {
			conversationId: 't_0002',
			text: 'C',
			from: 'Jane Patient',
		}) as { item: { id: string } };
		await settle(env.sandbox, wf);

		expect(wf.executions()).toHaveLength(1);
		const [execution] = wf.executions();
		expect(execution.status).toBe('success');
		const [out] = execution.output(TRIGGER_NAME);
		expect(out.json).toMatchObject({
			...inboundItemIn0002(item.id, 'C'),
			authorName: 'Jane Patient',
			isInternalNote: false,
			attachments: [],
		});
		expect(typeof out.json.eventTime).toBe('string');
		expect(replies().map((m) => m.conversationId)).toEqual(['t_0002']);
		// The reply itself is an outbound event: delivered, acknowledged, and starts nothing.
		const { deliveries } = env.sandbox.webhooks.snapshot();
		expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
		expect(wf.executions()).toHaveLength(1);
	});

	test('a duplicate delivery is acknowledged but runs nothing twice', async () => {
		const wf = await activated();
		env.sandbox.webhooks.setKnobs(['duplicate']);
		env.sandbox.webhooks.inboundMessage({ conversationId: 't_0001', text: 'Yes' });
		await settle(env.sandbox, wf);
		const inbound = env.sandbox.webhooks
			.snapshot()
			.deliveries.filter((d) => d.knob === 'duplicate');
		expect(inbound.map((d) => d.status)).toEqual([200, 200]);
		expect(wf.executions()).toHaveLength(1);
		expect(replies()).toHaveLength(1);
	});

	test('overlapping deliveries, as n8n reads the static data for each: every event runs once, redelivered too', async () => {
		const wf = (env.workflow = await activeAutoReply(env.sandbox, {}, { readLatencyMs: 100 }));
		await wf.activate();
		env.sandbox.webhooks.setKnobs(['duplicate', 'duplicate']);
		for (const n of [1, 2, 3, 4, 7, 8]) {
			env.sandbox.webhooks.inboundMessage({ conversationId: `t_000${n}`, text: `m${n}` });
		}
		await settle(env.sandbox, wf);
		expect(wf.executions()).toHaveLength(6);
		const seen = wf.staticData()[`node:${TRIGGER_NAME}`] as { seenEvents: Record<string, number> };
		expect(Object.keys(seen.seenEvents)).toHaveLength(6);
		env.sandbox.webhooks.redeliver();
		await settle(env.sandbox, wf);
		expect(wf.executions()).toHaveLength(6);
		expect(replies()).toHaveLength(6);
	});

	test('out-of-order deliveries each run once', async () => {
		const wf = await activated();
		env.sandbox.webhooks.setKnobs(['out-of-order']);
		env.sandbox.webhooks.inboundMessage({ conversationId: 't_0001', text: 'first' });
		env.sandbox.webhooks.inboundMessage({ conversationId: 't_0003', text: 'second' });
		await settle(env.sandbox, wf);
		const texts = wf
			.executions()
			.map((e) => e.output(TRIGGER_NAME)[0].json.text)
			.sort();
		expect(texts).toEqual(['first', 'second']);
		expect(
			replies()
				.map((m) => m.conversationId)
				.sort(),
		).toEqual(['t_0001', 't_0003']);
	});

	test('the redelivery memory is kept in the static data n8n saves', async () => {
		const wf = await activated();
		env.sandbox.webhooks.inboundMessage({ conversationId: 't_0001', text: 'one' });
		await settle(env.sandbox, wf);
		const seen = wf.staticData()[`node:${TRIGGER_NAME}`] as { seenEvents: Record<string, number> };
		expect(Object.keys(seen.seenEvents)).toHaveLength(1);
		expect(Object.keys(seen.seenEvents)[0]).toMatch(/^conversationItem\.created\|ti_/);
	});
});

describe('Spruce Health Trigger: every delivery is verified', () => {
	test.each([['wrong-signature' as const], ['no-signature' as const], ['tamper-body' as const]])(
		'%s → 401, no execution, and nothing of the body echoed',
		async (knob) => {
			const wf = await activated();
			env.sandbox.webhooks.setKnobs([knob]);
			env.sandbox.webhooks.inboundMessage({
				conversationId: 't_0001',
				text: 'My date of birth is 1970-01-01',
			});
			await settle(env.sandbox, wf);
			const [delivery] = env.sandbox.webhooks.snapshot().deliveries;
			expect(delivery.status).toBe(401);
			expect(wf.deliveries[0].body).not.toContain('1970');
			expect(wf.executions()).toHaveLength(0);
			expect(replies()).toHaveLength(0);
		},
	);

	test('malformed signatures are refused too', async () => {
		const wf = await activated();
		const body = JSON.stringify({
			object: 'event',
			type: 'conversationItem.created',
			eventTime: 'x',
			data: { object: {} },
		});
		const secret = (wf.staticData()[`node:${TRIGGER_NAME}`] as { signingSecret: string })
			.signingSecret;
		const good = createHmac('sha256', secret).update(body).digest('base64');
		for (const signature of [
			'',
			'abc',
			good.slice(0, -2),
			`${good}AA`,
			good.replace(/=$/, ''),
			`sha256=${good}`,
		]) {
			expect(await postToTrigger(body, { 'x-spruce-signature': signature })).toMatchObject({
				status: 401,
			});
		}
		expect(wf.executions()).toHaveLength(0);
	});

	test('the signature covers the raw bytes: reformatted JSON with the same meaning is refused', async () => {
		const wf = await activated();
		const secret = (wf.staticData()[`node:${TRIGGER_NAME}`] as { signingSecret: string })
			.signingSecret;
		const event = {
			object: 'event',
			type: 'conversationItem.created',
			eventTime: new Date().toISOString(),
			data: {
				object: {
					id: 'ti_RAW',
					conversationId: 't_0001',
					direction: 'inbound',
					isInternalNote: false,
					text: 'hi',
					conversation: { type: 'phone' },
				},
			},
		};
		const compact = JSON.stringify(event);
		const pretty = JSON.stringify(event, null, 2);
		const signed = createHmac('sha256', secret).update(compact).digest('base64');
		expect((await postToTrigger(pretty, { 'x-spruce-signature': signed })).status).toBe(401);
		expect((await postToTrigger(compact, { 'x-spruce-signature': signed })).status).toBe(200);
		await settle(env.sandbox, wf);
		expect(wf.executions()).toHaveLength(1);
	});
});

describe('Spruce Health Trigger: events and filters', () => {
	test('events not chosen are acknowledged and start nothing', async () => {
		const wf = await activated({ events: ['contact.created'] });
		env.sandbox.webhooks.inboundMessage({ conversationId: 't_0001', text: 'hello' });
		env.sandbox.webhooks.emit('contact.created', {
			id: 'entity_C1',
			displayName: 'Jane Patient',
			object: 'contact',
		});
		await settle(env.sandbox, wf);
		expect(env.sandbox.webhooks.snapshot().deliveries.map((d) => d.status)).toEqual([200, 200]);
		expect(wf.executions().map((e) => e.output(TRIGGER_NAME)[0].json)).toEqual([
			expect.objectContaining({
				event: 'contact.created',
				object: 'contact',
				id: 'entity_C1',
				displayName: 'Jane Patient',
			}),
		]);
	});

	test("direction Inbound is the default: a teammate's outbound message starts nothing", async () => {
		const wf = await activated();
		env.sandbox.webhooks.emit('conversationItem.created', {
			id: 'ti_OUT',
			conversationId: 't_0001',
			direction: 'outbound',
			isInternalNote: false,
			text: 'See you tomorrow',
			conversation: { type: 'phone' },
		});
		await settle(env.sandbox, wf);
		expect(env.sandbox.webhooks.snapshot().deliveries[0].status).toBe(200);
		expect(wf.executions()).toHaveLength(0);
	});

	test('internal notes start nothing unless included', async () => {
		const note = {
			id: 'ti_NOTE',
			conversationId: 't_0005',
			direction: 'none',
			isInternalNote: true,
			text: 'called back',
			conversation: { type: 'note' },
		};
		let wf = await activated({ filters: { direction: 'any' } });
		env.sandbox.webhooks.emit('conversationItem.created', note);
		await settle(env.sandbox, wf);
		expect(wf.executions()).toHaveLength(0);
		await wf.close();
		env.sandbox.reset();

		wf = await activated({ filters: { direction: 'any', includeInternalNotes: true } });
		env.sandbox.webhooks.emit('conversationItem.created', note);
		await settle(env.sandbox, wf);
		expect(wf.executions()).toHaveLength(1);
	});

	test('conversation types: from the event, or asked from Spruce when the event does not say', async () => {
		const wf = await activated({
			filters: { direction: 'inbound', conversationTypes: ['secure'] },
		});
		env.sandbox.webhooks.inboundMessage({ conversationId: 't_0001', text: 'sms' }); // phone
		const item = { id: 'ti_NOCONV', direction: 'inbound', isInternalNote: false, text: 'secure?' };
		env.sandbox.webhooks.emit('conversationItem.created', { ...item, conversationId: 't_0003' }); // email
		env.sandbox.webhooks.emit('conversationItem.created', {
			...item,
			id: 'ti_NOCONV2',
			conversationId: 't_0002',
		}); // secure
		await settle(env.sandbox, wf);
		expect(env.sandbox.ledger().requests.byRoute['GET /conversations/{id}']).toBe(2);
		const ran = wf.executions().map((e) => e.output(TRIGGER_NAME)[0].json.conversationId);
		expect(ran).toEqual(['t_0002']);
	});
});
