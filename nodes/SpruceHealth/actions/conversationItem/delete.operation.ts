import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { conversationItemLocator, locatorSegment } from '../../descriptions/rlc';
import { spruceApiRequest } from '../../transport';
import type { PreparedItem } from '../node.type';
import { toItems } from '../output';

const properties: INodeProperties[] = [{ ...conversationItemLocator, description: 'The message to delete' }];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversationItem'], operation: ['delete'] } },
	properties,
);

interface PreparedDelete extends PreparedItem {
	id: string;
	segment: string;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedDelete> {
	return locatorSegment(this, itemIndex, 'conversationItem', 'conversationItemId');
}

export async function execute(this: IExecuteFunctions, itemIndex: number, item: PreparedDelete) {
	const { body } = await spruceApiRequest.call(this, {
		method: 'DELETE',
		path: `/conversationItems/${item.segment}`,
		action: 'delete the conversation item',
		notFound: `no conversation item "${item.id}" that this token can see (it may be deleted already).`,
		itemIndex,
	});
	return toItems(itemIndex, { conversationItemId: item.id, deleted: true, requestId: (body as IDataObject)?.requestId ?? null });
}
