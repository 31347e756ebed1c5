import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { handleDelivery } from './delivery';
import { checkEndpoint, registerEndpoint, removeEndpoint } from './registration';
import { filtersProperty, WEBHOOK_EVENTS } from './shared/events';

export class SpruceHealthTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Spruce Health Trigger',
		name: 'spruceHealthTrigger',
		icon: { light: 'file:spruceHealth.svg', dark: 'file:spruceHealth.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description:
			'Starts the workflow when something happens in Spruce Health (needs an https address Spruce can reach)',
		// The panel's "Docs" link (see SpruceHealth.node.ts for why not the codex's).
		documentationUrl:
			'https://www.npmjs.com/package/n8n-nodes-spruce-health#spruce-health-trigger-sprucehealthtrigger',
		defaults: { name: 'Spruce Health Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'spruceHealthApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'Activating the workflow registers this n8n with Spruce, and deactivating removes it again. Spruce only sends events to an https address: self-hosted n8n needs WEBHOOK_URL set to its public https address, or use the Spruce Health Poll Trigger.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Trigger On',
				name: 'events',
				type: 'multiOptions',
				options: WEBHOOK_EVENTS,
				default: ['conversationItem.created'],
				required: true,
				description: 'The Spruce events that start the workflow',
			},
			filtersProperty('Each filter applies to the events it makes sense for; contacts always pass'),
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkEndpoint.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await registerEndpoint.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await removeEndpoint.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleDelivery.call(this);
	}
}
