import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsField } from '../../descriptions/collections';
import { requestOptionFields, requestPolicy } from '../../descriptions/requestOptions';
import type { RequestPolicy } from '../../transport';
import { uploadAttachment } from '../message/compose';
import type { PreparedItem } from '../node.type';
import { toItems } from '../output';

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the file',
		description:
			'The file to upload. The media ID in the output can be attached to messages later (Message → Post → Attachments → Spruce Media ID), as often as needed.',
	},
	optionsField(requestOptionFields.filter((field) => field.name !== 'concurrency')),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['media'], operation: ['upload'] } },
	properties,
);

interface PreparedUpload extends PreparedItem {
	binaryPropertyName: string;
	fileName?: string;
	mimeType?: string;
	policy: RequestPolicy;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedUpload> {
	const binaryPropertyName =
		String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim() || 'data';
	const binary = this.getInputData()[itemIndex]?.binary ?? {};
	const file = binary[binaryPropertyName];
	if (!file) {
		const present = Object.keys(binary);
		throw new NodeOperationError(
			this.getNode(),
			`This item has no binary file in the field "${binaryPropertyName}"`,
			{
				itemIndex,
				description: present.length
					? `The item's binary fields are: ${present.join(', ')}. Put one of them in "Input Binary Field".`
					: 'The item has no binary data at all. Add a node before this one that reads or downloads the file.',
			},
		);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		retry?: boolean;
		maxAttempts?: number;
		timeout?: number;
	};
	return {
		binaryPropertyName,
		fileName: file.fileName,
		mimeType: file.mimeType,
		policy: requestPolicy(options),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number, item: PreparedUpload) {
	const mediaId = await uploadAttachment(this, itemIndex, item.binaryPropertyName, item.policy);
	return toItems(itemIndex, {
		mediaId,
		fileName: item.fileName ?? null,
		mimeType: item.mimeType ?? null,
	});
}
