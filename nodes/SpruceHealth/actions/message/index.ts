import type { INodeProperties } from 'n8n-workflow';

import { operation, type OperationRegistry } from '../node.type';
import * as post from './post.operation';

export const operations: OperationRegistry['message'] = {
	post: operation(post),
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
