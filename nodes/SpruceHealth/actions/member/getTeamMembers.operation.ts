import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { locatorSegment, makeLocator } from '../../descriptions/rlc';
import { getMany, getManyFields } from '../getMany';

const properties: INodeProperties[] = [
	makeLocator('team', {
		displayName: 'Team',
		name: 'teamId',
		required: true,
		description: 'The team whose members to get',
	}),
	...getManyFields(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['getTeamMembers'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	const { id, segment } = locatorSegment(this, itemIndex, 'team', 'teamId');
	return await getMany.call(this, itemIndex, {
		path: `/teams/${segment}/members`,
		listKey: 'members',
		pageSize: 500,
		action: 'list the members of the team',
		notFound: `no team "${id}" that this token can see.`,
	});
}
