import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/** Every resource and its operations: the values saved in users' workflows. */
export type SpruceMap = {
	call: 'create';
	contact:
		| 'addIntegrationLink'
		| 'create'
		| 'delete'
		| 'get'
		| 'getAll'
		| 'getConversations'
		| 'invite'
		| 'removeIntegrationLink'
		| 'update'
		| 'upsert';
	contactField: 'create' | 'getAll';
	contactTag: 'create' | 'getAll';
	conversation: 'create' | 'get' | 'getAll' | 'update';
	conversationItem: 'delete' | 'downloadAttachments' | 'get' | 'getAll' | 'getTranscription';
	conversationTag: 'create' | 'getAll';
	internalEndpoint: 'getAll';
	media: 'upload';
	member: 'get' | 'getAll' | 'getTeamMembers';
	message: 'post' | 'send';
	organization: 'get';
	phoneLine: 'get' | 'getAll';
	savedMessage: 'getAll';
	scheduledMessage: 'create' | 'delete' | 'getAll';
	webhookEndpoint: 'create' | 'delete' | 'get' | 'getAll' | 'getEvents' | 'setPaused';
};

export type SpruceResource = keyof SpruceMap;

/** What an operation learned about an item while checking it, before anything is sent. */
export interface PreparedItem {
	/** Items with the same key are sent one at a time, in input order (e.g. one conversation). */
	orderingKey?: string;
}

/** An item that passed its checks: the ordering key and the work still to do for it. */
export interface ReadyItem {
	orderingKey?: string;
	run: () => Promise<INodeExecutionData[]>;
}

/** An operation as the router sees it: check one item (sending nothing), get its work back. */
export interface NodeOperation {
	check: (ctx: IExecuteFunctions, itemIndex: number) => Promise<ReadyItem>;
}

// Property (not method) signatures: tsc then checks parameters strictly, so an `execute` that
// takes something other than what `prepare` returns does not compile.

/** An operation that checks every item first (writes): `prepare` throws on bad input. */
export interface PreparingOperationModule<P extends PreparedItem> {
	description: INodeProperties[];
	prepare: (this: IExecuteFunctions, itemIndex: number) => Promise<P>;
	execute: (this: IExecuteFunctions, itemIndex: number, prepared: P) => Promise<INodeExecutionData[]>;
}

/** A read: nothing to check before sending, `execute` validates what it reads. */
export interface ReadOperationModule {
	description: INodeProperties[];
	prepare?: undefined;
	execute: (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;
}

/** Turns an operation file (`import * as x from './x.operation'`) into a registry entry. */
export function operation<P extends PreparedItem>(module: PreparingOperationModule<P>): NodeOperation;
export function operation(module: ReadOperationModule): NodeOperation;
export function operation<P extends PreparedItem>(
	module: PreparingOperationModule<P> | ReadOperationModule,
): NodeOperation {
	if (module.prepare === undefined) {
		const { execute } = module;
		return {
			check: async (ctx, itemIndex) => ({ run: async () => await execute.call(ctx, itemIndex) }),
		};
	}
	const { prepare, execute } = module;
	return {
		check: async (ctx, itemIndex) => {
			const prepared = await prepare.call(ctx, itemIndex);
			return {
				orderingKey: prepared.orderingKey,
				run: async () => await execute.call(ctx, itemIndex, prepared),
			};
		},
	};
}

/** The registry's shape: every operation of `SpruceMap`, and only those. */
export type OperationRegistry = { [R in SpruceResource]: { [O in SpruceMap[R]]: NodeOperation } };
