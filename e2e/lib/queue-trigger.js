'use strict';
// The `trigger` scenario of e2e/test-queue: the Spruce Health Trigger in n8n's queue mode. The
// main registers the endpoint at activation (and keeps its secret in the workflow's static
// data); Spruce (the sandbox) delivers to the webhook process, which checks the signature and
// queues an execution; the workers run it (the workflow replies in the patient's conversation,
// so the sandbox's ledger shows what ran). One worker is killed before the second batch, and
// every event is delivered twice (at once, and again once all were answered).

const fs = require('node:fs');
const crypto = require('node:crypto');

const { NODE_TYPE, TRIGGER_NODE_TYPE } = require('./examples');
const { log, sleep, waitFor } = require('./util');

const TRIGGER_NODE = 'Patient wrote';
const REFUSED_KNOBS = ['tamper-body', 'wrong-signature', 'no-signature'];

function triggerWorkflow(id, credential) {
	const credentials = { spruceHealthApi: { id: credential.id, name: credential.name } };
	return {
		id,
		name: `Queue ${id}`,
		active: false,
		settings: { executionOrder: 'v1', saveDataErrorExecution: 'all', saveDataSuccessExecution: 'all' },
		nodes: [
			{
				id: `${id}-trigger`,
				name: TRIGGER_NODE,
				type: TRIGGER_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				webhookId: crypto.randomUUID(),
				parameters: { events: ['conversationItem.created'], filters: { direction: 'inbound' } },
				credentials,
			},
			{
				id: `${id}-reply`,
				name: 'Reply',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [300, 0],
				parameters: {
					resource: 'message',
					operation: 'post',
					conversationId: { __rl: true, mode: 'id', value: '={{ $json.conversationId }}' },
					bodyMode: 'text',
					text: '=Re: {{ $json.text }}',
					options: {},
				},
				credentials,
			},
		],
		connections: { [TRIGGER_NODE]: { main: [[{ node: 'Reply', type: 'main', index: 0 }]] } },
	};
}

/** Replies per event, from the sandbox's ledger. */
function tallyReplies(ledger, events) {
	const counts = events.map(
		(e) => ledger.messages.filter((m) => m.conversationId === e.conversationId && m.body[0]?.value === `Re: ${e.text}`).length,
	);
	return {
		ran: counts.filter((c) => c > 0).length,
		lost: counts.filter((c) => c === 0).length,
		duplicated: counts.reduce((sum, c) => sum + Math.max(0, c - 1), 0),
	};
}

/**
 * @param {object} ctx  { mainN8n, hook, workers, startWorker, sandbox, flow, activate, executions,
 *   report, count }: `startWorker(worker, n)` starts a worker (again); `executions(main, workflowId)`
 * lists the workflow's executions; `report(name, fields, ok)` prints the summary line.
 */
