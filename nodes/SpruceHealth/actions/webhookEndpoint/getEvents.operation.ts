import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { locatorSegment } from '../../descriptions/rlc';
import { filtersField } from '../../descriptions/collections';
import { getMany, getManyFields } from '../getMany';
import { dateTimeFrom } from '../write';
import { endpointPath, webhookEndpointLocator } from './locator';

const properties: INodeProperties[] = [
	{ ...webhookEndpointLocator, description: 'The webhook endpoint whose deliveries to get' },
	...getManyFields(),
	filtersField([
		{
			displayName: 'From',
			name: 'startTime',
			type: 'dateTime',
			default: '',
			description: 'Only events at or after this time',
		},
		{
			displayName: 'Until',
			name: 'endTime',
			type: 'dateTime',
			default: '',
			description: 'Only events before this time',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhookEndpoint'], operation: ['getEvents'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	const { id, segment } = locatorSegment(this, itemIndex, 'webhookEndpoint', 'endpointId');
	const filters = this.getNodeParameter('filters', itemIndex, {}) as Record<
		string,
		string | undefined
	>;
	const qs = {
		startTime: dateTimeFrom(this, itemIndex, filters.startTime, 'Filters → From'),
		endTime: dateTimeFrom(this, itemIndex, filters.endTime, 'Filters → Until'),
	};
	// The route takes no page size: Spruce sizes its pages, the limit stops the reading.
	return await getMany.call(this, itemIndex, {
		path: `${endpointPath(segment)}/events`,
		qs,
		listKey: 'events',
		action: 'list the deliveries of the webhook endpoint',
		notFound: `no webhook endpoint "${id}" that this token can see.`,
	});
}
