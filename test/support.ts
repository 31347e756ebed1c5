import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IRunExecutionData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { SpruceHealthApi } from '../credentials/SpruceHealthApi.credentials';
import { SpruceHealth } from '../nodes/SpruceHealth/SpruceHealth.node';
import { callListSearch, callLoadOptions, runNode, testCredential } from './harness';
import { startSandbox as startSandboxServer, type Sandbox, type SandboxOptions } from './sandbox/server';

export const NODE_TYPE = 'n8n-nodes-spruce-health.spruceHealth';
export const NODE_NAME = 'Spruce Health';

export const nodeType = new SpruceHealth();
export const credentialTypes = [new SpruceHealthApi()];

export function sandboxCredentials(sandbox: Pick<Sandbox, 'url' | 'token'>, extra: IDataObject = {}) {
	return {
		spruceHealthApi: { authMethod: 'apiToken', apiToken: sandbox.token, baseUrl: sandbox.url, ...extra },
	};
}

/** A resource locator value as the editor saves it. */
export function locator(value: string, mode: 'list' | 'url' | 'id' = 'id') {
	return { __rl: true, mode, value };
}

export interface PostRun {
	items: INodeExecutionData[];
	/** the whole execution, e.g. to retry it with `retryData` */
	run: IRun;
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
}

/**
 * Runs "Items Source → Spruce Health" through n8n's engine against the sandbox with the given
 * parameters; `input` defaults to one empty item.
 */
export async function runSpruce(
	sandbox: Pick<Sandbox, 'url' | 'token'>,
	parameters: INodeParameters,
	options: {
		input?: INodeExecutionData[];
		node?: Partial<INode>;
		credentials?: ICredentialDataDecryptedObject;
		executionId?: string;
		cancelSignal?: AbortSignal;
		mode?: WorkflowExecuteMode;
		resumeFrom?: IRunExecutionData;
	} = {},
): Promise<PostRun> {
	const result = await runNode({
		nodeTypes: { [NODE_TYPE]: nodeType },
		credentialTypes,
		credentials: options.credentials
			? { spruceHealthApi: options.credentials }
			: sandboxCredentials(sandbox),
		node: {
			name: NODE_NAME,
			type: NODE_TYPE,
			typeVersion: 1,
			parameters: { resource: 'message', operation: 'post', ...parameters },
			...options.node,
		},
		input: options.input ?? [{ json: {} }],
		executionId: options.executionId,
		cancelSignal: options.cancelSignal,
		mode: options.mode,
		resumeFrom: options.resumeFrom,
	});
	return { items: result.items, run: result.run, error: (result.error ?? result.nodeError(NODE_NAME)) as PostRun['error'] };
}

/** Runs one operation of the node (resource and operation named) through n8n's engine. */
export async function runOperation(
	sandbox: Pick<Sandbox, 'url' | 'token'>,
	resource: string,
	operation: string,
	parameters: INodeParameters,
	options: Parameters<typeof runSpruce>[2] = {},
): Promise<PostRun> {
	return await runSpruce(sandbox, { resource, operation, ...parameters }, options);
}

/** Post Message parameters for a plain text message to a seed conversation. */
export function textPost(text = 'Hello from n8n', conversation = 't_0001', extra: INodeParameters = {}) {
	return { conversationId: locator(conversation), bodyMode: 'text', text, ...extra };
}

const live = new Set<Sandbox>();
/** violations of sandboxes closed before the guard looked */
const leftBehind: string[] = [];

/**
 * Starts a sandbox that the OpenAPI guard (test/contractGuard.ts) watches: a test fails when a
 * request it made broke Spruce's OpenAPI contract.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const sandbox = await startSandboxServer(options);
	live.add(sandbox);
	const close = sandbox.close;
	sandbox.close = async () => {
		live.delete(sandbox);
		leftBehind.push(...sandbox.takeViolations());
		await close();
	};
	return sandbox;
}

/** OpenAPI violations seen by sandboxes started through `startSandbox` since the last call. */
export function takeViolations(): string[] {
	return [...leftBehind.splice(0), ...[...live].flatMap((sandbox) => sandbox.takeViolations())];
}

export async function withSandbox<T>(options: SandboxOptions, body: (sandbox: Sandbox) => Promise<T>): Promise<T> {
	const sandbox = await startSandbox(options);
	try {
		return await body(sandbox);
	} finally {
		await sandbox.close();
	}
}

export function listSearch(sandbox: Sandbox, method: string, filter?: string, paginationToken?: string) {
	return callListSearch({
		nodeType,
		credentialTypes,
		credentials: sandboxCredentials(sandbox),
		method,
		filter,
		paginationToken,
	});
}

export function loadOptions(sandbox: Sandbox, method: string) {
	return callLoadOptions({ nodeType, credentialTypes, credentials: sandboxCredentials(sandbox), method });
}

export function credentialTest(data: ICredentialDataDecryptedObject) {
	return testCredential(credentialTypes[0], data);
}

export type { Sandbox };
