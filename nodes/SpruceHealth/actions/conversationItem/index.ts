import type { INodeProperties } from 'n8n-workflow';

import { operation, type OperationRegistry } from '../node.type';
import { operationField } from '../resource';
import * as del from './delete.operation';
import * as downloadAttachments from './downloadAttachments.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getTranscription from './getTranscription.operation';

export const operations: OperationRegistry['conversationItem'] = {
	delete: operation(del),
	downloadAttachments: operation(downloadAttachments),
	get: operation(get),
	getAll: operation(getAll),
	getTranscription: operation(getTranscription),
};

export const description: INodeProperties[] = [
	operationField(
		'conversationItem',
		[
			{ name: 'Delete', value: 'delete', action: 'Delete a conversation item' },
			{
				name: 'Download Attachments',
				value: 'downloadAttachments',
				action: 'Download the attachments of a conversation item',
				description: 'Every file of the message as binary data',
			},
			{ name: 'Get', value: 'get', action: 'Get a conversation item' },
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many conversation items',
				description: 'The messages and calls of a conversation',
			},
			{
				name: 'Get Transcription',
				value: 'getTranscription',
				action: 'Get the transcription of a conversation item',
				description: 'The text of a voicemail or call recording',
			},
		],
		'getAll',
	),
	...getAll.description,
	...get.description,
	...del.description,
	...downloadAttachments.description,
	...getTranscription.description,
];
