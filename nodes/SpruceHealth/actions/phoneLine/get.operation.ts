import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { makeLocator } from '../../descriptions/rlc';
import { getOne } from '../resource';

const properties: INodeProperties[] = [
	makeLocator('phoneLine', {
		displayName: 'Phone Line',
		name: 'phoneLineId',
		required: true,
		description: 'The phone line to get',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['phoneLine'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	return await getOne(this, itemIndex, {
		kind: 'phoneLine',
		parameter: 'phoneLineId',
		noun: 'phone line',
		path: (segment) => `/phonelines/${segment}`,
	});
}
