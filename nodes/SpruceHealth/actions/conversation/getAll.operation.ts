import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { filtersField } from '../../descriptions/collections';
import { getMany, getManyFields } from '../getMany';
import { dateTimeFrom } from '../write';

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
	filtersField([
		{
			displayName: 'Since',
			name: 'startFrom',
			type: 'dateTime',
			default: '',
			description: 'Only conversations whose Order By time (last message or creation) is at or after this',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { startFrom?: string };
	const startFrom = dateTimeFrom(this, itemIndex, filters.startFrom, 'Filters → Since');
	return await getMany.call(this, itemIndex, {
		path: '/conversations',
		qs: { orderBy: this.getNodeParameter('orderBy', itemIndex, 'last_message'), startFrom },
		listKey: 'conversations',
		pageSize: 200,
		action: 'list conversations',
	});
}
