import type { INodeParameters } from 'n8n-workflow';

import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const getAll = (parameters: INodeParameters) =>
	runOperation(sandbox, 'scheduledMessage', 'getAll', parameters);
const inFuture = new Date(Date.now() + 3_600_000).toISOString();

async function scheduleMore(count: number) {
	for (let n = 0; n < count; n++) {
		const run = await runOperation(sandbox, 'scheduledMessage', 'create', {
			conversationId: locator('t_0003'),
			sendAt: inFuture,
			bodyMode: 'text',
			text: `Reminder ${n}`,
		});
		expect(run.error).toBeUndefined();
	}
}

describe('Scheduled Message → Get Many', () => {
	test('the organization: Return All follows Spruce’s pages (the route takes no page size)', async () => {
		await scheduleMore(5);
		const before = sandbox.ledger().requests.byRoute['GET /scheduledmessages'] ?? 0;
		const run = await getAll({ returnAll: true });
		expect(run.items).toHaveLength(7);
		expect(sandbox.ledger().requests.byRoute['GET /scheduledmessages'] - before).toBe(3);
	});

	test('a limit stops reading pages once reached', async () => {
		await scheduleMore(5);
		const run = await getAll({ limit: 4 });
		expect(run.items.map((i) => i.json.id)).toHaveLength(4);
		expect(sandbox.ledger().requests.byRoute['GET /scheduledmessages']).toBe(2);
	});

	test('one conversation: only its scheduled messages, paired with the input item', async () => {
		const run = await getAll({ scope: 'conversation', conversationId: locator('t_0002') });
		expect(run.items.map((i) => [i.json.id, i.pairedItem])).toEqual([['sm_0002', { item: 0 }]]);
	});

	test('an unknown conversation is a 404 naming it', async () => {
		const run = await getAll({ scope: 'conversation', conversationId: locator('t_NOPE') });
		expect(run.error?.message).toMatch(/no conversation "t_NOPE"/);
	});
});
