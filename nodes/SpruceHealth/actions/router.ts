import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../descriptions/requestOptions';
import type { ItemOperation, PreparedItem } from './types';
import * as message from './message';

const operations: Record<string, Record<string, ItemOperation<PreparedItem>>> = {
	message: message.operations,
};

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	const { description, httpCode, context } = error as NodeApiError;
	if (description) json.description = description;
	if (httpCode) json.httpCode = httpCode;
	// Spruce's own answer (status, type, message, request id), for a log or a support ticket.
	if (context?.data && typeof context.data === 'object') json.details = context.data as IDataObject;
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * The one per-item loop. Every item is checked before anything is sent; then items run with up
 * to `concurrency` requests in flight, items that share an ordering key (a conversation) one at a
 * time in input order. Output is in input order, each item paired with its input. With "Continue
 * On Fail" a failed item becomes an error item and the rest go on; without it, nothing new starts
 * after a failure and the earliest failure is thrown once in-flight items have finished.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of resource "${resource}" is not supported`,
			{ description: 'Pick a resource and an operation from the lists in the node.' },
		);
	}
	const continueOnFail = this.continueOnFail();
	const output: INodeExecutionData[][] = new Array(items.length);
	const failures = new Map<number, Error>();

	const prepared: Array<PreparedItem | undefined> = new Array(items.length);
	for (let i = 0; i < items.length; i++) {
		try {
			prepared[i] = await operation.prepare.call(this, i);
		} catch (error) {
			failures.set(i, asNodeError(this, error, i));
			if (!continueOnFail) throw failures.get(i);
		}
	}

	const concurrency = Math.min(
		MAX_CONCURRENCY,
		Math.max(1, Math.floor(Number(this.getNodeParameter('options.concurrency', 0, DEFAULT_CONCURRENCY)) || 1)),
	);
	const runnable = prepared.flatMap((p, i) => (p ? [i] : []));
	const keyOf = (i: number) => prepared[i]?.orderingKey ?? `item:${i}`;
	const signal = this.getExecutionCancelSignal();
	await runInOrderPerKey(
		runnable,
		keyOf,
		concurrency,
		async (i) => {
			try {
				output[i] = await operation.execute.call(this, i, prepared[i]!);
			} catch (error) {
				failures.set(i, asNodeError(this, error, i));
			}
			prepared[i] = undefined;
		},
		() => (!continueOnFail && failures.size > 0) || signal?.aborted === true,
	);

	if (!continueOnFail && failures.size > 0) {
		throw failures.get(Math.min(...failures.keys()));
	}
	const result: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const failure = failures.get(i);
		if (failure) result.push(errorItem(failure, i));
		else if (output[i]) result.push(...output[i]);
	}
	return [result];
}

/**
 * Runs `task` for each index with at most `limit` at once; indexes with the same key run one
 * after another in the order given. The earliest ready index always goes first.
 */
export async function runInOrderPerKey(
	indexes: number[],
	keyOf: (index: number) => string,
	limit: number,
	task: (index: number) => Promise<void>,
	shouldStop: () => boolean,
): Promise<void> {
	const queues = new Map<string, number[]>();
	for (const index of indexes) {
		const key = keyOf(index);
		const queue = queues.get(key);
		if (queue) queue.push(index);
		else queues.set(key, [index]);
	}
	// Keys whose next index may start now, ordered by that index (a binary min-heap).
	const ready: Array<[number, string]> = [];
	const push = (entry: [number, string]) => {
		ready.push(entry);
		for (let c = ready.length - 1; c > 0; ) {
			const p = (c - 1) >> 1;
			if (ready[p][0] <= ready[c][0]) break;
			[ready[p], ready[c]] = [ready[c], ready[p]];
			c = p;
		}
	};
	const pop = (): [number, string] | undefined => {
		const top = ready[0];
		const last = ready.pop();
		if (ready.length > 0 && last) {
			ready[0] = last;
			for (let p = 0; ; ) {
				const l = 2 * p + 1;
				const r = l + 1;
				let m = p;
				if (l < ready.length && ready[l][0] < ready[m][0]) m = l;
				if (r < ready.length && ready[r][0] < ready[m][0]) m = r;
				if (m === p) break;
				[ready[p], ready[m]] = [ready[m], ready[p]];
				p = m;
			}
		}
		return top;
	};
	for (const [key, queue] of queues) push([queue[0], key]);

	await new Promise<void>((resolve) => {
		let running = 0;
		const startMore = () => {
			while (running < limit && ready.length > 0 && !shouldStop()) {
				const [index, key] = pop()!;
				running++;
				void task(index).finally(() => {
					running--;
					const queue = queues.get(key)!;
					queue.shift();
					if (queue.length > 0) push([queue[0], key]);
					startMore();
				});
			}
			if (running === 0) resolve();
		};
		startMore();
	});
}
