/**
 * A polling trigger workflow "activated" the way n8n does it, for tests. As in n8n's
 * ActiveWorkflows, one Workflow instance lives while the workflow is active (its static data
 * stays in memory between polls), the first poll runs at activation (its failure fails the
 * activation), and each poll goes through n8n-core's PollContext; a poll that returns data is
 * "emitted": the static data is saved and an execution runs from the trigger (WorkflowExecute).
 * A failed later poll is reported, as n8n's `__emitError` would, and starts nothing.
 */
import { PollContext } from 'n8n-core';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { UnexpectedError, Workflow } from 'n8n-workflow';

import { HarnessCredentialTypes, HarnessCredentialsHelper } from './credentials';
import { executeFromTrigger } from './fromTrigger';
import { assignCredentialRefs, createAdditionalData, type RunResult } from './index';
import { HarnessNodeTypes } from './node-types';
import { ensureRuntime } from './runtime';
import type { TriggerWorkflowOptions } from './trigger';

/** As for a webhook trigger; `trigger` names the polling trigger node. */
export type PollWorkflowOptions = Omit<TriggerWorkflowOptions, 'mode' | 'publicWebhookBaseUrl'>;

export interface PollOutcome {
	emitted: INodeExecutionData[][] | null;
	error?: Error;
	execution?: RunResult;
}

export interface ActivePollWorkflow {
	/** the first poll, run at activation; throws if it fails (activation fails) */
	activate(): Promise<PollOutcome>;
	/** one scheduled poll */
	poll(): Promise<PollOutcome>;
	/** the static data in the running n8n's memory (a copy) */
	staticData(): IDataObject;
	/** the static data n8n saved to its database (a copy) */
	savedStaticData(): IDataObject;
	executions(): RunResult[];
}

const plain = (data: IDataObject) => {
	const copy = JSON.parse(JSON.stringify(data)) as IDataObject;
	delete copy.__dataChanged;
	return copy;
};

export async function startPollWorkflow(options: PollWorkflowOptions): Promise<ActivePollWorkflow> {
	await ensureRuntime();
	const credentialsHelper = new HarnessCredentialsHelper(
		new HarnessCredentialTypes(options.credentialTypes),
		options.credentials,
	);
	const nodes = structuredClone(options.workflow.nodes);
	assignCredentialRefs(nodes, credentialsHelper);
	const workflow = new Workflow({
		id: 'harness-workflow',
		name: options.workflow.name ?? 'Harness workflow',
		nodes,
		connections: structuredClone(options.workflow.connections),
		active: true,
		nodeTypes: new HarnessNodeTypes(options.nodeTypes),
		settings: { executionOrder: 'v1' },
		staticData: structuredClone(options.workflow.staticData ?? {}),
	});
	const trigger = workflow.getNode(options.trigger);
	if (!trigger) throw new UnexpectedError(`No node "${options.trigger}" in the workflow`);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(trigger.type, trigger.typeVersion);
	if (!nodeType.poll) throw new UnexpectedError(`"${trigger.name}" is not a polling trigger`);

	let saved = plain(workflow.staticData);
	const executions: RunResult[] = [];
	// n8n builds the poll context once, at activation, and reuses it for every poll.
	const context = new PollContext(
		workflow,
		trigger,
		createAdditionalData(credentialsHelper),
		'trigger',
		'activate',
	);

	const runPoll = async (activation: 'activate' | 'trigger'): Promise<PollOutcome> => {
		let emitted: INodeExecutionData[][] | null;
		try {
			emitted = await nodeType.poll!.call(context);
		} catch (error) {
			if (activation === 'activate') throw error;
			return { emitted: null, error: error as Error };
		}
		if (activation === 'activate') saved = plain(workflow.staticData);
		if (emitted === null) return { emitted };
		saved = plain(workflow.staticData);
		const execution = await executeFromTrigger({
			workflow,
			trigger,
			data: emitted,
			mode: 'trigger',
			credentialsHelper,
		});
		executions.push(execution);
		return { emitted, execution };
	};

	return {
		activate: async () => await runPoll('activate'),
		poll: async () => await runPoll('trigger'),
		staticData: () => plain(workflow.staticData),
		savedStaticData: () => structuredClone(saved),
		executions: () => [...executions],
	};
}
