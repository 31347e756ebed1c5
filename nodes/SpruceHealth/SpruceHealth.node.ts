import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as call from './actions/call';
import * as contact from './actions/contact';
import * as contactField from './actions/contactField';
import * as contactTag from './actions/contactTag';
import * as conversation from './actions/conversation';
import * as conversationItem from './actions/conversationItem';
import * as conversationTag from './actions/conversationTag';
import * as internalEndpoint from './actions/internalEndpoint';
import * as media from './actions/media';
import * as member from './actions/member';
import * as message from './actions/message';
import * as organization from './actions/organization';
import * as phoneLine from './actions/phoneLine';
import * as savedMessage from './actions/savedMessage';
import * as scheduledMessage from './actions/scheduledMessage';
import * as webhookEndpoint from './actions/webhookEndpoint';
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
					{ name: 'Call', value: 'call' },
					{ name: 'Contact', value: 'contact' },
					{ name: 'Contact Field', value: 'contactField' },
					{ name: 'Contact Tag', value: 'contactTag' },
					{ name: 'Conversation', value: 'conversation' },
					{ name: 'Conversation Item', value: 'conversationItem' },
					{ name: 'Conversation Tag', value: 'conversationTag' },
					{ name: 'Internal Endpoint', value: 'internalEndpoint' },
					{ name: 'Media', value: 'media' },
					{ name: 'Member', value: 'member' },
					{ name: 'Message', value: 'message' },
					{ name: 'Organization', value: 'organization' },
					{ name: 'Phone Line', value: 'phoneLine' },
					{ name: 'Saved Message', value: 'savedMessage' },
					{ name: 'Scheduled Message', value: 'scheduledMessage' },
					{ name: 'Webhook Endpoint', value: 'webhookEndpoint' },
				],
				// Saved workflows of the first version name no resource: they mean Message.
				default: 'message',
			},
			...call.description,
			...contact.description,
			...contactField.description,
			...contactTag.description,
			...conversation.description,
			...conversationItem.description,
			...conversationTag.description,
			...internalEndpoint.description,
			...media.description,
			...member.description,
			...message.description,
			...organization.description,
			...phoneLine.description,
			...savedMessage.description,
			...scheduledMessage.description,
			...webhookEndpoint.description,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
