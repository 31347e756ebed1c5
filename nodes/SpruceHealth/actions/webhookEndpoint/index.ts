import type { INodeProperties } from 'n8n-workflow';

import { operation, type OperationRegistry } from '../node.type';
import { operationField } from '../resource';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getEvents from './getEvents.operation';
import * as setPaused from './setPaused.operation';

export const operations: OperationRegistry['webhookEndpoint'] = {
	create: operation(create),
	delete: operation(del),
	get: operation(get),
	getAll: operation(getAll),
	getEvents: operation(getEvents),
	setPaused: operation(setPaused),
};

export const description: INodeProperties[] = [
	operationField(
		'webhookEndpoint',
		[
			{
				name: 'Create',
				value: 'create',
				action: 'Create a webhook endpoint',
				description: 'Register a URL for Spruce events (shows its signing secret once)',
			},
			{ name: 'Delete', value: 'delete', action: 'Delete a webhook endpoint' },
			{ name: 'Get', value: 'get', action: 'Get a webhook endpoint' },
			{
				name: 'Get Deliveries',
				value: 'getEvents',
				action: 'Get the deliveries of a webhook endpoint',
				description: 'Events sent to the endpoint and how their delivery went',
			},
			{ name: 'Get Many', value: 'getAll', action: 'Get many webhook endpoints' },
			{ name: 'Pause or Resume', value: 'setPaused', action: 'Pause or resume a webhook endpoint' },
		],
		'getAll',
	),
	...create.description,
	...del.description,
	...get.description,
	...getAll.description,
	...getEvents.description,
	...setPaused.description,
];
