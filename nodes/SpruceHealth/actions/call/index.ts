import type { INodeProperties } from 'n8n-workflow';

import { operation, type OperationRegistry } from '../node.type';
import { operationField } from '../resource';
import * as create from './create.operation';

export const operations: OperationRegistry['call'] = { create: operation(create) };

export const description: INodeProperties[] = [
	operationField(
		'call',
		[
			{
				name: 'Start Proxy Call',
				value: 'create',
				action: 'Start a proxy call',
				description:
					'Get a number to dial that connects your phone to the patient from one of your lines',
			},
		],
		'create',
	),
	...create.description,
];
