/**
 * A webhook trigger workflow "activated" the way n8n does it, for tests:
 *
 * - activation and deactivation call the node's `webhookMethods` (checkExists, then create;
 *   delete) through n8n-core's HookContext, and save the workflow's static data afterwards
 *   only if n8n would (`__dataChanged`), as n8n's ActiveWorkflowManager does;
 * - a real loopback HTTP server answers on the production (or test) webhook URL n8n-core
 *   computes, reads the raw body like n8n's body parser (`req.rawBody`, JSON `req.body`), calls
 *   the node's `webhook()` through n8n-core's WebhookContext on a Workflow rebuilt from the saved
 *   static data, saves static data if changed, and answers like n8n's webhook helpers
 *   (the node's own response, `webhookResponse`, or "Workflow was started" for onReceived);
 * - each returned `workflowData` starts an execution through WorkflowExecute from the trigger,
 *   as n8n's WorkflowRunner does.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HookContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialType,
	IConnections,
	IDataObject,
	INode,
	IWebhookData,
	IWebhookResponseData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { UnexpectedError, Workflow, jsonParse } from 'n8n-workflow';

import {
	HarnessCredentialTypes,
	HarnessCredentialsHelper,
	type HarnessCredentials,
} from './credentials';
import { executeFromTrigger } from './fromTrigger';
import {
	assignCredentialRefs,
	createAdditionalData,
	type NodeTypeMap,
	type RunResult,
} from './index';
import { HarnessNodeTypes } from './node-types';
import { ensureRuntime } from './runtime';

export interface TriggerWorkflowOptions {
	nodeTypes: NodeTypeMap;
	credentialTypes: ICredentialType[];
	credentials?: HarnessCredentials;
	workflow: { name?: string; nodes: INode[]; connections: IConnections; staticData?: IDataObject };
	/** the trigger node's name */
	trigger: string;
	/** 'trigger' = an active workflow (production URL, default); 'manual' = "Listen for test event" */
	mode?: Extract<WorkflowExecuteMode, 'trigger' | 'manual'>;
	/**
	 * The address n8n would report for its webhooks (WEBHOOK_URL), e.g. 'http://n8n.example.com/'.
	 * Default: the loopback server's own address. Deliveries still reach the loopback server.
	 */
	publicWebhookBaseUrl?: string;
	/**
	 * Time between reading the workflow (with its static data) for a delivery and running the
	 * trigger's webhook(): n8n's database reads take that long, so deliveries that overlap each
	 * start from the same saved static data. Default 0.
	 */
	readLatencyMs?: number;
}

export interface DeliveryOutcome {
	status: number;
	body: string;
	/** the execution the delivery started, if any */
	execution?: RunResult;
}

export interface ActiveTriggerWorkflow {
	/** the loopback URL the trigger's default webhook answers on (as n8n-core computes it) */
	webhookUrl: string;
	/** the static data as n8n would have saved it (a copy) */
	staticData(): IDataObject;
	/** what each delivery that reached the URL got back, in order */
	deliveries: DeliveryOutcome[];
	/** executions the deliveries started */
	executions(): RunResult[];
	activate(): Promise<void>;
	deactivate(): Promise<void>;
	/** resolves when every delivery received so far has been answered and its execution ended */
	idle(): Promise<void>;
	close(): Promise<void>;
}

type HarnessRequest = http.IncomingMessage & {
	rawBody?: Buffer;
	body?: unknown;
	contentType?: string;
	readRawBody?: () => Promise<void>;
};

type HarnessResponse = http.ServerResponse & {
	status(code: number): HarnessResponse;
	json(body: unknown): HarnessResponse;
	send(body: unknown): HarnessResponse;
};

function readAll(req: http.IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** The few express Response methods nodes use, over a plain ServerResponse. */
function expressLike(res: http.ServerResponse): HarnessResponse {
	const r = res as HarnessResponse;
	r.status = (code) => {
		r.statusCode = code;
		return r;
	};
	r.json = (body) => {
		r.setHeader('content-type', 'application/json');
		r.end(JSON.stringify(body));
		return r;
	};
	r.send = (body) => {
		if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) return r.json(body);
		r.end(body as string | Buffer | undefined);
		return r;
	};
	return r;
}

function answer(res: HarnessResponse, status: number, body: unknown): void {
	if (res.headersSent || res.writableEnded) return;
	res.status(status).json(body);
}

