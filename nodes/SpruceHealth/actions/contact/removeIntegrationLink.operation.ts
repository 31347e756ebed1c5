import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { spruceApiRequest } from '../../transport';
import { toItems } from '../output';
import { integrationLinkFields, readLink, type PreparedLink } from './integrationLink';

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['removeIntegrationLink'] } },
	integrationLinkFields,
);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedLink> {
	return readLink(this, itemIndex);
}

export async function execute(this: IExecuteFunctions, itemIndex: number, item: PreparedLink) {
	await spruceApiRequest.call(this, {
		method: 'DELETE',
		path: `/contacts/${item.segment}/integrationlinks`,
		qs: { type: item.type, externalId: item.externalId },
		action: 'remove the integration link',
		notFound: `no ${item.type} link "${item.externalId}" on contact "${item.id}".`,
		itemIndex,
	});
	return toItems(itemIndex, { contactId: item.id, type: item.type, externalId: item.externalId, removed: true });
}
