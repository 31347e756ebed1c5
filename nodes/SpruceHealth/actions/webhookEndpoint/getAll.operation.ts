import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getMany, getManyFields } from '../getMany';

export const description = updateDisplayOptions(
	{ show: { resource: ['webhookEndpoint'], operation: ['getAll'] } },
	getManyFields(),
);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	// Spruce answers the whole list at once (no paging): the limit cuts it here.
	return await getMany.call(this, itemIndex, {
		path: '/webhooks/endpoints',
		listKey: 'endpoints',
		action: 'list the webhook endpoints',
	});
}