export async function startTriggerWorkflow(
	options: TriggerWorkflowOptions,
): Promise<ActiveTriggerWorkflow> {
	await ensureRuntime();
	const mode = options.mode ?? 'trigger';
	const credentialsHelper = new HarnessCredentialsHelper(
		new HarnessCredentialTypes(options.credentialTypes),
		options.credentials,
	);
	const nodeTypes = new HarnessNodeTypes(options.nodeTypes);
	const nodes = structuredClone(options.workflow.nodes);
	assignCredentialRefs(nodes, credentialsHelper);
	const connections = structuredClone(options.workflow.connections);
	const workflowName = options.workflow.name ?? 'Harness workflow';
	// What n8n keeps in its database between requests: plain JSON.
	let savedStaticData: IDataObject = structuredClone(options.workflow.staticData ?? {});

	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const publicOrigin = (options.publicWebhookBaseUrl ?? origin).replace(/\/+$/, '');
	const baseUrls = {
		webhookBaseUrl: `${publicOrigin}/webhook`,
		webhookTestBaseUrl: `${publicOrigin}/webhook-test`,
	};

	const loadWorkflow = () =>
		new Workflow({
			id: 'harness-workflow',
			name: workflowName,
			nodes: structuredClone(nodes),
			connections,
			active: mode === 'trigger',
			nodeTypes,
			settings: { executionOrder: 'v1' },
			staticData: structuredClone(savedStaticData),
		});
	const saveIfChanged = (workflow: Workflow) => {
		if (workflow.staticData.__dataChanged !== true) return;
		const plain = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		delete plain.__dataChanged;
		savedStaticData = plain;
	};

	const triggerOf = (workflow: Workflow) => {
		const node = workflow.getNode(options.trigger);
		if (!node) throw new UnexpectedError(`No node "${options.trigger}" in the workflow`);
		return node;
	};
	const webhookDataFor = (
		workflow: Workflow,
		additionalData: ReturnType<typeof createAdditionalData>,
	): IWebhookData => {
		const node = triggerOf(workflow);
		const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const description = nodeType.description.webhooks?.[0];
		if (!description) throw new UnexpectedError(`"${node.name}" is not a webhook trigger`);
		return {
			httpMethod: description.httpMethod as IWebhookData['httpMethod'],
			node: node.name,
			path: String(description.path),
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			isTest: mode === 'manual',
			webhookId: node.webhookId,
		};
	};

	const hook = async (method: 'checkExists' | 'create' | 'delete') => {
		const workflow = loadWorkflow();
		const additionalData = createAdditionalData(credentialsHelper, baseUrls);
		const webhookData = webhookDataFor(workflow, additionalData);
		const node = triggerOf(workflow);
		const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const fn = nodeType.webhookMethods?.default?.[method];
		if (!fn) throw new UnexpectedError(`"${node.name}" has no webhookMethods.default.${method}`);
		const context = new HookContext(
			workflow,
			node,
			additionalData,
			mode,
			mode === 'manual' ? 'manual' : 'activate',
			webhookData,
		);
		try {
			return await fn.call(context);
		} finally {
			saveIfChanged(workflow);
		}
	};

	const deliveries: DeliveryOutcome[] = [];
	const executions: RunResult[] = [];
	const pending = new Set<Promise<unknown>>();

	const runExecution = async (workflow: Workflow, result: IWebhookResponseData) => {
		const execution = await executeFromTrigger({
			workflow,
			trigger: triggerOf(workflow),
			data: result.workflowData!,
			mode: mode === 'manual' ? 'manual' : 'webhook',
			credentialsHelper,
			additionalData: baseUrls,
		});
		executions.push(execution);
		return execution;
	};

	const handle = async (
		req: HarnessRequest,
		res: HarnessResponse,
	): Promise<RunResult | undefined> => {
		const prefix = mode === 'manual' ? '/webhook-test/' : '/webhook/';
		const workflow = loadWorkflow();
		if (options.readLatencyMs) await new Promise((r) => setTimeout(r, options.readLatencyMs));
		const node = triggerOf(workflow);
		const additionalData = createAdditionalData(credentialsHelper, {
			...baseUrls,
			httpRequest: req as never,
			httpResponse: res as never,
		});
		const webhookData = webhookDataFor(workflow, additionalData);
		const expectedPath = `${prefix}${node.webhookId}/${webhookData.path}`;
		if (req.url?.split('?')[0] !== expectedPath || req.method !== webhookData.httpMethod) {
			await readAll(req);
			answer(res, 404, { message: 'The requested webhook is not registered.' });
			return;
		}
		// n8n's body parser: the raw bytes first, then JSON for application/json.
		req.rawBody = await readAll(req);
		req.contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
		if (req.contentType === 'application/json' && req.rawBody.length) {
			try {
				req.body = jsonParse(req.rawBody.toString('utf8'));
			} catch {
				answer(res, 422, { message: 'Failed to parse request body' });
				return;
			}
		}
		const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook!.call(context);
		} catch (error) {
			answer(res, 500, { message: 'Error in workflow', error: (error as Error).message });
			return;
		} finally {
			saveIfChanged(workflow);
		}
		if (result.noWebhookResponse) return;
		if (result.workflowData === undefined) {
			answer(res, 200, result.webhookResponse ?? { message: 'Webhook call received' });
			return;
		}
		answer(res, 200, { message: 'Workflow was started' });
		return await runExecution(workflow, result);
	};

	server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
		const response = expressLike(res);
		const outcome: DeliveryOutcome = { status: 0, body: '' };
		deliveries.push(outcome);
		const write = response.end.bind(response) as (chunk?: unknown) => HarnessResponse;
		response.end = ((chunk?: unknown) => {
			outcome.status = response.statusCode;
			outcome.body = chunk === undefined ? '' : String(chunk);
			return write(chunk);
		}) as typeof response.end;
		const done = handle(req as HarnessRequest, response)
			.then((execution) => {
				outcome.execution = execution;
			})
			.catch((error: Error) => answer(response, 500, { message: error.message }))
			.finally(() => pending.delete(done));
		pending.add(done);
	});

	const initial = loadWorkflow();
	const webhookPath = webhookDataFor(
		initial,
		createAdditionalData(credentialsHelper, baseUrls),
	).path;
	const base = mode === 'manual' ? `${origin}/webhook-test` : `${origin}/webhook`;
	return {
		webhookUrl: `${base}/${triggerOf(initial).webhookId}/${webhookPath}`,
		staticData: () => structuredClone(savedStaticData),
		deliveries,
		executions: () => [...executions],
		async activate() {
			if (!(await hook('checkExists'))) await hook('create');
		},
		async deactivate() {
			await hook('delete');
		},
		async idle() {
			while (pending.size) await Promise.allSettled([...pending]);
		},
		async close() {
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}
