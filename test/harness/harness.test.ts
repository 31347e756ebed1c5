import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';

import {
	ITEMS_SOURCE_NODE_NAME,
	callListSearch,
	callLoadOptions,
	runNode,
	runWorkflow,
	testCredential,
} from './index';

/* ------------------------------------------------------------------ local API server */

interface SeenRequest {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

const seen: SeenRequest[] = [];
const flakyFailures = new Map<string, number>();
let server: http.Server;
let baseUrl: string;

function send(res: http.ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
}

beforeAll(async () => {
	server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
			const url = new URL(req.url!, 'http://localhost');
			const auth = req.headers.authorization;

			if (url.pathname === '/me') {
				if (auth === 'Bearer good-token') return send(res, 200, { id: 'me' });
				if (auth === 'Bearer no-scope-token') return send(res, 403, { error: 'scope' });
				if (auth === 'Bearer disabled-token') return send(res, 200, { disabled: true });
				return send(res, 401, { error: 'unauthorized' });
			}
			if (url.pathname === '/echo') {
				const parsed = body ? (JSON.parse(body) as IDataObject) : {};
				if (parsed.value === 'bad') return send(res, 422, { message: 'value rejected' });
				return send(res, 200, { received: parsed, auth: auth ?? null });
			}
			if (url.pathname === '/flaky') {
				const key = url.searchParams.get('key') ?? '';
				const failuresLeft = flakyFailures.get(key) ?? 0;
				if (failuresLeft > 0) {
					flakyFailures.set(key, failuresLeft - 1);
					return send(res, 503, { message: 'try again' });
				}
				return send(res, 200, { ok: true, key });
			}
			if (url.pathname === '/things') {
				const q = url.searchParams.get('q') ?? '';
				const all = [
					{ id: 't1', title: 'Alpha' },
					{ id: 't2', title: 'Beta' },
					{ id: 't3', title: 'Alphabet' },
				];
				const page = url.searchParams.get('page') ?? '1';
				return send(res, 200, {
					things: all.filter((t) => t.title.toLowerCase().includes(q.toLowerCase())),
					next: page === '1' ? '2' : null,
				});
			}
			return send(res, 404, { message: 'not found' });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
	seen.length = 0;
	flakyFailures.clear();
});

/* ------------------------------------------------------------------ fake credential + nodes */

class FakeApi implements ICredentialType {
	name = 'fakeApi';

	displayName = 'Fake API';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'API Version', name: 'apiVersion', type: 'string', default: '2024-01' },
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
				'X-Api-Version': '={{$credentials.apiVersion}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/me' },
		rules: [
			{ type: 'responseCode', properties: { value: 403, message: 'Token lacks the required scope' } },
		],
	};
}

class FakeApiWithBodyRule extends FakeApi {
	name = 'fakeApiBodyRule';

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/me' },
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'disabled', value: true, message: 'Account is disabled' },
			},
		],
	};
}

const FAKE_NODE_TYPE = 'n8n-nodes-fake.fake';

async function searchThings(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { baseUrl: url } = await this.getCredentials<{ baseUrl: string }>('fakeApi');
	const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'fakeApi', {
		url: `${url}/things`,
		qs: { q: filter ?? '', page: paginationToken ?? '1' },
		json: true,
	})) as { things: Array<{ id: string; title: string }>; next: string | null };
	return {
		results: response.things.map((t) => ({ name: t.title, value: t.id })),
		paginationToken: response.next ?? undefined,
	};
}

async function getThings(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { baseUrl: url } = await this.getCredentials<{ baseUrl: string }>('fakeApi');
	const prefix = (this.getCurrentNodeParameter('prefix') as string) ?? '';
	const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'fakeApi', {
		url: `${url}/things`,
		qs: { q: prefix },
		json: true,
	})) as { things: Array<{ id: string; title: string }> };
	return response.things.map((t) => ({ name: t.title, value: t.id }));
}

class FakeNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fake',
		name: FAKE_NODE_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Calls the fake API',
		defaults: { name: 'Fake' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'fakeApi', required: true }],
		properties: [
			{ displayName: 'Path', name: 'path', type: 'string', default: '/echo' },
			{ displayName: 'Binary Property', name: 'binaryProperty', type: 'string', default: '' },
			{ displayName: 'Prefix', name: 'prefix', type: 'string', default: '' },
		],
	};

	methods = { listSearch: { searchThings }, loadOptions: { getThings } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const { baseUrl: url } = await this.getCredentials<{ baseUrl: string }>('fakeApi');
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const path = this.getNodeParameter('path', i) as string;
				const binaryProperty = this.getNodeParameter('binaryProperty', i) as string;
				const body: IDataObject = { value: items[i].json.value };
				if (binaryProperty) {
					const meta = this.helpers.assertBinaryData(i, binaryProperty);
					const buffer = await this.helpers.getBinaryDataBuffer(i, binaryProperty);
					body.file = { text: buffer.toString('utf8'), fileName: meta.fileName, mimeType: meta.mimeType };
				}
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'fakeApi', {
					method: 'POST',
					url: `${url}${path}`,
					body,
					json: true,
				})) as IDataObject;
				out.push({
					json: { ...response, executionId: this.getExecutionId() },
					pairedItem: { item: i },
				});
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

/** A declarative (routing) node: executed by n8n-core's RoutingNode inside WorkflowExecute. */
class FakeDeclarativeNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fake Declarative',
		name: 'n8n-nodes-fake.fakeDeclarative',
		group: ['transform'],
		version: 1,
		description: 'Declarative fake',
		defaults: { name: 'Fake Declarative' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'fakeApi', required: true }],
		requestDefaults: { baseURL: '={{$credentials.baseUrl}}' },
		properties: [
			{
				displayName: 'Value',
				name: 'value',
				type: 'string',
				required: true,
				default: '',
				routing: { request: { method: 'POST', url: '/echo', body: { value: '={{$value}}' } } },
			},
		],
	};
}

const nodeTypes = {
	[FAKE_NODE_TYPE]: new FakeNode(),
	'n8n-nodes-fake.fakeDeclarative': new FakeDeclarativeNode(),
};
const credentialTypes = [new FakeApi()];
const creds = () => ({ fakeApi: { apiToken: 'secret-123', baseUrl } });

/* ------------------------------------------------------------------ tests */

