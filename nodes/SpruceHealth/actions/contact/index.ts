import type { INodeProperties } from 'n8n-workflow';

import { operation, type OperationRegistry } from '../node.type';
import { operationField } from '../resource';
import * as addIntegrationLink from './addIntegrationLink.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getConversations from './getConversations.operation';
import * as invite from './invite.operation';
import * as removeIntegrationLink from './removeIntegrationLink.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export const operations: OperationRegistry['contact'] = {
	addIntegrationLink: operation(addIntegrationLink),
	create: operation(create),
	delete: operation(del),
	get: operation(get),
	getAll: operation(getAll),
	getConversations: operation(getConversations),
	invite: operation(invite),
	removeIntegrationLink: operation(removeIntegrationLink),
	update: operation(update),
	upsert: operation(upsert),
};

export const description: INodeProperties[] = [
	operationField(
		'contact',
		[
			{
				name: 'Add Integration Link',
				value: 'addIntegrationLink',
				action: 'Link a contact to an EHR record',
				description: 'Link the contact to its record in your EHR or another system',
			},
			{ name: 'Create', value: 'create', action: 'Create a contact' },
			{
				name: 'Create or Update',
				value: 'upsert',
				action: 'Create or update a contact',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
			},
			{ name: 'Delete', value: 'delete', action: 'Delete a contact' },
			{ name: 'Get', value: 'get', action: 'Get a contact' },
			{ name: 'Get Conversations', value: 'getConversations', action: 'Get conversations of a contact' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many contacts', description: 'List or search contacts' },
			{
				name: 'Invite to Spruce',
				value: 'invite',
				action: 'Send a contact an app invitation',
				description: 'Invite the contact to a Spruce account for secure messaging',
			},
			{ name: 'Remove Integration Link', value: 'removeIntegrationLink', action: 'Remove a contact integration link' },
			{ name: 'Update', value: 'update', action: 'Update a contact' },
		],
		'upsert',
	),
	...upsert.description,
	...create.description,
	...get.description,
	...getAll.description,
	...update.description,
	...del.description,
	...getConversations.description,
	...invite.description,
	...addIntegrationLink.description,
	...removeIntegrationLink.description,
];
