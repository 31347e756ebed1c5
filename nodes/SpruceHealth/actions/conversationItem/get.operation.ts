import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { conversationItemLocator, locatorSegment } from '../../descriptions/rlc';
import { spruceApiRequest } from '../../transport';
import { toItems } from '../output';

const properties: INodeProperties[] = [conversationItemLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversationItem'], operation: ['get'] } },
	properties,
);

/** GET /conversationItems/{id}: the item, for this operation and the ones built on it. */
export async function fetchItem(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const { id, segment } = locatorSegment(ctx, itemIndex, 'conversationItem', 'conversationItemId');
	const { body } = await spruceApiRequest.call(ctx, {
		method: 'GET',
		path: `/conversationItems/${segment}`,
		action: 'get the conversation item',
		notFound: `no conversation item "${id}" that this token can see.`,
		itemIndex,
	});
	return ((body as IDataObject).conversationItem as IDataObject | undefined) ?? {};
}

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	return toItems(itemIndex, await fetchItem(this, itemIndex));
}