async function runTriggerScenario({ mainN8n, hook, workers, startWorker, sandbox, flow, activate, executions, report, count }) {
	const webhooks = () => sandbox.control('GET', 'webhooks');
	const staticDataOf = async () => {
		const { staticData } = (await mainN8n.request('GET', `/rest/workflows/${flow.id}`)).data;
		const data = typeof staticData === 'string' ? JSON.parse(staticData) : staticData;
		return data?.[`node:${TRIGGER_NODE}`] ?? {};
	};
	let conversation = 0;
	const send = async (label, n) => {
		const sent = [];
		for (let i = 1; i <= n; i++) {
			const event = { conversationId: `t_G${String(++conversation).padStart(7, '0')}`, text: `queue trigger ${label} ${i}` };
			const { item } = await sandbox.control('POST', 'webhooks/inbound', event);
			sent.push({ ...event, itemId: item.id });
		}
		return sent;
	};
	// Settled: every delivery answered, and the workflow's executions all finished.
	const settle = async (what, deliveries, finished) => {
		await waitFor(`${what}: ${deliveries} deliveries answered`, async () => (await webhooks()).deliveries.length >= deliveries, {
			timeoutMs: 120_000,
			intervalMs: 250,
		});
		await waitFor(
			`${what}: ${finished} executions finished`,
			async () => {
				const list = await executions(mainN8n, flow.id);
				return list.length >= finished && list.every((e) => !['new', 'running', 'waiting'].includes(e.status));
			},
			{ timeoutMs: 300_000, intervalMs: 1_000 },
		);
	};

	await sandbox.reset();
	// Activation: the main registers the endpoint (n8n 2.40 does it after answering the REST call).
	await activate(mainN8n, flow.id);
	const registration = await waitFor('the trigger registered with Spruce', async () => {
		const stored = await staticDataOf();
		return typeof stored.signingSecret === 'string' && stored;
	}, { timeoutMs: 120_000, intervalMs: 500 });
	const { endpoints } = await webhooks();
	const endpointUrl = endpoints[0]?.url ?? '';
	const registered =
		endpoints.length === 1 &&
		endpoints[0].id === registration.endpointId &&
		endpointUrl.startsWith(`${hook.url}/webhook/`);
	log(`trigger: ${endpoints.length} endpoint(s), ${endpointUrl} (webhook process ${hook.url}, main ${mainN8n.url})`);

	// Spoiled deliveries: refused by the webhook process, nothing queued.
	await sandbox.control('POST', 'webhooks/knobs', REFUSED_KNOBS);
	const spoiled = await send('spoiled', REFUSED_KNOBS.length);
	await settle('spoiled', REFUSED_KNOBS.length, 0);
	const refused = (await webhooks()).deliveries.filter((d) => d.status === 401).length;

	// Batch 1 with every worker up (the crash scenario leaves one dead: started again).
	const alive = () => workers.filter((w) => w.process && w.process.exitCode === null && w.process.signalCode === null);
	for (const [n, w] of workers.entries()) {
		if (alive().includes(w)) continue;
		log(`trigger: starting worker${n + 1} again`);
		await startWorker(w, n + 1);
	}
	const before = await send('before', Math.ceil(count / 2));
	let deliveries = REFUSED_KNOBS.length + 2 * before.length; // each reply is an (outbound) event too
	await settle('batch 1', deliveries, before.length);

	// Kill one worker, then batch 2, a quarter of it sent twice at once.
	const victim = workers.at(-1);
	process.kill(-victim.process.pid, 'SIGKILL'); // the worker and its task runner
	await waitFor('the worker gone', () => victim.process.signalCode !== null, { timeoutMs: 10_000 });
	log(`trigger: killed worker${workers.length} before batch 2`);
	const workerDown = alive().length === workers.length - 1;
	const twice = Math.floor(count / 4);
	await sandbox.control('POST', 'webhooks/knobs', [...Array(twice).fill('duplicate')]);
	const after = await send('after', count);
	const events = [...before, ...after];
	deliveries += 2 * after.length + twice;
	await settle('batch 2', deliveries, events.length);
	log(`trigger: ${(await executions(mainN8n, flow.id)).length} executions for ${events.length} events before the redelivery`);

	// Every event again, once all were answered (Spruce missed the answers).
	const accepted = (await webhooks()).events.filter((e) => e.data.object.direction === 'inbound' && !spoiled.some((s) => s.itemId === e.data.object.id));
	const { redelivered } = await sandbox.control('POST', 'webhooks/redeliver', { eventIds: accepted.map((e) => e.id) });
	deliveries += redelivered;
	await settle('redelivered', deliveries, events.length);
	await sleep(3_000); // anything a redelivery started has had time to show

	const list = await executions(mainN8n, flow.id);
	const ledger = await sandbox.ledger();
	const replies = tallyReplies(ledger, events);
	const spoiledRan = tallyReplies(ledger, spoiled).ran;
	const onWorker = workers.map((w) => {
		const text = fs.existsSync(w.logFile) ? fs.readFileSync(w.logFile, 'utf8') : '';
		return list.filter((e) => text.includes(`Worker started execution ${e.id} `)).length;
	});
	const failed = list.filter((e) => e.status !== 'success').length;
	// Runs beyond one per event, and replies beyond one per event (the Spruce node's keys come from
	// the trigger's item, so a second run of an event is normally turned away by Spruce).
	const duplicated = Math.max(0, list.length - events.length) + replies.duplicated;

	// Deactivation: the main removes the endpoint.
	await mainN8n.request('POST', `/rest/workflows/${flow.id}/deactivate`, {});
	const removed = await waitFor('the endpoint removed', async () => (await webhooks()).endpoints.length === 0, {
		timeoutMs: 60_000,
	}).catch(() => false);

	const ok =
		registered &&
		refused === REFUSED_KNOBS.length &&
		spoiledRan === 0 &&
		replies.lost === 0 &&
		duplicated === 0 &&
		list.length === events.length &&
		failed === 0 &&
		onWorker.reduce((a, b) => a + b, 0) === list.length &&
		removed &&
		workerDown;
	report(
		'trigger',
		{
			events: events.length,
			ran: list.length,
			duplicated,
			lost: replies.lost,
			onWorkers: onWorker.map((n, w) => `worker${w + 1}:${n}`).join(','),
			redelivered: `${redelivered}+${twice}`,
			refused: `${refused}/${REFUSED_KNOBS.length}`,
			endpoint: `${registered ? 'registered' : 'WRONG'}→${removed ? 'removed' : 'LEFT'}`,
			workerDown: workerDown ? 'yes' : 'no',
		},
		ok,
	);
}

module.exports = { triggerWorkflow, runTriggerScenario };
