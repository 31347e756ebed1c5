import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { spruceApiRequestAllPages, type SpruceListRequest } from '../transport';
import type { ReadOperationModule, SpruceResource } from './node.type';
import { toItems } from './output';

export const DEFAULT_LIMIT = 50;

/** `returnAll` and `limit`, as every Get Many operation shows them. */
export function getManyFields(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/**
 * Reads a Spruce list for one item as the user's Return All / Limit ask, one output item per
 * entry, all paired with that input item. Pages are as large as the route allows, and the last
 * one asks only for what the limit still needs.
 */
export async function getMany(
	this: IExecuteFunctions,
	itemIndex: number,
	request: Omit<SpruceListRequest, 'limit' | 'itemIndex'>,
) {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	let limit: number | undefined;
	if (!returnAll) {
		limit = Number(this.getNodeParameter('limit', itemIndex, DEFAULT_LIMIT));
		if (!Number.isInteger(limit) || limit < 1) {
			throw new NodeOperationError(this.getNode(), `Limit must be a whole number of at least 1, not ${limit}`, {
				itemIndex,
				description: 'Enter how many results to return in Limit, or turn on Return All.',
			});
		}
	}
	const entries = await spruceApiRequestAllPages.call<
		IExecuteFunctions,
		[SpruceListRequest],
		Promise<IDataObject[]>
	>(this, { ...request, limit, itemIndex });
	return toItems(itemIndex, entries);
}

/** A Get Many operation with no fields but Return All / Limit: one Spruce list, as it comes. */
export function listOperation(
	resource: SpruceResource,
	request: Omit<SpruceListRequest, 'limit' | 'itemIndex'>,
): ReadOperationModule {
	return {
		description: updateDisplayOptions(
			{ show: { resource: [resource], operation: ['getAll'] } },
			getManyFields(),
		),
		async execute(this: IExecuteFunctions, itemIndex: number) {
			return await getMany.call(this, itemIndex, request);
		},
	};
}
