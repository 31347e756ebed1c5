import type { INodeProperties } from 'n8n-workflow';

import { operation, type OperationRegistry } from '../node.type';
import { operationField } from '../resource';
import * as get from './get.operation';

export const operations: OperationRegistry['organization'] = { get: operation(get) };

export const description: INodeProperties[] = [
	operationField(
		'organization',
		[
			{
				name: 'Get',
				value: 'get',
				action: 'Get the organization',
				description: "Get your organization's ID and name",
			},
		],
		'get',
	),
	...get.description,
];
