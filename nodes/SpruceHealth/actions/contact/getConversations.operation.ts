import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { contactLocator, locatorSegment } from '../../descriptions/rlc';
import { spruceApiRequest } from '../../transport';
import { toItems } from '../output';

const properties: INodeProperties[] = [
	{ ...contactLocator, description: 'The contact whose conversations to get (one output item each)' },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['getConversations'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	const { id, segment } = locatorSegment(this, itemIndex, 'contact', 'contactId');
	const { body } = await spruceApiRequest.call(this, {
		method: 'GET',
		path: `/contacts/${segment}/conversations`,
		action: "get the contact's conversations",
		notFound: `no contact "${id}" that this token can see.`,
		itemIndex,
	});
	return toItems(itemIndex, ((body as IDataObject).conversations as IDataObject[] | undefined) ?? []);
}
