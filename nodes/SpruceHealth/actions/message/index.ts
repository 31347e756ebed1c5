import type { INodeProperties } from 'n8n-workflow';

import { operation, type OperationRegistry } from '../node.type';
import { operationField } from '../resource';
import * as post from './post.operation';
import * as send from './send.operation';

export const operations: OperationRegistry['message'] = {
	post: operation(post),
	send: operation(send),
};

export const description: INodeProperties[] = [
	operationField(
		'message',
		[
			{
				name: 'Post',
				value: 'post',
				action: 'Post a message to a conversation',
				description: 'Post a message (text, pages, attachments) to a Spruce conversation',
			},
			{
				name: 'Send to Phone, Email, Fax or Contact',
				value: 'send',
				action: 'Send a message to a phone email fax or contact',
				description: 'Send from one of your phone lines, emails, fax numbers or Spruce Links, without a conversation ID',
			},
		],
		'post',
	),
	...post.description,
	...send.description,
];
