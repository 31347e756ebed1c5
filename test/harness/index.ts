/**
 * Run n8n nodes through n8n-core's real execution engine (WorkflowExecute) in jest tests.
 *
 * - real `IWorkflowExecuteAdditionalData`, real node execution contexts and HTTP helpers (axios),
 * - credentials stored encrypted and authenticated by an in-memory port of n8n's CLI
 *   CredentialsHelper (declarative `authenticate`, `preAuthentication`, defaults, expressions),
 * - binary data through n8n-core's BinaryDataService ("default" = in-memory mode),
 * - credential `test` requests run through n8n-core's RoutingNode like n8n's CredentialsTester,
 * - listSearch / loadOptions called with a LoadOptionsContext like the editor's backend does.
 */
import { randomInt } from 'node:crypto';
import {
	ErrorReporter,
	ExecuteContext,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	LoadOptionsContext,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import { Container } from '@n8n/di';
import type {
	ExecutionBaseError,
	ExecutionError,
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	IConnections,
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteData,
	ILoadOptionsFunctions,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IPinData,
	IRun,
	IRunData,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowIssues,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	NodeConnectionTypes,
	UnexpectedError,
	Workflow,
	createEmptyRunExecutionData,
	createRunExecutionData,
} from 'n8n-workflow';

import {
	HarnessCredentialTypes,
	HarnessCredentialsHelper,
	harnessCredentialRef,
	type HarnessCredentials,
} from './credentials';
import {
	ITEMS_SOURCE_NODE_NAME,
	ITEMS_SOURCE_NODE_TYPE,
	ItemsSource,
	encodeItems,
} from './itemsSource';
import { HarnessNodeTypes } from './node-types';
import { ensureRuntime } from './runtime';

export type { HarnessCredentials } from './credentials';
export { HarnessCredentialsHelper, HarnessCredentialTypes, harnessCredentialRef } from './credentials';
export { ITEMS_SOURCE_NODE_NAME, ITEMS_SOURCE_NODE_TYPE, ItemsSource } from './itemsSource';
export { HarnessNodeTypes } from './node-types';
export { ensureRuntime } from './runtime';
export { startTriggerWorkflow, type ActiveTriggerWorkflow, type TriggerWorkflowOptions } from './trigger';
export { startPollWorkflow, type ActivePollWorkflow, type PollOutcome, type PollWorkflowOptions } from './poll';

export type NodeTypeMap = Record<string, INodeType | IVersionedNodeType>;

export interface RunOptions {
	/** keyed by the node type name used in the workflow, e.g. 'n8n-nodes-spruce-health.spruceHealth' */
	nodeTypes: NodeTypeMap;
	/** e.g. [new SpruceHealthApi()] (include parent types of credentials that `extends` others) */
	credentialTypes: ICredentialType[];
	/** data per credential type (the harness gives each an id/name, see harnessCredentialRef) */
	credentials?: HarnessCredentials;
	/** a normal n8n workflow; nodes' `credentials` field refers to the credentials by type */
	workflow: {
		nodes: INode[];
		connections: IConnections;
		/** default `{ executionOrder: 'v1' }` (what n8n gives new workflows) */
		settings?: IWorkflowSettings;
		pinData?: IPinData;
		staticData?: IDataObject;
	};
	/** default: a fresh random (numeric, like n8n's) id per run */
	executionId?: string;
	/** default 'manual' */
	mode?: WorkflowExecuteMode;
	/** name of the node to start from; default: the workflow's trigger, else the first node without inputs */
	startNode?: string;
	/** aborting it cancels the execution, as the editor's stop button or a timeout does */
	cancelSignal?: AbortSignal;
	/**
	 * Continue from stored execution data instead of starting fresh, the way n8n's "Retry" in the
	 * Executions list does (see `retryData`).
	 */
	resumeFrom?: IRunExecutionData;
}

export interface RunResult {
	/** full run data */
	runData: IRunData;
	/** items of the node's last run (throws if the node did not run / produced no data) */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/**
	 * the workflow-level error if the run failed (a node threw without continue-on-fail).
	 * NB: like n8n, WorkflowExecute stores a plain copy (`{...error, message, stack}`), so
	 * `instanceof` does not hold; `name`, `message`, `description`, `httpCode`, `context` do.
	 */
	error?: ExecutionBaseError | Error;
	/** the error recorded on the node's last run (same plain-copy caveat as `error`) */
	nodeError(nodeName: string): Error | undefined;
	/** the complete IRun returned by WorkflowExecute */
	run: IRun;
	executionId: string;
	status: IRun['status'];
	/** node names in the order they finished (nodeExecuteAfter hook) */
	nodeExecutionOrder: string[];
	/** set when WorkflowExecute refused to start because of parameter/credential issues */
	issues?: IWorkflowIssues;
	/** the harness credentials helper of this run (e.g. to inspect credentials updated by preAuthentication) */
	credentialsHelper: HarnessCredentialsHelper;
}

const BASE_URL = 'http://localhost:5678';

// n8n execution ids are numeric strings (DB sequence); unique per process.
let executionCounter = randomInt(100_000, 1_000_000_000);
export const nextExecutionId = () => String(executionCounter++);

export function createAdditionalData(
	credentialsHelper: HarnessCredentialsHelper,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	return {
		currentNodeExecutionIndex: 0,
		credentialsHelper,
		async executeWorkflow() {
			throw new UnexpectedError('Sub-workflow execution is not supported by the test harness');
		},
		async getRunExecutionData() {
			return undefined;
		},
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: `${BASE_URL}/`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		userId: 'harness-user',
		variables: {},
		setExecutionStatus() {},
		logAiEvent() {},
		async startRunnerTask() {
			throw new UnexpectedError('Task runners (Code node) are not supported by the test harness');
		},
		externalSecretsProxy: new ExternalSecretsProxy(),
		...extra,
	};
}

function nodeTypeName(nodeType: INodeType | IVersionedNodeType): string {
	return nodeType.description.name;
}

function latestVersion(nodeType: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/** `{ [type]: ref }` for every credential the node type (at that version) declares and we have data for. */
function autoCredentials(
	nodeType: INodeType,
	credentialTypes: ICredentialType[],
	credentials: HarnessCredentials = {},
): INodeCredentials | undefined {
	const result: INodeCredentials = {};
	for (const { name } of nodeType.description.credentials ?? []) {
		if (!(name in credentials)) continue;
		result[name] = harnessCredentialRef(credentialTypes.find((t) => t.name === name) ?? name);
	}
	return Object.keys(result).length ? result : undefined;
}

export function assignCredentialRefs(nodes: INode[], credentialsHelper: HarnessCredentialsHelper) {
	for (const node of nodes) {
		for (const [type, ref] of Object.entries(node.credentials ?? {})) {
			if (ref?.id || !credentialsHelper.hasCredentials(type)) continue;
			const def = credentialsHelper.credentialTypes.recognizes(type)
				? credentialsHelper.credentialTypes.getByName(type)
				: type;
			node.credentials![type] = harnessCredentialRef(def);
		}
	}
}

function findStartNode(workflow: Workflow, nodes: INode[], startNode?: string): INode {
	if (startNode) {
		const node = workflow.getNode(startNode);
		if (!node) throw new UnexpectedError(`Start node "${startNode}" is not in the workflow`);
		return node;
	}
	const fromWorkflow = workflow.getStartNode();
	if (fromWorkflow) return fromWorkflow;
	const root = nodes.find(
		(node) =>
			!node.disabled &&
			workflow.getParentNodes(node.name, NodeConnectionTypes.Main, 1).length === 0,
	);
	if (!root) throw new UnexpectedError('No node to start the workflow from could be found');
	return workflow.getNode(root.name)!;
}

export function buildRunResult(
	run: IRun,
	executionId: string,
	nodeExecutionOrder: string[],
	credentialsHelper: HarnessCredentialsHelper,
	issues?: IWorkflowIssues,
): RunResult {
	const { runData } = run.data.resultData;
	const lastRun = (nodeName: string) => {
		const runs = runData[nodeName];
		return runs?.length ? runs[runs.length - 1] : undefined;
	};
	return {
		runData,
		run,
		executionId,
		status: run.status,
		nodeExecutionOrder,
		issues,
		credentialsHelper,
		error: run.data.resultData.error as ExecutionBaseError | undefined,
		nodeError: (nodeName) => lastRun(nodeName)?.error as Error | undefined,
		output(nodeName, outputIndex = 0) {
			const task = lastRun(nodeName);
			if (!task) {
				const ran = Object.keys(runData);
				const why = run.data.resultData.error?.message;
				throw new Error(
					`Node "${nodeName}" did not run (nodes that ran: ${ran.join(', ') || 'none'})` +
						(why ? `; workflow error: ${why}` : ''),
				);
			}
			if (!task.data) {
				throw new Error(
					`Node "${nodeName}" produced no output` +
						(task.error ? `; it failed with: ${task.error.message}` : ''),
				);
			}
			return task.data[NodeConnectionTypes.Main]?.[outputIndex] ?? [];
		},
	};
}

/** Run a whole workflow with WorkflowExecute, the way n8n runs an execution. */
export async function runWorkflow(options: RunOptions): Promise<RunResult> {
	await ensureRuntime();

	const credentialTypes = new HarnessCredentialTypes(options.credentialTypes);
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, options.credentials);
	const nodeTypes = new HarnessNodeTypes({
		[ITEMS_SOURCE_NODE_TYPE]: new ItemsSource(),
		...options.nodeTypes,
	});
	const executionId = options.executionId ?? nextExecutionId();
	const mode = options.mode ?? 'manual';

	const nodes = structuredClone(options.workflow.nodes);
	const connections = structuredClone(options.workflow.connections);
	assignCredentialRefs(nodes, credentialsHelper);
	const settings: IWorkflowSettings = { executionOrder: 'v1', ...options.workflow.settings };

	const workflowData: IWorkflowBase = {
		id: 'harness-workflow',
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		settings,
		staticData: options.workflow.staticData,
		pinData: options.workflow.pinData,
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings,
		staticData: options.workflow.staticData,
		pinData: options.workflow.pinData,
	});

	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const nodeExecutionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		nodeExecutionOrder.push(nodeName);
	});

	const additionalData = createAdditionalData(credentialsHelper, {
		hooks,
		executionId,
		workflowSettings: settings,
	});

	const startNode = findStartNode(workflow, nodes, options.startNode);
	const workflowExecute = new WorkflowExecute(additionalData, mode, options.resumeFrom);
	try {
		const running = options.resumeFrom
			? workflowExecute.processRunExecutionData(workflow)
			: workflowExecute.run({ workflow, startNode, pinData: options.workflow.pinData });
		options.cancelSignal?.addEventListener('abort', () => running.cancel(), { once: true });
		const run = await running;
		return buildRunResult(run, executionId, nodeExecutionOrder, credentialsHelper);
	} catch (error) {
		// Thrown before any node ran, e.g. WorkflowHasIssuesError (missing required parameter/credential).
		const issues =
			workflowExecute.checkReadyForExecution(workflow, { startNode: startNode.name }) ?? undefined;
		const e = error as Error;
		const run: IRun = {
			data: createRunExecutionData({
				resultData: {
					runData: {},
					error: { ...e, name: e.name, message: e.message, stack: e.stack } as ExecutionError,
				},
			}),
			mode,
			startedAt: new Date(),
			stoppedAt: new Date(),
			storedAt: 'db',
			status: 'error',
		};
		return buildRunResult(run, executionId, nodeExecutionOrder, credentialsHelper, issues);
	}
}

