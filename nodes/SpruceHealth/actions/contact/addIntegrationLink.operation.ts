import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { toItems } from '../output';
import { writeKeyFor, writeOptions } from '../write';
import { addIntegrationLink } from './create.operation';
import { integrationLinkFields, readLink, type PreparedLink } from './integrationLink';

const properties: INodeProperties[] = [
	...integrationLinkFields,
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		description: 'The contact in the other system (custom links only)',
		displayOptions: { show: { integrationLinkType: ['custom'] } },
	},
	writeOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['addIntegrationLink'] } },
	properties,
);

interface PreparedAdd extends PreparedLink {
	url: string;
	idempotencyKey: string;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedAdd> {
	return {
		...readLink(this, itemIndex),
		url: String(this.getNodeParameter('url', itemIndex, '')).trim(),
		idempotencyKey: writeKeyFor(this, itemIndex),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number, item: PreparedAdd) {
	const links = await addIntegrationLink(
		this,
		itemIndex,
		item.id,
		{ type: item.type, externalId: item.externalId, ...(item.url ? { url: item.url } : {}) },
		item.idempotencyKey,
	);
	return toItems(itemIndex, { contactId: item.id, integrationLinks: links });
}
