import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { makeLocator } from '../../descriptions/rlc';
import { getOne } from '../resource';

const properties: INodeProperties[] = [
	makeLocator('member', {
		displayName: 'Member',
		name: 'memberId',
		required: true,
		description: 'The teammate, team or organization to get',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['member'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	return await getOne(this, itemIndex, {
		kind: 'member',
		parameter: 'memberId',
		noun: 'member',
		path: (segment) => `/organization/members/${segment}`,
	});
}
