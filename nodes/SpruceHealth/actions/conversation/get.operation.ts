import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { conversationLocator, locatorSegment } from '../../descriptions/rlc';
import { spruceApiRequest } from '../../transport';
import { toItems } from '../output';

const properties: INodeProperties[] = [{ ...conversationLocator, description: 'The conversation to get' }];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	const { id, segment } = locatorSegment(this, itemIndex, 'conversation', 'conversationId');
	const { body } = await spruceApiRequest.call(this, {
		method: 'GET',
		path: `/conversations/${segment}`,
		action: 'get the conversation',
		notFound: `no conversation "${id}" that this token can see.`,
		itemIndex,
	});
	return toItems(itemIndex, ((body as IDataObject).conversation as IDataObject | undefined) ?? (body as IDataObject));
}
