import type { INodeProperties } from 'n8n-workflow';

import { operation, type OperationRegistry } from '../node.type';
import { operationField } from '../resource';
import * as getAll from './getAll.operation';

export const operations: OperationRegistry['internalEndpoint'] = { getAll: operation(getAll) };

export const description: INodeProperties[] = [
	operationField(
		'internalEndpoint',
		[
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many internal endpoints',
				description: "Your organization's phone numbers, emails, fax numbers and Spruce Links",
			},
		],
		'getAll',
	),
	...getAll.description,
];
