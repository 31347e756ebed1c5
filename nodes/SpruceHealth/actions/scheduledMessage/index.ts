import type { INodeProperties } from 'n8n-workflow';

import { operation, type OperationRegistry } from '../node.type';
import { operationField } from '../resource';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as getAll from './getAll.operation';

export const operations: OperationRegistry['scheduledMessage'] = {
	create: operation(create),
	delete: operation(del),
	getAll: operation(getAll),
};

export const description: INodeProperties[] = [
	operationField(
		'scheduledMessage',
		[
			{
				name: 'Create',
				value: 'create',
				action: 'Schedule a message',
				description: 'Schedule a message in a conversation for later',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a scheduled message',
				description: 'Cancel a scheduled message',
			},
			{ name: 'Get Many', value: 'getAll', action: 'Get many scheduled messages' },
		],
		'create',
	),
	...create.description,
	...del.description,
	...getAll.description,
];
