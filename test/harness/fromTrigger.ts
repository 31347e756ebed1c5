import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	INode,
	INodeExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData } from 'n8n-workflow';

import type { HarnessCredentialsHelper } from './credentials';
import { buildRunResult, createAdditionalData, nextExecutionId, type RunResult } from './index';

/**
 * Runs a workflow from a trigger's output, as n8n's WorkflowRunner does for a webhook delivery
 * or a poll that emitted: the trigger node is put on the execution stack with the data it
 * returned (WorkflowExecute passes it through), and the rest of the workflow runs.
 */
export async function executeFromTrigger(options: {
	workflow: Workflow;
	trigger: INode;
	data: INodeExecutionData[][];
	mode: WorkflowExecuteMode;
	credentialsHelper: HarnessCredentialsHelper;
	additionalData?: Partial<IWorkflowExecuteAdditionalData>;
}): Promise<RunResult> {
	const { workflow, mode, credentialsHelper } = options;
	const executionId = nextExecutionId();
	const workflowData: IWorkflowBase = {
		id: workflow.id,
		name: workflow.name ?? 'Harness workflow',
		active: true,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		settings: { executionOrder: 'v1' },
	};
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const order: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => void order.push(nodeName));
	const additionalData = createAdditionalData(credentialsHelper, {
		...options.additionalData,
		hooks,
		executionId,
	});
	const runData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: options.trigger, data: { main: options.data }, source: null }],
		},
	});
	const run = await new WorkflowExecute(additionalData, mode, runData).processRunExecutionData(
		workflow,
	);
	return buildRunResult(run, executionId, order, credentialsHelper);
}