/**
 * What n8n's "Retry" of a failed execution runs (ExecutionService.retry in n8n's CLI): the stored
 * execution data, without the workflow's error and without the failed node's errored last run, so
 * that node runs again with the same input. Run it with `mode: 'retry'` and a new execution id.
 * (A crashed worker leaves the execution as it was queued: retrying that is a fresh run with
 * `mode: 'retry'`.)
 */
export function retryData(failed: IRun): IRunExecutionData {
	const data = structuredClone(failed.data);
	delete data.resultData.error;
	const last = data.resultData.lastNodeExecuted;
	const runs = last ? data.resultData.runData[last] : undefined;
	if (runs?.length && runs[runs.length - 1].error !== undefined) runs.pop();
	return data;
}

export interface RunNodeOptions {
	nodeTypes: NodeTypeMap;
	credentialTypes: ICredentialType[];
	credentials?: HarnessCredentials;
	/**
	 * parameters, type, typeVersion, credentials (default: every declared credential type that has
	 * data in `credentials`), continueOnFail / onError, retryOnFail, maxTries, waitBetweenTries, ...
	 */
	node: Omit<INode, 'id' | 'position'> & Partial<Pick<INode, 'id' | 'position'>>;
	/** items fed from a preceding node; binary given inline as { data: base64, mimeType, fileName } */
	input: INodeExecutionData[];
	executionId?: string;
	mode?: WorkflowExecuteMode;
	settings?: IWorkflowSettings;
	cancelSignal?: AbortSignal;
	/** see RunOptions.resumeFrom */
	resumeFrom?: IRunExecutionData;
}

