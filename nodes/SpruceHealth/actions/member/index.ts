import type { INodeProperties } from 'n8n-workflow';

import { operation, type OperationRegistry } from '../node.type';
import { operationField } from '../resource';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getTeamMembers from './getTeamMembers.operation';

export const operations: OperationRegistry['member'] = {
	get: operation(get),
	getAll: operation(getAll),
	getTeamMembers: operation(getTeamMembers),
};

export const description: INodeProperties[] = [
	operationField(
		'member',
		[
			{
				name: 'Get',
				value: 'get',
				action: 'Get a member',
				description: 'Get a teammate, team or the organization',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many members',
				description: 'Teammates, teams and the organization',
			},
			{ name: 'Get Team Members', value: 'getTeamMembers', action: 'Get the members of a team' },
		],
		'getAll',
	),
	...get.description,
	...getAll.description,
	...getTeamMembers.description,
];
