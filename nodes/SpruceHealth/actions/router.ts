import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../descriptions/requestOptions';
import type { ReadyItem } from './node.type';
import { findOperation } from './operations';
import { readingFixedParametersOnce } from './parameters';

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
 * On Fail" a failed item becomes an error item and the rest go on; without it, bad input stops
 * the node before anything is sent, nothing new starts after a failure while sending, and the
 * earliest failure is thrown once in-flight items have finished.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = findOperation(resource, operationName);
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

	const prepared: Array<ReadyItem | undefined> = new Array(items.length);
	const ctx = readingFixedParametersOnce(this);
	for (let i = 0; i < items.length; i++) {
		try {
			prepared[i] = await operation.check(ctx, i);
		} catch (error) {
			failures.set(i, asNodeError(this, error, i));
			if (!continueOnFail) throw failures.get(i);
		}
	}

	const concurrency = Math.min(
		MAX_CONCURRENCY,
		Math.max(1, Math.floor(Number(this.getNodeParameter('options.concurrency', 0, DEFAULT_CONCURRENCY)) || 1)),
	);
	const signal = this.getExecutionCancelSignal();
	const pool = new OrderedPool(
		concurrency,
		async (i) => {
			try {
				output[i] = await prepared[i]!.run();
			} catch (error) {
				failures.set(i, asNodeError(this, error, i));
			}
			prepared[i] = undefined;
		},
		() => (!continueOnFail && failures.size > 0) || signal?.aborted === true,
	);
	for (let i = 0; i < items.length; i++) {
		if (prepared[i]) pool.add(i, prepared[i]!.orderingKey ?? `item:${i}`);
	}
	await pool.drain();

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
 * Runs a task per index with at most `limit` at once; indexes with the same key run one after
 * another in the order they were added. Of the indexes that may start, the earliest goes first.
 */
export class OrderedPool {
	/** Per key, the indexes not finished yet; the first one is running or ready. */
	private readonly queues = new Map<string, number[]>();
	/** Keys whose first index may start now, ordered by that index (a binary min-heap). */
	private readonly ready: Array<[number, string]> = [];
	private running = 0;
	private spacing?: Promise<void>;
	private waiting: Array<() => void> = [];

	constructor(
		private readonly limit: number,
		private readonly task: (index: number) => Promise<void>,
		private readonly shouldStop: () => boolean,
	) {}

	add(index: number, key: string): void {
		const queue = this.queues.get(key);
		if (queue) {
			queue.push(index);
			return;
		}
		this.queues.set(key, [index]);
		this.push([index, key]);
		this.startMore();
	}

	/** Resolves when nothing runs and nothing more will start. */
	async drain(): Promise<void> {
		while (this.running > 0 || (this.ready.length > 0 && !this.shouldStop())) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		}
	}

	/**
	 * Starts the earliest ready index, at most one per turn of the event loop: a request only goes
	 * on the wire once the JavaScript thread lets go, so requests started in one go leave together,
	 * come back together, and leave the thread idle while they are out. Spread out, answers arrive
	 * one by one and each next request leaves while the others are still out.
	 */
	private startMore(): void {
		if (this.spacing || this.running >= this.limit || this.ready.length === 0 || this.shouldStop()) return;
		this.spacing = sleep(0).then(() => {
			this.spacing = undefined;
			this.startMore();
			this.wake();
		});
		const [index, key] = this.pop()!;
		this.running++;
		void this.task(index).finally(() => {
			this.running--;
			const queue = this.queues.get(key)!;
			queue.shift();
			if (queue.length > 0) this.push([queue[0], key]);
			else this.queues.delete(key);
			this.startMore();
			this.wake();
		});
	}

	private wake(): void {
		const waiting = this.waiting;
		this.waiting = [];
		for (const resolve of waiting) resolve();
	}

	private push(entry: [number, string]): void {
		const ready = this.ready;
		ready.push(entry);
		for (let c = ready.length - 1; c > 0; ) {
			const p = (c - 1) >> 1;
			if (ready[p][0] <= ready[c][0]) break;
			[ready[p], ready[c]] = [ready[c], ready[p]];
			c = p;
		}
	}

	private pop(): [number, string] | undefined {
		const ready = this.ready;
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
	}
}