/** The node that starts every `runNode` workflow, giving out `input`. */
function itemsSourceNode(input: INodeExecutionData[]): INode {
	return {
		id: 'harness-items-source',
		name: ITEMS_SOURCE_NODE_NAME,
		type: ITEMS_SOURCE_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: encodeItems(input) },
	};
}

/**
 * What n8n's "Retry" runs for an execution it recovered after its process died (regular mode,
 * started again): n8n's recovery keeps the runs it can tell of from its event log, each with a
 * marker item (`isArtificialRecoveredEventItem`) in place of the output it lost, drops the run
 * that was cut off, and the stored execution stack still starts at the trigger, with the items
 * the execution was started with. So the trigger (here: Items Source) runs a second time.
 */
export function recoveredRetryData(input: INodeExecutionData[]): IRunExecutionData {
	const marker: INodeExecutionData[] = [{ json: { isArtificialRecoveredEventItem: true } }];
	return createRunExecutionData({
		resultData: {
			runData: {
				[ITEMS_SOURCE_NODE_NAME]: [
					{
						startTime: Date.now(),
						executionIndex: 0,
						executionTime: 0,
						source: [],
						executionStatus: 'success',
						data: { [NodeConnectionTypes.Main]: [marker] },
					},
				],
			},
			lastNodeExecuted: ITEMS_SOURCE_NODE_NAME,
		},
		executionData: {
			nodeExecutionStack: [
				{ node: itemsSourceNode(input), data: { [NodeConnectionTypes.Main]: [[{ json: {} }]] }, source: null },
			],
		},
	});
}

