import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation, PreparedItem } from '../types';
import * as post from './post.operation';

export const operations: Record<string, ItemOperation<PreparedItem>> = {
	post: post as ItemOperation<PreparedItem>,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Post',
				value: 'post',
				action: 'Post a message to a conversation',
				description: 'Post a message (text, pages, attachments) to a Spruce conversation',
			},
		],
		default: 'post',
	},
	...post.description,
];
