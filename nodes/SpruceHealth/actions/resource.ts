import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { locatorSegment, type LocatorKind } from '../descriptions/rlc';
import { spruceApiRequest } from '../transport';
import { toItems } from './output';

/** A resource's Operation field, shown when that resource is picked. */
export function operationField(
	resource: string,
	options: INodePropertyOptions[],
	defaultOperation: string,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
}

interface OneObject {
	kind: LocatorKind;
	/** the locator parameter naming the object */
	parameter: string;
	/** in messages: "no phone line …" */
	noun: string;
	path: (segment: string) => string;
	/** the key Spruce wraps the object in (`{ endpoint: {…} }`), if any */
	unwrap?: string;
}

/** Gets the one object an item's locator names: one output item. */
export async function getOne(ctx: IExecuteFunctions, itemIndex: number, spec: OneObject) {
	const { id, segment } = locatorSegment(ctx, itemIndex, spec.kind, spec.parameter);
	const { body } = await spruceApiRequest.call(ctx, {
		method: 'GET',
		path: spec.path(segment),
		action: `get the ${spec.noun}`,
		notFound: `no ${spec.noun} "${id}" that this token can see.`,
		itemIndex,
	});
	const object = body as IDataObject;
	return toItems(
		itemIndex,
		(spec.unwrap && (object[spec.unwrap] as IDataObject | undefined)) || object,
	);
}

/** Deletes the one object an item's locator names (already checked): `{ id, deleted: true }`. */
export async function deleteOne(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: Omit<OneObject, 'kind' | 'parameter' | 'unwrap'>,
	target: { id: string; segment: string },
) {
	await spruceApiRequest.call(ctx, {
		method: 'DELETE',
		path: spec.path(target.segment),
		action: `delete the ${spec.noun}`,
		notFound: `no ${spec.noun} "${target.id}" that this token can see (it may be deleted already).`,
		itemIndex,
	});
	return toItems(itemIndex, { id: target.id, deleted: true });
}
