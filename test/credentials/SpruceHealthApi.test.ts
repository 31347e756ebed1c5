import type { INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { ensureRuntime, HarnessCredentialsHelper, HarnessCredentialTypes, HarnessNodeTypes } from '../harness';
import { credentialTypes, NODE_TYPE, nodeType } from '../support';

/**
 * The Authorization header n8n would add, through the credential's own `authenticate`, to a
 * request for `{baseUrl}/organization` (or `url`).
 */
async function authorizationFor(data: Record<string, string>, url = `${data.baseUrl}/organization`) {
	await ensureRuntime();
	const helper = new HarnessCredentialsHelper(new HarnessCredentialTypes(credentialTypes));
	const node: INode = { id: 'n', name: 'Spruce Health', type: NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes({ [NODE_TYPE]: nodeType }),
	});
	const options = await helper.authenticate(data, 'spruceHealthApi', { url, headers: {} }, workflow, node);
	return (options.headers as Record<string, string>).Authorization;
}

describe('Spruce Health API credential: what it sends', () => {
	test('an API token is sent as Bearer', async () => {
		expect(await authorizationFor({ authMethod: 'apiToken', apiToken: 'tok_123', baseUrl: 'https://api.sprucehealth.com/v1' })).toBe(
			'Bearer tok_123',
		);
	});

	test('an access key pair is sent as Bearer base64(accessId:secretKey)', async () => {
		expect(
			await authorizationFor({ authMethod: 'accessKeyPair', accessId: 'AK1', secretKey: 'sk-2', baseUrl: 'https://api.sprucehealth.com/v1' }),
		).toBe(`Bearer ${Buffer.from('AK1:sk-2').toString('base64')}`);
	});

	test.each(['http://localhost:4010/v1', 'http://127.0.0.1:4010/v1', 'http://[::1]:4010/v1', 'HTTPS://api.sprucehealth.com/v1'])(
		'the token goes to %s',
		async (baseUrl) => {
			expect(await authorizationFor({ authMethod: 'apiToken', apiToken: 'tok_123', baseUrl })).toBe('Bearer tok_123');
		},
	);

	test.each([
		'http://api.sprucehealth.com/v1',
		'http://localhost.evil.example/v1',
		'http://127.0.0.1.evil.example/v1',
		'ftp://127.0.0.1/v1',
	])('no token at all for %j (only https, or http on loopback)', async (baseUrl) => {
		const header = await authorizationFor({ authMethod: 'apiToken', apiToken: 'tok_123', baseUrl });
		expect(header).toBeUndefined();
	});

	test('what counts is where the request really goes, not only the Base URL field', async () => {
		const data = { authMethod: 'apiToken', apiToken: 'tok_123', baseUrl: 'https://api.sprucehealth.com/v1' };
		expect(await authorizationFor(data, 'http://api.sprucehealth.com/v1/organization')).toBeUndefined();
		expect(await authorizationFor(data, '/organization')).toBeUndefined();
	});
});
