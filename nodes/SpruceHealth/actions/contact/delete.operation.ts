import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { contactLocator, locatorSegment } from '../../descriptions/rlc';
import { spruceApiRequest } from '../../transport';
import type { PreparedItem } from '../node.type';
import { toItems } from '../output';

const properties: INodeProperties[] = [
	{ ...contactLocator, description: 'The contact to delete. Its conversations stay in Spruce.' },
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['delete'] } }, properties);

interface PreparedDelete extends PreparedItem {
	id: string;
	segment: string;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedDelete> {
	return locatorSegment(this, itemIndex, 'contact', 'contactId');
}

export async function execute(this: IExecuteFunctions, itemIndex: number, { id, segment }: PreparedDelete) {
	await spruceApiRequest.call(this, {
		method: 'DELETE',
		path: `/contacts/${segment}`,
		action: 'delete the contact',
		notFound: `no contact "${id}" that this token can see (it may be deleted already).`,
		itemIndex,
	});
	return toItems(itemIndex, { contactId: id, deleted: true });
}
