import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Scheduled Message → Delete', () => {
	test('cancels it: it is gone from the list', async () => {
		const run = await runOperation(sandbox, 'scheduledMessage', 'delete', {
			scheduledMessageId: locator('sm_0001'),
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toEqual({ id: 'sm_0001', deleted: true });
		const left = await runOperation(sandbox, 'scheduledMessage', 'getAll', { returnAll: true });
		expect(left.items.map((i) => i.json.id)).toEqual(['sm_0002']);
	});

	test('an unknown id is a 404 naming it; an empty one is refused before sending', async () => {
		const missing = await runOperation(sandbox, 'scheduledMessage', 'delete', {
			scheduledMessageId: locator('sm_NOPE'),
		});
		expect(missing.error?.message).toMatch(/no scheduled message "sm_NOPE" .*deleted already/);
		const empty = await runOperation(sandbox, 'scheduledMessage', 'delete', {
			scheduledMessageId: locator('={{ "" }}'),
		});
		expect(empty.error?.message).toMatch(/No scheduled message was chosen/);
		expect(sandbox.ledger().requests.total).toBe(1);
	});
});
