import type { IBinaryKeyData, IDataObject, INodeExecutionData } from 'n8n-workflow';

/**
 * The output items of one input item: one per object (a list gives many), each paired with the
 * input item it came from.
 */
export function toItems(
	itemIndex: number,
	data: IDataObject | IDataObject[],
	binary?: IBinaryKeyData,
): INodeExecutionData[] {
	const list = Array.isArray(data) ? data : [data];
	return list.map((json) => ({ json, ...(binary ? { binary } : {}), pairedItem: { item: itemIndex } }));
}
