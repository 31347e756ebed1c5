import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getMany, getManyFields } from '../getMany';

export const description = updateDisplayOptions(
	{ show: { resource: ['savedMessage'], operation: ['getAll'] } },
	getManyFields(),
);

export async function execute(this: IExecuteFunctions, itemIndex: number) {
	return await getMany.call(this, itemIndex, {
		path: '/savedmessages',
		listKey: 'savedMessages',
		pageSize: 500,
		action: "list the organization's saved messages",
	});
}
