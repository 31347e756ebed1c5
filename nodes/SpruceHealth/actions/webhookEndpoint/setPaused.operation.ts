import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { writeKeyFor, writeOptions } from '../write';
import { locatorSegment } from '../../descriptions/rlc';
import { spruceApiRequest } from '../../transport';
import type { PreparedItem } from '../node.type';
import { toItems } from '../output';
import { endpointPath, webhookEndpointLocator } from './locator';

const properties: INodeProperties[] = [
	webhookEndpointLocator,
	{
		displayName: 'Paused',
		name: 'paused',
		type: 'boolean',
		default: true,
		description: 'Whether Spruce holds events for the endpoint (on) or delivers them again (off)',
	},
	writeOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhookEndpoint'], operation: ['setPaused'] } },
	properties,
);

interface PreparedPause extends PreparedItem {
	id: string;
	segment: string;
	paused: boolean;
	idempotencyKey: string;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedPause> {
	const target = locatorSegment(this, itemIndex, 'webhookEndpoint', 'endpointId');
	return {
		...target,
		orderingKey: `webhookEndpoint:${target.id}`,
		paused: this.getNodeParameter('paused', itemIndex, true) === true,
		idempotencyKey: writeKeyFor(this, itemIndex),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number, item: PreparedPause) {
	const response = await spruceApiRequest.call(this, {
		method: 'POST',
		path: `${endpointPath(item.segment)}/paused`,
		qs: { paused: item.paused },
		idempotencyKey: item.idempotencyKey,
		action: item.paused ? 'pause the webhook endpoint' : 'resume the webhook endpoint',
		notFound: `no webhook endpoint "${item.id}" that this token can see.`,
		itemIndex,
	});
	const paused = response.duplicate ? item.paused : (response.body as IDataObject).paused;
	return toItems(itemIndex, {
		id: item.id,
		paused,
		idempotencyKey: item.idempotencyKey,
		duplicate: response.duplicate,
	});
}
