import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { pollSpruce, POLL_EVENTS } from './poll';
import { filtersProperty } from '../SpruceHealthTrigger/shared/events';

export class SpruceHealthPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Spruce Health Poll Trigger',
		name: 'spruceHealthPollTrigger',
		icon: { light: 'file:spruceHealth.svg', dark: 'file:spruceHealth.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] }}',
		description:
			'Checks Spruce Health for new messages, conversations or contacts on a schedule (no incoming connection needed)',
		// The panel's "Docs" link (see SpruceHealth.node.ts for why not the codex's).
		documentationUrl:
			'https://www.npmjs.com/package/n8n-nodes-spruce-health#spruce-health-poll-trigger-sprucehealthpolltrigger',
		defaults: { name: 'Spruce Health Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'spruceHealthApi', required: true }],
		properties: [
			{
				displayName:
					'For n8n that Spruce cannot reach (behind a firewall). Where Spruce can reach n8n over https, the Spruce Health Trigger starts workflows at once and costs fewer requests.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Trigger On',
				name: 'event',
				type: 'options',
				options: POLL_EVENTS,
				default: 'conversationItem.created',
				description: 'What the workflow starts for',
			},
			{
				...filtersProperty('Each filter applies to the events it makes sense for'),
				displayOptions: { show: { event: ['conversationItem.created', 'conversation.created'] } },
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollSpruce.call(this);
	}
}
