import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { conversationLocator } from '../../descriptions/rlc';
import { getOne } from '../resource';

const properties: INodeProperties[] = [{ ...conversationLocator, description: 'The conversation to get' }];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	return await getOne(this, itemIndex, {
		kind: 'conversation',
		parameter: 'conversationId',
		noun: 'conversation',
		path: (segment) => `/conversations/${segment}`,
		unwrap: 'conversation',
	});
}
