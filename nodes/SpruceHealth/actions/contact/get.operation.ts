import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { contactLocator } from '../../descriptions/rlc';
import { getOne } from '../resource';

const properties: INodeProperties[] = [contactLocator];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	return await getOne(this, itemIndex, {
		kind: 'contact',
		parameter: 'contactId',
		noun: 'contact',
		path: (segment) => `/contacts/${segment}`,
	});
}