/** `Items Source -> node under test`; `items` are the node's (main output 0) items, [] if it produced none. */
export async function runNode(
	options: RunNodeOptions,
): Promise<RunResult & { items: INodeExecutionData[] }> {
	const { node: nodeInput } = options;
	if (nodeInput.name === ITEMS_SOURCE_NODE_NAME) {
		throw new UnexpectedError(`The node under test cannot be named "${ITEMS_SOURCE_NODE_NAME}"`);
	}

	const node: INode = {
		id: 'harness-node-under-test',
		position: [250, 0],
		...structuredClone(nodeInput),
	};

	if (node.credentials === undefined && options.credentials) {
		const nodeType = new HarnessNodeTypes(options.nodeTypes).getByNameAndVersion(
			node.type,
			node.typeVersion,
		);
		const credentials = autoCredentials(nodeType, options.credentialTypes, options.credentials);
		if (credentials) node.credentials = credentials;
	}

	const source = itemsSourceNode(options.input);

	const result = await runWorkflow({
		nodeTypes: options.nodeTypes,
		credentialTypes: options.credentialTypes,
		credentials: options.credentials,
		executionId: options.executionId,
		mode: options.mode,
		cancelSignal: options.cancelSignal,
		resumeFrom: options.resumeFrom,
		startNode: ITEMS_SOURCE_NODE_NAME,
		workflow: {
			nodes: [source, node],
			connections: {
				[ITEMS_SOURCE_NODE_NAME]: {
					main: [[{ node: node.name, type: NodeConnectionTypes.Main, index: 0 }]],
				},
			},
			settings: options.settings,
		},
	});

	let items: INodeExecutionData[] = [];
	const task = result.runData[node.name]?.at(-1);
	if (task?.data) items = task.data[NodeConnectionTypes.Main]?.[0] ?? [];
	return Object.assign(result, { items });
}

/* ------------------------------------------------------------------ credential test */

// What n8n's CredentialsTester uses when the credential's test is not tied to a node: a NoOp node.
const noOpDescription: INodeTypeDescription = {
	displayName: 'No Operation, do nothing',
	name: 'n8n-nodes-base.noOp',
	group: ['organization'],
	version: 1,
	description: 'No Operation',
	defaults: { name: 'No Operation, do nothing' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	properties: [],
};

/** lodash `get`, as n8n's CredentialsTester uses it (so strings are indexed too: `length`, `0`). */
function getPath(obj: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(acc, key) =>
				acc !== null && (typeof acc === 'object' || typeof acc === 'string')
					? (acc as Record<string, unknown>)[key]
					: undefined,
			obj,
		);
}

/**
 * Run a credential type's `test` request like n8n's CredentialsTester (what the editor's
 * "Test"/save does): defaults + expressions applied, request built by RoutingNode, authenticated
 * through the credential's `authenticate`, response checked against `rules`.
 * Pass parent credential types in `options.credentialTypes` if `credentialType.extends` others.
 */
