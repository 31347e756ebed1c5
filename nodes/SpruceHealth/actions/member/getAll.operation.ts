import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { filtersField } from '../../descriptions/collections';
import { getMany, getManyFields } from '../getMany';

const properties: INodeProperties[] = [
	...getManyFields(),
	filtersField([
		{
			displayName: 'Type',
			name: 'type',
			type: 'multiOptions',
			options: [
				{ name: 'Organization', value: 'organization' },
				{ name: 'Team', value: 'team' },
				{ name: 'Teammate', value: 'teammate' },
			],
			default: [],
			description: 'Only members of these types (none chosen: every type)',
		},
		{
			displayName: 'Include Suspended',
			name: 'includeSuspended',
			type: 'boolean',
			default: false,
			description: 'Whether to include suspended teammates (they cannot sign in or get messages)',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as {
		type?: string[];
		includeSuspended?: boolean;
	};
	const types = filters.type ?? [];
	const wanted = (member: IDataObject) =>
		(types.length === 0 || types.includes(String(member.type))) &&
		(filters.includeSuspended === true || member.isSuspended !== true);
	// Spruce lists every member; the filters apply here (full pages, stopping at the limit).
	const filtered = types.length > 0 || filters.includeSuspended !== true;
	return await getMany.call(this, itemIndex, {
		path: '/organization/members',
		listKey: 'members',
		pageSize: 500,
		minPageSize: 2,
		keep: filtered ? wanted : undefined,
		action: "list the organization's members",
	});
}
