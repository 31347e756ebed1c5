import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { conversationLocator, locatorSegment } from '../../descriptions/rlc';
import { getMany, getManyFields } from '../getMany';

const properties: INodeProperties[] = [
	{
		displayName: 'Scheduled In',
		name: 'scope',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'The Whole Organization', value: 'organization' },
			{ name: 'One Conversation', value: 'conversation' },
		],
		default: 'organization',
	},
	{
		...conversationLocator,
		description: 'The conversation whose scheduled messages to get',
		displayOptions: { show: { scope: ['conversation'] } },
	},
	...getManyFields(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['scheduledMessage'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	const scope = this.getNodeParameter('scope', itemIndex, 'organization') as string;
	// Neither route takes a page size: the conversation's list comes whole, the organization's
	// in pages Spruce sizes.
	if (scope === 'conversation') {
		const { id, segment } = locatorSegment(this, itemIndex, 'conversation', 'conversationId');
		return await getMany.call(this, itemIndex, {
			path: `/conversations/${segment}/scheduledmessages`,
			listKey: 'scheduledMessages',
			action: 'list the scheduled messages of the conversation',
			notFound: `no conversation "${id}" that this token can see.`,
		});
	}
	return await getMany.call(this, itemIndex, {
		path: '/scheduledmessages',
		listKey: 'scheduledMessages',
		action: "list the organization's scheduled messages",
	});
}
