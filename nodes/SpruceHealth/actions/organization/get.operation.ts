import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { spruceApiRequest } from '../../transport';
import { toItems } from '../output';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions(
	{ show: { resource: ['organization'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	const { body } = await spruceApiRequest.call(this, {
		method: 'GET',
		path: '/organization',
		action: 'get the organization',
		itemIndex,
	});
	return toItems(
		itemIndex,
		((body as IDataObject).organization as IDataObject | undefined) ?? (body as IDataObject),
	);
}
