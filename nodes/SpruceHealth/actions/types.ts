import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** What an operation learned about an item while checking it, before anything is sent. */
export interface PreparedItem {
	/** Items with the same key are sent one at a time, in input order (e.g. one conversation). */
	orderingKey?: string;
}

/** One operation: check an item (throwing on bad input, sending nothing), then run it. */
export interface ItemOperation<P extends PreparedItem = PreparedItem> {
	prepare(this: IExecuteFunctions, itemIndex: number): Promise<P>;
	execute(this: IExecuteFunctions, itemIndex: number, prepared: P): Promise<INodeExecutionData[]>;
}
