import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { optionsField } from '../../descriptions/collections';
import { conversationItemLocator } from '../../descriptions/rlc';
import { toItems } from '../output';
import { fetchItem } from './get.operation';

const properties: INodeProperties[] = [
	{ ...conversationItemLocator, description: 'The message whose files to download' },
	optionsField([
		{
			displayName: 'Binary Field Prefix',
			name: 'binaryPropertyPrefix',
			type: 'string',
			default: 'attachment_',
			description: 'The files go to binary fields named this plus 0, 1, 2…',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversationItem'], operation: ['downloadAttachments'] } },
	properties,
);

interface Attachment {
	title?: string;
	type?: string;
	data?: { name?: string; mimetype?: string; signedUrl?: { url?: string } };
}

/**
 * Every attachment of the item as binary data. Files come from their signed URLs, which carry
 * their own permission: they are fetched WITHOUT the Spruce token, which must never leave for
 * another host.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number) {
	const item = await fetchItem(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as { binaryPropertyPrefix?: string };
	const prefix = (options.binaryPropertyPrefix ?? 'attachment_').trim() || 'attachment_';
	const binary: IBinaryKeyData = {};
	const files: IDataObject[] = [];
	const attachments = (item.attachments as Attachment[] | undefined) ?? [];
	for (const attachment of attachments) {
		const url = attachment.data?.signedUrl?.url;
		if (!url || !/^https?:\/\//i.test(url)) continue;
		const fileName = attachment.data?.name || attachment.title || `attachment_${files.length}`;
		let response: { body: Buffer; headers: IDataObject };
		try {
			response = (await this.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'arraybuffer',
				returnFullResponse: true,
				timeout: 60_000,
			})) as { body: Buffer; headers: IDataObject };
		} catch (error) {
			throw new NodeApiError(this.getNode(), { message: (error as Error).message }, {
				message: `Could not download the attachment "${fileName}"`,
				description: 'Its signed link may have expired: run the node again to get fresh links.',
				itemIndex,
			});
		}
		const key = `${prefix}${files.length}`;
		const mimeType = attachment.data?.mimetype || String(response.headers['content-type'] ?? '') || undefined;
		binary[key] = await this.helpers.prepareBinaryData(Buffer.from(response.body), fileName, mimeType);
		files.push({ binaryField: key, fileName, mimeType: binary[key].mimeType, type: attachment.type });
	}
	return toItems(
		itemIndex,
		{ conversationItemId: item.id, conversationId: item.conversationId, text: item.text, files },
		files.length ? binary : undefined,
	);
}
