import type { INodeProperties } from 'n8n-workflow';

import { operation, type OperationRegistry } from '../node.type';
import { operationField } from '../resource';
import * as upload from './upload.operation';

export const operations: OperationRegistry['media'] = { upload: operation(upload) };

export const description: INodeProperties[] = [
	operationField(
		'media',
		[
			{
				name: 'Upload',
				value: 'upload',
				action: 'Upload a file',
				description: 'Upload a file to Spruce and get its media ID, to attach later',
			},
		],
		'upload',
	),
	...upload.description,
];
