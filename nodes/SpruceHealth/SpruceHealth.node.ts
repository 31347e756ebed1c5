import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as contact from './actions/contact';
import * as conversation from './actions/conversation';
import * as conversationItem from './actions/conversationItem';
import * as message from './actions/message';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods';

export class SpruceHealth implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Spruce Health',
		name: 'spruceHealth',
		icon: { light: 'file:spruceHealth.svg', dark: 'file:spruceHealth.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Find and update patients, and message them through Spruce Health (HIPAA-compliant)',
		// The panel's "Docs" link, used as is. (A codex URL gets "?utm_…" appended after its
		// "#section", which breaks the anchor.) The README on the npm page, package.json's homepage.
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-spruce-health#the-post-message-fields',
		defaults: { name: 'Spruce Health' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'spruceHealthApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Contact', value: 'contact' },
					{ name: 'Conversation', value: 'conversation' },
					{ name: 'Conversation Item', value: 'conversationItem' },
					{ name: 'Message', value: 'message' },
				],
				// Saved workflows of the first version name no resource: they mean Message.
				default: 'message',
			},
			...contact.description,
			...conversation.description,
			...conversationItem.description,
			...message.description,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
