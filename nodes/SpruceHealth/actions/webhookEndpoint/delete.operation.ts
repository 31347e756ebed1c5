import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { locatorSegment } from '../../descriptions/rlc';
import type { PreparedItem } from '../node.type';
import { deleteOne } from '../resource';
import { endpointPath, webhookEndpointLocator } from './locator';

export const description = updateDisplayOptions(
	{ show: { resource: ['webhookEndpoint'], operation: ['delete'] } },
	[
		{
			...webhookEndpointLocator,
			description: 'The webhook endpoint to delete: Spruce stops sending events to it',
		},
	],
);

interface PreparedDelete extends PreparedItem {
	id: string;
	segment: string;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedDelete> {
	return locatorSegment(this, itemIndex, 'webhookEndpoint', 'endpointId');
}

export async function execute(this: IExecuteFunctions, itemIndex: number, target: PreparedDelete) {
	return await deleteOne(this, itemIndex, { noun: 'webhook endpoint', path: endpointPath }, target);
}