describe('runNode', () => {
	it('authenticates through the credential type and returns items with pairedItem', async () => {
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			credentials: creds(),
			node: { name: 'Fake', type: FAKE_NODE_TYPE, typeVersion: 1, parameters: {} },
			input: [{ json: { value: 'a' } }, { json: { value: 'b' } }],
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.nodeExecutionOrder).toEqual([ITEMS_SOURCE_NODE_NAME, 'Fake']);

		expect(seen).toHaveLength(2);
		for (const request of seen) {
			expect(request.method).toBe('POST');
			expect(request.headers.authorization).toBe('Bearer secret-123');
			// credential property default applied before authenticate
			expect(request.headers['x-api-version']).toBe('2024-01');
		}
		expect(seen.map((r) => JSON.parse(r.body))).toEqual([{ value: 'a' }, { value: 'b' }]);

		expect(result.items).toHaveLength(2);
		expect(result.items.map((i) => i.json.received)).toEqual([{ value: 'a' }, { value: 'b' }]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.items[0].json.executionId).toBe(result.executionId);
		expect(result.output('Fake')).toBe(result.items);
	});

	it('gives each run a fresh execution id unless one is passed', async () => {
		const base = {
			nodeTypes,
			credentialTypes,
			credentials: creds(),
			node: { name: 'Fake', type: FAKE_NODE_TYPE, typeVersion: 1, parameters: {} },
			input: [{ json: { value: 'x' } }],
		};
		const r1 = await runNode(base);
		const r2 = await runNode(base);
		const r3 = await runNode({ ...base, executionId: 'exec-42' });
		expect(r1.executionId).not.toBe(r2.executionId);
		expect(r1.items[0].json.executionId).toBe(r1.executionId);
		expect(r3.items[0].json.executionId).toBe('exec-42');
	});

	it('feeds binary input through n8n binary data helpers', async () => {
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			credentials: creds(),
			node: {
				name: 'Fake',
				type: FAKE_NODE_TYPE,
				typeVersion: 1,
				parameters: { binaryProperty: 'attachment' },
			},
			input: [
				{
					json: { value: 'with-file' },
					binary: {
						attachment: {
							data: Buffer.from('hello file').toString('base64'),
							mimeType: 'text/plain',
							fileName: 'hello.txt',
						},
					},
				},
			],
		});

		expect(result.error).toBeUndefined();
		const sourceItem = result.output(ITEMS_SOURCE_NODE_NAME)[0];
		expect(sourceItem.binary?.attachment).toMatchObject({
			mimeType: 'text/plain',
			fileName: 'hello.txt',
			fileExtension: 'txt',
			bytes: 10,
		});
		expect(JSON.parse(seen[0].body)).toEqual({
			value: 'with-file',
			file: { text: 'hello file', fileName: 'hello.txt', mimeType: 'text/plain' },
		});
	});

	it('continue-on-fail (onError: continueRegularOutput) produces error items', async () => {
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			credentials: creds(),
			node: {
				name: 'Fake',
				type: FAKE_NODE_TYPE,
				typeVersion: 1,
				parameters: {},
				onError: 'continueRegularOutput',
			},
			input: [{ json: { value: 'ok' } }, { json: { value: 'bad' } }],
		});

		expect(result.error).toBeUndefined();
		expect(result.nodeError('Fake')).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.received).toEqual({ value: 'ok' });
		expect(result.items[1].json.error).toEqual(expect.any(String));
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
	});

	it('without continue-on-fail the run fails with the node error', async () => {
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			credentials: creds(),
			node: { name: 'Fake', type: FAKE_NODE_TYPE, typeVersion: 1, parameters: {} },
			input: [{ json: { value: 'bad' } }],
		});

		expect(result.status).toBe('error');
		expect(result.error).toBeDefined();
		expect(result.error?.name).toBe(NodeApiError.name);
		expect((result.error as NodeApiError).httpCode).toBe('422');
		expect(result.nodeError('Fake')?.message).toBe(result.error?.message);
		expect(result.items).toEqual([]);
		expect(() => result.output('Fake')).toThrow(/produced no output/);
	});

	it('retryOnFail re-runs the node until it succeeds', async () => {
		flakyFailures.set('k1', 2);
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			credentials: creds(),
			node: {
				name: 'Fake',
				type: FAKE_NODE_TYPE,
				typeVersion: 1,
				parameters: { path: '/flaky?key=k1' },
				retryOnFail: true,
				maxTries: 3,
				waitBetweenTries: 10,
			},
			input: [{ json: { value: 'r' } }],
		});

		expect(result.error).toBeUndefined();
		expect(seen.filter((r) => r.url.startsWith('/flaky'))).toHaveLength(3);
		expect(result.items[0].json).toMatchObject({ ok: true, key: 'k1' });
		expect(result.runData.Fake).toHaveLength(1);
	});

	it('retryOnFail gives up after maxTries', async () => {
		flakyFailures.set('k2', 10);
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			credentials: creds(),
			node: {
				name: 'Fake',
				type: FAKE_NODE_TYPE,
				typeVersion: 1,
				parameters: { path: '/flaky?key=k2' },
				retryOnFail: true,
				maxTries: 2,
				waitBetweenTries: 10,
			},
			input: [{ json: {} }],
		});

		expect(seen).toHaveLength(2);
		expect(result.error).toBeDefined();
		expect((result.nodeError('Fake') as NodeApiError).httpCode).toBe('503');
	});

	it('fails like n8n when the node has no credentials', async () => {
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			node: { name: 'Fake', type: FAKE_NODE_TYPE, typeVersion: 1, parameters: {} },
			input: [{ json: {} }],
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Node does not have any credentials set');
		expect(seen).toHaveLength(0);
	});

	it('refuses to start when a required parameter is missing (WorkflowHasIssuesError)', async () => {
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			credentials: creds(),
			node: { name: 'Decl', type: 'n8n-nodes-fake.fakeDeclarative', typeVersion: 1, parameters: {} },
			input: [{ json: {} }],
		});
		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('WorkflowHasIssuesError');
		expect(result.issues?.Decl?.parameters?.value).toBeDefined();
		expect(result.runData).toEqual({});
		expect(seen).toHaveLength(0);
	});

	it('runs declarative (routing) nodes', async () => {
		const result = await runNode({
			nodeTypes,
			credentialTypes,
			credentials: creds(),
			node: {
				name: 'Decl',
				type: 'n8n-nodes-fake.fakeDeclarative',
				typeVersion: 1,
				parameters: { value: '={{ $json.v }}' },
			},
			input: [{ json: { v: 'one' } }, { json: { v: 'two' } }],
		});
		expect(result.error).toBeUndefined();
		expect(seen.map((r) => r.headers.authorization)).toEqual(['Bearer secret-123', 'Bearer secret-123']);
		expect(result.items.map((i) => i.json.received)).toEqual([{ value: 'one' }, { value: 'two' }]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('runWorkflow', () => {
	it('runs a multi-node workflow with credentials referenced by type', async () => {
		const result = await runWorkflow({
			nodeTypes,
			credentialTypes,
			credentials: creds(),
			workflow: {
				nodes: [
					{
						id: '1',
						name: ITEMS_SOURCE_NODE_NAME,
						type: 'harness.itemsSource',
						typeVersion: 1,
						position: [0, 0],
						parameters: { items: JSON.stringify([{ json: { value: 1 } }]) },
					},
					{
						id: '2',
						name: 'First',
						type: FAKE_NODE_TYPE,
						typeVersion: 1,
						position: [200, 0],
						parameters: {},
						credentials: { fakeApi: { id: null, name: '' } },
					},
					{
						id: '3',
						name: 'Second',
						type: FAKE_NODE_TYPE,
						typeVersion: 1,
						position: [400, 0],
						parameters: {},
						credentials: { fakeApi: { id: null, name: '' } },
					},
				],
				connections: {
					[ITEMS_SOURCE_NODE_NAME]: { main: [[{ node: 'First', type: 'main', index: 0 }]] },
					First: { main: [[{ node: 'Second', type: 'main', index: 0 }]] },
				},
			},
		});

		expect(result.error).toBeUndefined();
		expect(result.nodeExecutionOrder).toEqual([ITEMS_SOURCE_NODE_NAME, 'First', 'Second']);
		expect(result.output('First')[0].json.received).toEqual({ value: 1 });
		expect(result.output('Second')[0].json.received).toEqual({});
		expect(() => result.output('Nope')).toThrow(/did not run/);
	});
});

describe('testCredential', () => {
	it('reports OK for valid credentials', async () => {
		await expect(
			testCredential(new FakeApi(), { apiToken: 'good-token', baseUrl }),
		).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(seen[0].headers.authorization).toBe('Bearer good-token');
		expect(seen[0].url).toBe('/me');
	});

	// n8n 2.8's CredentialsTester reads `error.cause.response`, but NodeApiError (n8n-workflow 2.8.0)
	// drops Error causes, so the editor shows NodeApiError's status message and `responseCode`
	// rules never match. The harness reproduces exactly that.
	it('reports NodeApiError messages for rejected credentials, like n8n 2.8', async () => {
		await expect(testCredential(new FakeApi(), { apiToken: 'nope', baseUrl })).resolves.toEqual({
			status: 'Error',
			message: 'Authorization failed - please check your credentials',
		});
		await expect(
			testCredential(new FakeApi(), { apiToken: 'no-scope-token', baseUrl }),
		).resolves.toEqual({ status: 'Error', message: 'Forbidden - perhaps check your credentials?' });
	});

	it('applies responseSuccessBody rules', async () => {
		await expect(
			testCredential(new FakeApiWithBodyRule(), { apiToken: 'disabled-token', baseUrl }),
		).resolves.toEqual({ status: 'Error', message: 'Account is disabled' });
		await expect(
			testCredential(new FakeApiWithBodyRule(), { apiToken: 'good-token', baseUrl }),
		).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('reports network errors', async () => {
		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
		await new Promise<void>((resolve) => closed.close(() => resolve()));

		await expect(
			testCredential(new FakeApi(), { apiToken: 'good-token', baseUrl: deadUrl }),
		).resolves.toEqual({
			status: 'Error',
			message: 'The service refused the connection - perhaps it is offline',
		});
	});

	it('reports a missing test request', async () => {
		const noTest = new FakeApi();
		delete (noTest as Partial<FakeApi>).test;
		await expect(testCredential(noTest, { apiToken: 'x' })).resolves.toEqual({
			status: 'Error',
			message: 'No testing function found for this credential.',
		});
	});
});

describe('callListSearch / callLoadOptions', () => {
	it('calls a listSearch method with real helpers and credentials', async () => {
		const result = await callListSearch({
			nodeType: new FakeNode(),
			credentialTypes,
			credentials: creds(),
			node: { parameters: {} },
			method: 'searchThings',
			filter: 'alpha',
		});
		expect(result).toEqual({
			results: [
				{ name: 'Alpha', value: 't1' },
				{ name: 'Alphabet', value: 't3' },
			],
			paginationToken: '2',
		});
		expect(seen[0].headers.authorization).toBe('Bearer secret-123');
		expect(seen[0].url).toBe('/things?q=alpha&page=1');

		const page2 = await callListSearch({
			nodeType: new FakeNode(),
			credentialTypes,
			credentials: creds(),
			method: 'searchThings',
			paginationToken: '2',
		});
		expect(page2.paginationToken).toBeUndefined();
	});

	it('calls a loadOptions method with the current node parameters', async () => {
		const options = await callLoadOptions({
			nodeType: new FakeNode(),
			credentialTypes,
			credentials: creds(),
			node: {},
			method: 'getThings',
			currentNodeParameters: { prefix: 'eta' },
		});
		expect(options).toEqual([{ name: 'Beta', value: 't2' }]);
	});
});
