import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { optionsField } from '../descriptions/collections';
import { idempotencyKeyField } from '../descriptions/requestOptions';
import { spruceApiRequest } from '../transport';
import { idempotencyKeyFor } from '../transport/idempotency';
import type { PreparedItem } from './node.type';
import { toItems } from './output';

/** "Options" of a write whose one option is the idempotency key. */
export const writeOptions: INodeProperties = optionsField([idempotencyKeyField]);

/** The item's idempotency key: Options → Duplicate Protection Key, or one made for this item and run. */
export function writeKeyFor(ctx: IExecuteFunctions, itemIndex: number): string {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as { idempotencyKey?: string };
	return idempotencyKeyFor(ctx, itemIndex, options.idempotencyKey);
}

/** An ISO date-time from a date field, undefined when empty; anything else fails naming the field. */
export function dateTimeFrom(ctx: IExecuteFunctions, itemIndex: number, raw: unknown, field: string): string | undefined {
	if (raw === undefined || raw === null || raw === '') return undefined;
	const at = Date.parse(String(raw));
	if (Number.isNaN(at)) {
		throw new NodeOperationError(ctx.getNode(), `${field}: "${String(raw)}" is not a date and time`, {
			itemIndex,
			description: `Pick a date and time in ${field}, or remove it.`,
		});
	}
	return new Date(at).toISOString();
}

/** An Update's PATCH of one object, checked and keyed before anything is sent. */
export interface PreparedPatch extends PreparedItem {
	/** in messages: "no contact …" */
	noun: string;
	id: string;
	path: string;
	body: IDataObject;
	idempotencyKey: string;
}

/** The PATCH of one object for an item; items updating the same object go in input order. */
export function preparePatch(
	ctx: IExecuteFunctions,
	itemIndex: number,
	target: { noun: string; id: string; path: string },
	body: IDataObject,
): PreparedPatch {
	return {
		...target,
		body,
		idempotencyKey: writeKeyFor(ctx, itemIndex),
		orderingKey: `${target.noun}:${target.id}`,
	};
}

/** An Update's `execute`: the output is the object as Spruce returns it (or the duplicate marker). */
export async function patchObject(
	this: IExecuteFunctions,
	itemIndex: number,
	request: PreparedPatch,
): Promise<INodeExecutionData[]> {
	const { body, duplicate } = await spruceApiRequest.call(this, {
		method: 'PATCH',
		path: request.path,
		body: request.body,
		idempotencyKey: request.idempotencyKey,
		action: `update the ${request.noun}`,
		notFound: `no ${request.noun} "${request.id}" that this token can see.`,
		itemIndex,
	});
	return toItems(
		itemIndex,
		duplicate ? { id: request.id, duplicate: true, idempotencyKey: request.idempotencyKey } : (body as IDataObject),
	);
}