export async function testCredential(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
	options: { credentialTypes?: ICredentialType[] } = {},
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	await ensureRuntime();

	const testRequest = credentialType.test;
	if (!testRequest) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const type = credentialType.name;
	const credentialTypes = new HarnessCredentialTypes([
		...(options.credentialTypes ?? []),
		credentialType,
	]);
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, { [type]: data });
	const ref = harnessCredentialRef(credentialType);
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: ref.id!,
		name: ref.name,
		type,
		data: structuredClone(data),
	};

	const additionalData = createAdditionalData(credentialsHelper);
	try {
		credentialsDecrypted.data = await credentialsHelper.applyDefaultsAndOverwrites(
			additionalData,
			credentialsDecrypted.data!,
			type,
			'internal',
		);
	} catch (error) {
		return { status: 'Error', message: String((error as Error).message) };
	}

	const nodeTypeCopy: INodeType = {
		description: {
			...noOpDescription,
			credentials: [{ name: type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};

	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeTypeCopy.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [type]: ref },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes({ [nodeTypeCopy.description.name]: nodeTypeCopy }),
	});

	const executeData: IExecuteData = { node, data: {}, source: null };
	const executeFunctions = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const routingNode = new RoutingNode(executeFunctions, nodeTypeCopy, credentialsDecrypted);

	const rules = (testRequest.rules ?? []) as Array<
		IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody
	>;

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		Container.get(ErrorReporter).error(error);
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } })
			.cause;
		if (cause?.response) {
			const statusCode = cause.response.status;
			const statusMessage = cause.response.statusText;
			for (const rule of rules) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: statusMessage || `Received HTTP status code: ${statusCode}`,
				};
			}
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		return { status: 'Error', message: String((error as Error).message) };
	}

	for (const rule of rules) {
		if (rule.type === 'responseSuccessBody') {
			const responseData = response?.[0]?.[0]?.json;
			if (getPath(responseData, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}

	return { status: 'OK', message: 'Connection successful!' };
}

/* ------------------------------------------------------------------ listSearch / loadOptions */

export interface NodeMethodCallOptions {
	nodeType: INodeType | IVersionedNodeType;
	credentialTypes: ICredentialType[];
	credentials?: HarnessCredentials;
	/** the node as configured in the editor: parameters, typeVersion, credentials (default: auto) */
	node?: Partial<INode>;
	method: string;
	/** what the editor sends as `currentNodeParameters`; default `node.parameters` */
	currentNodeParameters?: INodeParameters;
	/** parameter path the editor sends, e.g. 'parameters.conversation'; default 'parameters' */
	path?: string;
}

function createLoadOptionsContext(opts: NodeMethodCallOptions) {
	const typeName = opts.node?.type ?? nodeTypeName(opts.nodeType);
	const nodeTypes = new HarnessNodeTypes({ [typeName]: opts.nodeType });
	const typeVersion = opts.node?.typeVersion ?? latestVersion(opts.nodeType);
	const nodeType = nodeTypes.getByNameAndVersion(typeName, typeVersion);

	const credentialsHelper = new HarnessCredentialsHelper(
		new HarnessCredentialTypes(opts.credentialTypes),
		opts.credentials,
	);
	const currentNodeParameters = structuredClone(
		opts.currentNodeParameters ?? opts.node?.parameters ?? {},
	);

	const node: INode = {
		parameters: currentNodeParameters,
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: typeName,
		typeVersion,
		position: [0, 0],
	};
	const credentials = opts.node?.credentials
		? structuredClone(opts.node.credentials)
		: autoCredentials(nodeType, opts.credentialTypes, opts.credentials);
	if (credentials) node.credentials = credentials;
	assignCredentialRefs([node], credentialsHelper);

	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = createAdditionalData(credentialsHelper, { currentNodeParameters });
	const context = new LoadOptionsContext(
		workflow,
		workflow.nodes['Temp-Node'],
		additionalData,
		opts.path ?? 'parameters',
	);
	return { nodeType, context };
}

/** Call `methods.listSearch[method]` like the editor's resource locator does. */
export async function callListSearch(
	opts: NodeMethodCallOptions & { filter?: string; paginationToken?: string },
): Promise<INodeListSearchResult> {
	await ensureRuntime();
	const { nodeType, context } = createLoadOptionsContext(opts);
	const method = nodeType.methods?.listSearch?.[opts.method] as
		| ((this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) => Promise<INodeListSearchResult>)
		| undefined;
	if (typeof method !== 'function') {
		throw new UnexpectedError(`Node type does not have listSearch method "${opts.method}"`);
	}
	return await method.call(context, opts.filter, opts.paginationToken);
}

/** Call `methods.loadOptions[method]` like the editor's options dropdown does. */
export async function callLoadOptions(opts: NodeMethodCallOptions): Promise<INodePropertyOptions[]> {
	await ensureRuntime();
	const { nodeType, context } = createLoadOptionsContext(opts);
	const method = nodeType.methods?.loadOptions?.[opts.method] as
		| ((this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>)
		| undefined;
	if (typeof method !== 'function') {
		throw new UnexpectedError(`Node type does not have loadOptions method "${opts.method}"`);
	}
	return await method.call(context);
}
