import * as http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';

import { startSandbox, type Sandbox } from './server';

/** A receiver that answers the given statuses in turn (then 200) and keeps what it got. */
async function receiver(statuses: number[] = []) {
	const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(statuses.shift() ?? 200).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function api(sandbox: Sandbox, method: string, path: string, body?: unknown) {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Record<string, any> };
}

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('sandbox webhooks: endpoint routes', () => {
	test('create shows the signing secret once; get and list never do; delete removes', async () => {
		const created = await api(sandbox, 'POST', '/webhooks/endpoints', { name: 'n8n', url: 'https://example.com/h' });
		expect(created.status).toBe(200);
		const { endpoint } = created.body;
		expect(endpoint).toMatchObject({ id: expect.stringMatching(/^wde_/), name: 'n8n', url: 'https://example.com/h', object: 'webhookDestinationEndpoint' });
		expect(endpoint.signingSecrets[0].value).toEqual(expect.any(String));
		expect((await api(sandbox, 'GET', `/webhooks/endpoints/${endpoint.id}`)).body.endpoint.signingSecrets).toEqual([]);
		expect((await api(sandbox, 'GET', '/webhooks/endpoints')).body.endpoints).toHaveLength(1);
		expect((await api(sandbox, 'DELETE', `/webhooks/endpoints/${endpoint.id}`)).status).toBe(200);
		expect((await api(sandbox, 'GET', `/webhooks/endpoints/${endpoint.id}`)).status).toBe(404);
	});

	test('only https destinations (plain http on loopback for tests)', async () => {
		const http = await api(sandbox, 'POST', '/webhooks/endpoints', { name: 'x', url: 'http://example.com/h' });
		expect(http).toMatchObject({ status: 400, body: { type: 'BAD_PARAMETER' } });
		expect((await api(sandbox, 'POST', '/webhooks/endpoints', { name: 'x', url: 'http://127.0.0.1:9/h' })).status).toBe(200);
	});
});

describe('sandbox webhooks: deliveries', () => {
	test('a posted message is delivered signed with the endpoint secret, in Spruce\'s shape', async () => {
		const hook = await receiver();
		const { body } = await api(sandbox, 'POST', '/webhooks/endpoints', { name: 'r', url: hook.url });
		await api(sandbox, 'POST', '/conversations/t_0001/messages', { body: [{ type: 'text', value: 'hi' }] });
		await sandbox.webhooks.settled();
		const [delivery] = hook.received;
		const secret = body.endpoint.signingSecrets[0].value;
		expect(delivery.headers['x-spruce-signature']).toBe(createHmac('sha256', secret).update(delivery.body).digest('base64'));
		expect(JSON.parse(delivery.body)).toMatchObject({
			object: 'event',
			type: 'conversationItem.created',
			eventTime: expect.any(String),
			data: { object: { conversationId: 't_0001', direction: 'outbound', text: 'hi', conversation: { id: 't_0001' } } },
		});
		await hook.close();
	});

	test('failed deliveries are retried with the same body until a 2xx, up to the attempt limit', async () => {
		const hook = await receiver([500, 503]);
		await api(sandbox, 'POST', '/webhooks/endpoints', { name: 'r', url: hook.url });
		sandbox.webhooks.configure({ retryDelayMs: 10 });
		sandbox.webhooks.inboundMessage({ conversationId: 't_0001', text: 'hello' });
		for (let i = 0; i < 50 && hook.received.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
		await sandbox.webhooks.settled();
		expect(sandbox.webhooks.snapshot().deliveries.map((d) => [d.attempt, d.status])).toEqual([[1, 500], [2, 503], [3, 200]]);
		expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
		await hook.close();

		sandbox.reset();
		const dead = await receiver(Array(20).fill(500));
		await api(sandbox, 'POST', '/webhooks/endpoints', { name: 'r', url: dead.url });
		sandbox.webhooks.configure({ retryDelayMs: 1, maxAttempts: 4 });
		sandbox.webhooks.inboundMessage({ conversationId: 't_0001', text: 'hello' });
		for (let i = 0; i < 100 && dead.received.length < 4; i++) await new Promise((r) => setTimeout(r, 10));
		await new Promise((r) => setTimeout(r, 50));
		expect(dead.received).toHaveLength(4);
		expect(sandbox.webhooks.snapshot().pendingRetries).toBe(0);
		await dead.close();
	});

	test('Spruce\'s defaults: 5 s to answer, a retry every 2 minutes, 10 retries', () => {
		expect(sandbox.webhooks.snapshot().settings).toEqual({ timeoutMs: 5_000, retryDelayMs: 120_000, maxAttempts: 11 });
	});

	test('redeliver sends an event again, same body and signature, as one more attempt', async () => {
		const hook = await receiver();
		await api(sandbox, 'POST', '/webhooks/endpoints', { name: 'r', url: hook.url });
		sandbox.webhooks.inboundMessage({ conversationId: 't_0001', text: 'one' });
		sandbox.webhooks.inboundMessage({ conversationId: 't_0002', text: 'two' });
		await sandbox.webhooks.settled();
		const [first] = sandbox.webhooks.snapshot().events;
		const redeliver = (body: unknown) =>
			fetch(`${sandbox.origin}/_sandbox/webhooks/redeliver`, { method: 'POST', body: JSON.stringify(body) });
		expect(await (await redeliver({ eventIds: [first.id] })).json()).toEqual({ ok: true, redelivered: 1 });
		await sandbox.webhooks.settled();
		expect(hook.received).toHaveLength(3);
		expect(hook.received[2]).toEqual(hook.received.find((r) => JSON.parse(r.body).data.object.text === 'one'));
		expect(sandbox.webhooks.snapshot().deliveries.filter((d) => d.eventId === first.id).map((d) => d.attempt).sort()).toEqual([1, 2]);
		expect(await (await redeliver({})).json()).toEqual({ ok: true, redelivered: 2 });
		expect((await redeliver({ eventIds: 'x' })).status).toBe(400);
		await sandbox.webhooks.settled();
		expect(hook.received).toHaveLength(5);
		await hook.close();
	});

	test('control routes inject an inbound message and set knobs', async () => {
		const hook = await receiver();
		await api(sandbox, 'POST', '/webhooks/endpoints', { name: 'r', url: hook.url });
		const control = (path: string, body: unknown) =>
			fetch(`${sandbox.origin}/_sandbox/webhooks${path}`, { method: 'POST', body: JSON.stringify(body) });
		expect((await control('/knobs', ['no-signature'])).status).toBe(200);
		expect((await control('/inbound', { conversationId: 't_0002', text: 'C' })).status).toBe(200);
		expect((await control('/knobs', ['bogus'])).status).toBe(400);
		await sandbox.webhooks.settled();
		expect(hook.received[0].headers['x-spruce-signature']).toBeUndefined();
		expect(JSON.parse(hook.received[0].body).data.object).toMatchObject({ direction: 'inbound', text: 'C' });
		await hook.close();
	});
});
