import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

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
		description: 'Post HIPAA-compliant messages to Spruce Health conversations',
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
				options: [{ name: 'Message', value: 'message' }],
				default: 'message',
			},
			...message.description,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
