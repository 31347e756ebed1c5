import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getOne } from '../resource';
import { endpointPath, webhookEndpointLocator } from './locator';

export const description = updateDisplayOptions(
	{ show: { resource: ['webhookEndpoint'], operation: ['get'] } },
	[webhookEndpointLocator],
);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	return await getOne(this, itemIndex, {
		kind: 'webhookEndpoint',
		parameter: 'endpointId',
		noun: 'webhook endpoint',
		path: endpointPath,
		unwrap: 'endpoint',
	});
}
