import type { INodeProperties } from 'n8n-workflow';

import { operation, type OperationRegistry } from '../node.type';
import { operationField } from '../resource';
import * as getAll from './getAll.operation';

export const operations: OperationRegistry['savedMessage'] = { getAll: operation(getAll) };

export const description: INodeProperties[] = [
	operationField(
		'savedMessage',
		[
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many saved messages',
				description: 'Saved replies; use one as a message body with Message Body → Saved Message',
			},
		],
		'getAll',
	),
	...getAll.description,
];
