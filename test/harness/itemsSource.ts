import type {
	IBinaryData,
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { BINARY_ENCODING, NodeConnectionTypes, NodeOperationError, jsonParse } from 'n8n-workflow';

export const ITEMS_SOURCE_NODE_TYPE = 'harness.itemsSource';
export const ITEMS_SOURCE_NODE_NAME = 'Items Source';

/** Binary as given to the harness: base64 `data` inline (an already stored `IBinaryData` with an `id` is passed through). */
export interface HarnessBinaryInput {
	data: string;
	mimeType?: string;
	fileName?: string;
	id?: string;
}

/** Serialise items into the source node's `items` parameter. */
export function encodeItems(items: INodeExecutionData[]): string {
	return JSON.stringify(
		items.map(({ json, binary }) => (binary ? { json: json ?? {}, binary } : { json: json ?? {} })),
	);
}

/**
 * Test-only source node: emits the items held in its `items` parameter (JSON), storing every
 * binary property through n8n's binary data helpers (`prepareBinaryData`), exactly as a real
 * upstream node (HTTP Request, Read File, ...) would, so the node under test can use
 * `this.helpers.assertBinaryData` / `getBinaryDataBuffer`.
 */
export class ItemsSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Items Source (test harness)',
		name: ITEMS_SOURCE_NODE_TYPE,
		group: ['input'],
		version: 1,
		description: 'Emits fixed items (json + binary) for tests',
		defaults: { name: ITEMS_SOURCE_NODE_NAME },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Items',
				name: 'items',
				type: 'json',
				default: '[]',
				description: 'JSON array of {json, binary?: {[key]: {data: base64, mimeType, fileName}}}',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as unknown;
		const parsed = typeof raw === 'string' ? jsonParse<unknown>(raw) : raw;
		if (!Array.isArray(parsed)) {
			throw new NodeOperationError(this.getNode(), 'The "items" parameter must be a JSON array');
		}

		const output: INodeExecutionData[] = [];
		for (const entry of parsed as Array<{ json?: IDataObject; binary?: Record<string, HarnessBinaryInput> }>) {
			const item: INodeExecutionData = { json: entry.json ?? {} };
			if (entry.binary) {
				const binary: IBinaryKeyData = {};
				for (const [key, value] of Object.entries(entry.binary)) {
					if (value.id) {
						binary[key] = value as unknown as IBinaryData;
						continue;
					}
					const buffer = Buffer.from(value.data, BINARY_ENCODING);
					binary[key] = await this.helpers.prepareBinaryData(buffer, value.fileName, value.mimeType);
				}
				item.binary = binary;
			}
			output.push(item);
		}
		return [output];
	}
}
