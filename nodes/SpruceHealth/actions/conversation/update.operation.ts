import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { conversationLocator, locatorSegment } from '../../descriptions/rlc';
import { preparePatch, writeOptions, type PreparedPatch } from '../write';

const properties: INodeProperties[] = [
	{ ...conversationLocator, description: 'The conversation to update' },
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Archived',
				name: 'archived',
				type: 'boolean',
				default: true,
				description: 'Whether the conversation is archived (off: unarchive it)',
			},
			{
				displayName: 'Assign To Name or ID',
				name: 'assignToMemberId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getMembers' },
				default: '',
				description:
					'The teammate or team to assign the conversation to (added to it if needed). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Tag Names or IDs',
				name: 'tagIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getConversationTags' },
				default: [],
				description:
					'Conversation tags; they replace the current tags. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
	writeOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['update'] } },
	properties,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedPatch> {
	const conversation = locatorSegment(this, itemIndex, 'conversation', 'conversationId');
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	if (typeof fields.archived === 'boolean') body.archived = fields.archived;
	if (fields.assignToMemberId) body.assignToMemberId = String(fields.assignToMemberId).trim();
	if (fields.tagIds !== undefined) {
		// A list from the picker, or text with commas from an expression.
		body.tagIds = (Array.isArray(fields.tagIds) ? fields.tagIds : String(fields.tagIds).split(','))
			.map(String)
			.map((id) => id.trim())
			.filter(Boolean);
	}
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Nothing to update', {
			itemIndex,
			description: 'Add Archived, Assign To or Tags under Update Fields.',
		});
	}
	const target = { noun: 'conversation', id: conversation.id, path: `/conversations/${conversation.segment}` };
	return preparePatch(this, itemIndex, target, body);
}

export { patchObject as execute } from '../write';
