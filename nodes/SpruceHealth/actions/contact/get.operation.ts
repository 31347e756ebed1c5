import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { contactLocator, locatorSegment } from '../../descriptions/rlc';
import { spruceApiRequest } from '../../transport';
import { toItems } from '../output';

const properties: INodeProperties[] = [contactLocator];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	const { id, segment } = locatorSegment(this, itemIndex, 'contact', 'contactId');
	const { body } = await spruceApiRequest.call(this, {
		method: 'GET',
		path: `/contacts/${segment}`,
		action: 'get the contact',
		notFound: `no contact "${id}" that this token can see.`,
		itemIndex,
	});
	return toItems(itemIndex, body as IDataObject);
}
