import type { INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { ensureRuntime, HarnessCredentialsHelper, HarnessCredentialTypes, HarnessNodeTypes } from '../harness';
import { credentialTypes, NODE_TYPE, nodeType } from '../support';

/**
 * The Authorization header n8n would add, through the credential's own `authenticate`, to a
 * request for `{baseUrl}/organization` (or `url`).
 */
async function authorizationFor(data: Record<string, string>, url = `${data.baseUrl}/organization`, baseURL?: string) {
	await ensureRuntime();
	const helper = new HarnessCredentialsHelper(new HarnessCredentialTypes(credentialTypes));
	const node: INode = { id: 'n', name: 'Spruce Health', type: NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes({ [NODE_TYPE]: nodeType }),
	});
	const options = await helper.authenticate(data, 'spruceHealthApi', { url, baseURL, headers: {} }, workflow, node);
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

describe('issue 8, item 2: the token is pinned to the Base URL (origin and path)', () => {
	const spruce = { authMethod: 'apiToken', apiToken: 'tok_123', baseUrl: 'https://api.sprucehealth.com/v1' };

	test.each([
		['https://evil.example/steal', undefined],
		['https://api.sprucehealth.com.evil.example/v1/organization', undefined],
		['https://api.sprucehealth.com:8443/v1/organization', undefined],
		['https://api.sprucehealth.com/v2/organization', undefined],
		['https://api.sprucehealth.com/v1x/organization', undefined],
		['https://api.sprucehealth.com/v1/../admin', undefined],
		['https://api.sprucehealth.com/v1/%2e%2e/admin', undefined],
		['https://user@api.sprucehealth.com/v1/organization', undefined],
		['//evil.example/v1/organization', 'https://api.sprucehealth.com/v1'],
		['https://evil.example/v1/organization', 'https://api.sprucehealth.com/v1'],
		['/organization', 'https://evil.example/v1'],
	])('no token for %s (baseURL %s)', async (url, baseURL) => {
		expect(await authorizationFor(spruce, url, baseURL)).toBeUndefined();
	});

	test.each([
		['https://api.sprucehealth.com/v1/organization', undefined],
		['https://API.sprucehealth.com:443/v1/conversations?x=1', undefined],
		['/organization', 'https://api.sprucehealth.com/v1'],
		['organization', 'https://api.sprucehealth.com/v1/'],
	])('the token for %s (baseURL %s)', async (url, baseURL) => {
		expect(await authorizationFor(spruce, url, baseURL)).toBe('Bearer tok_123');
	});

	test('loopback http only for a loopback Base URL', async () => {
		const local = { ...spruce, baseUrl: 'http://127.0.0.1:4010/v1' };
		expect(await authorizationFor(local, 'http://127.0.0.1:4010/v1/organization')).toBe('Bearer tok_123');
		expect(await authorizationFor(local, 'http://127.0.0.1:4011/v1/organization')).toBeUndefined();
		expect(await authorizationFor(spruce, 'http://127.0.0.1:4010/v1/organization')).toBeUndefined();
	});

	test('an empty Base URL means Spruce\'s', async () => {
		const empty = { ...spruce, baseUrl: '' };
		expect(await authorizationFor(empty, 'https://api.sprucehealth.com/v1/organization')).toBe('Bearer tok_123');
		expect(await authorizationFor(empty, 'https://evil.example/v1/organization')).toBeUndefined();
	});
});
