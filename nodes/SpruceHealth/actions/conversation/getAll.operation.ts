import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { getMany, getManyFields } from '../getMany';

const properties: INodeProperties[] = [
	...getManyFields(),
	{
		displayName: 'Order By',
		name: 'orderBy',
		type: 'options',
		options: [
			{ name: 'Last Message (Newest First)', value: 'last_message' },
			{ name: 'Created (Newest First)', value: 'created' },
		],
		default: 'last_message',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Since',
				name: 'startFrom',
				type: 'dateTime',
				default: '',
				description: 'Only conversations whose Order By time (last message or creation) is at or after this',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { startFrom?: string };
	let startFrom: string | undefined;
	if (filters.startFrom) {
		const at = Date.parse(filters.startFrom);
		if (Number.isNaN(at)) {
			throw new NodeOperationError(this.getNode(), `Filters → Since: "${filters.startFrom}" is not a date and time`, {
				itemIndex,
				description: 'Pick a date and time, or remove the filter.',
			});
		}
		startFrom = new Date(at).toISOString();
	}
	return await getMany.call(this, itemIndex, {
		path: '/conversations',
		qs: { orderBy: this.getNodeParameter('orderBy', itemIndex, 'last_message'), startFrom },
		listKey: 'conversations',
		pageSize: 200,
		action: 'list conversations',
	});
}
