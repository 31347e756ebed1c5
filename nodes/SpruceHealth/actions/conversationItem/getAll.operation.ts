import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { filtersField } from '../../descriptions/collections';
import { conversationLocator, locatorSegment } from '../../descriptions/rlc';
import { getMany, getManyFields } from '../getMany';
import type { PreparedItem } from '../node.type';
import { dateTimeFrom } from '../write';

const properties: INodeProperties[] = [
	{ ...conversationLocator, description: 'The conversation whose messages and calls to get' },
	...getManyFields(),
	{
		displayName: 'Order',
		name: 'order',
		type: 'options',
		options: [
			{ name: 'Newest First', value: 'newest_first' },
			{ name: 'Oldest First', value: 'oldest_first' },
		],
		default: 'newest_first',
	},
	filtersField([
		{
			displayName: 'Direction',
			name: 'direction',
			type: 'options',
			options: [
				{ name: 'Inbound', value: 'inbound', description: 'Received from patients and other outside contacts' },
				{ name: 'Outbound', value: 'outbound', description: 'Sent by your team to outside contacts' },
			],
			default: 'inbound',
		},
		{
			displayName: 'Created After',
			name: 'startFrom',
			type: 'dateTime',
			default: '',
			description: 'Only items created after this time',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversationItem'], operation: ['getAll'] } },
	properties,
);

interface PreparedList extends PreparedItem {
	id: string;
	segment: string;
	qs: IDataObject;
	direction?: string;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedList> {
	const conversation = locatorSegment(this, itemIndex, 'conversation', 'conversationId');
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { direction?: string; startFrom?: string };
	const qs: IDataObject = {
		order: this.getNodeParameter('order', itemIndex, 'newest_first'),
		startFrom: dateTimeFrom(this, itemIndex, filters.startFrom, 'Filters → Created After'),
	};
	return { ...conversation, qs, direction: filters.direction };
}

export async function execute(this: IExecuteFunctions, itemIndex: number, item: PreparedList) {
	const { direction } = item;
	return await getMany.call(this, itemIndex, {
		path: `/conversations/${item.segment}/items`,
		qs: item.qs,
		listKey: 'conversationItems',
		pageSize: 200,
		// Spruce has no direction filter: items are filtered as they are read.
		keep: direction ? (entry) => entry.direction === direction : undefined,
		action: 'list the conversation\'s items',
		notFound: `no conversation "${item.id}" that this token can see.`,
	});
}
