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
import { startSandbox, type Sandbox, type SandboxOptions } from './sandbox/server';

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

/** Post Message parameters for a plain text message to a seed conversation. */
export function textPost(text = 'Hello from n8n', conversation = 't_0001', extra: INodeParameters = {}) {
	return { conversationId: locator(conversation), bodyMode: 'text', text, ...extra };
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

export { startSandbox, type Sandbox };
