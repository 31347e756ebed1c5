import type { INodeProperties } from 'n8n-workflow';

import { operation, type OperationRegistry } from '../node.type';
import { operationField } from '../resource';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: OperationRegistry['conversation'] = {
	create: operation(create),
	get: operation(get),
	getAll: operation(getAll),
	update: operation(update),
};

export const description: INodeProperties[] = [
	operationField(
		'conversation',
		[
			{ name: 'Create', value: 'create', action: 'Create a conversation', description: 'Start a secure conversation or an internal note' },
			{ name: 'Get', value: 'get', action: 'Get a conversation' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many conversations' },
			{ name: 'Update', value: 'update', action: 'Update a conversation', description: 'Archive or unarchive, assign, tag' },
		],
		'get',
	),
	...create.description,
	...get.description,
	...getAll.description,
	...update.description,
];
