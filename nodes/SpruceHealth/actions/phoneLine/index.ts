import type { INodeProperties } from 'n8n-workflow';

import { operation, type OperationRegistry } from '../node.type';
import { operationField } from '../resource';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations: OperationRegistry['phoneLine'] = {
	get: operation(get),
	getAll: operation(getAll),
};

export const description: INodeProperties[] = [
	operationField(
		'phoneLine',
		[
			{ name: 'Get', value: 'get', action: 'Get a phone line' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many phone lines' },
		],
		'getAll',
	),
	...get.description,
	...getAll.description,
];
