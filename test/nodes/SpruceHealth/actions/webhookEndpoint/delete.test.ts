import { locator, runOperation, startSandbox, type Sandbox } from '../../../../support';
import { registerEndpoint } from './setup';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox()));
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('Webhook Endpoint → Delete', () => {
	test('deletes it; deleting it again is a 404 saying it may be deleted already', async () => {
		const id = await registerEndpoint(sandbox);
		const run = await runOperation(sandbox, 'webhookEndpoint', 'delete', {
			endpointId: locator(id),
		});
		expect(run.items[0].json).toEqual({ id, deleted: true });
		const again = await runOperation(sandbox, 'webhookEndpoint', 'delete', {
			endpointId: locator(id),
		});
		expect(again.error?.message).toMatch(
			new RegExp(`no webhook endpoint "${id}" .*deleted already`),
		);
	});
});
