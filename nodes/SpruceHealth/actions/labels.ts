/**
 * Contact tags, contact fields and conversation tags work alike: Create (an existing one is
 * returned as it is, `created: false`) and Get Many. Each operation file builds its own from here.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { writeKeyFor, writeOptions } from './write';
import { spruceApiRequest, spruceApiRequestAllPages } from '../transport';
import { listOperation } from './getMany';
import type { PreparedItem, PreparingOperationModule, ReadOperationModule } from './node.type';
import { toItems } from './output';
import { operationField } from './resource';

export interface LabelKind {
	resource: 'contactTag' | 'contactField' | 'conversationTag';
	/** in messages: "contact tag" */
	noun: string;
	path: string;
	/** the list's key in Spruce's answer */
	listKey: string;
	/** the text's field in Spruce (and the node's parameter name) */
	field: 'value' | 'name';
	displayName: string;
	placeholder: string;
}

export const CONTACT_TAG: LabelKind = {
	resource: 'contactTag',
	noun: 'contact tag',
	path: '/contacts/tags',
	listKey: 'tags',
	field: 'value',
	displayName: 'Tag',
	placeholder: 'Diabetes program',
};
export const CONTACT_FIELD: LabelKind = {
	resource: 'contactField',
	noun: 'contact field',
	path: '/contacts/fields',
	listKey: 'fields',
	field: 'name',
	displayName: 'Field Name',
	placeholder: 'Preferred Pharmacy',
};
export const CONVERSATION_TAG: LabelKind = {
	resource: 'conversationTag',
	noun: 'conversation tag',
	path: '/conversations/tags',
	listKey: 'tags',
	field: 'value',
	displayName: 'Tag',
	placeholder: 'Refill',
};

const allLabels = (ctx: IExecuteFunctions, itemIndex: number, kind: LabelKind) =>
	spruceApiRequestAllPages.call<
		IExecuteFunctions,
		Parameters<typeof spruceApiRequestAllPages>,
		Promise<IDataObject[]>
	>(ctx, {
		path: kind.path,
		listKey: kind.listKey,
		pageSize: 500,
		action: `list the ${kind.noun}s`,
		itemIndex,
	});

const sameText = (kind: LabelKind, text: string) => (label: IDataObject) =>
	String(label[kind.field] ?? '')
		.trim()
		.toLowerCase() === text.toLowerCase();

export interface PreparedLabel extends PreparedItem {
	text: string;
	idempotencyKey: string;
}

/** Create: the existing label with that text (any case), or a new one. */
export function labelCreate(kind: LabelKind): PreparingOperationModule<PreparedLabel> {
	const properties: INodeProperties[] = [
		{
			displayName: kind.displayName,
			name: kind.field,
			type: 'string',
			default: '',
			required: true,
			placeholder: kind.placeholder,
			description: `The ${kind.noun} to create. If it exists already (in any letter case), it is returned as it is, with "created": false.`,
		},
		writeOptions,
	];
	return {
		description: updateDisplayOptions(
			{ show: { resource: [kind.resource], operation: ['create'] } },
			properties,
		),
		async prepare(this: IExecuteFunctions, itemIndex: number) {
			const text = String(this.getNodeParameter(kind.field, itemIndex, '') ?? '').trim();
			if (!text) {
				throw new NodeOperationError(this.getNode(), `${kind.displayName} is empty`, {
					itemIndex,
					description: `Enter the ${kind.noun} to create.`,
				});
			}
			// Items creating the same text run one after the other, so the second finds the first's.
			return {
				text,
				orderingKey: `${kind.resource}:${text.toLowerCase()}`,
				idempotencyKey: writeKeyFor(this, itemIndex),
			};
		},
		async execute(this: IExecuteFunctions, itemIndex: number, item: PreparedLabel) {
			// Spruce answers a create of an existing label with that label, indistinguishable from a
			// new one: look first, so the output can say which it was.
			const existing = (await allLabels(this, itemIndex, kind)).find(sameText(kind, item.text));
			if (existing) return toItems(itemIndex, { ...existing, created: false });
			const response = await spruceApiRequest.call(this, {
				method: 'POST',
				path: kind.path,
				body: { [kind.field]: item.text },
				idempotencyKey: item.idempotencyKey,
				action: `create the ${kind.noun} "${item.text}"`,
				understood: (answer) => typeof answer.id === 'string' && answer.id !== '',
				itemIndex,
			});
			if (response.duplicate) {
				// Spruce refused a key it had seen: say so, with the label if it exists by now.
				const made = (await allLabels(this, itemIndex, kind)).find(sameText(kind, item.text));
				return toItems(itemIndex, {
					...(made ?? { [kind.field]: item.text }),
					created: false,
					duplicate: true,
					idempotencyKey: item.idempotencyKey,
				});
			}
			return toItems(itemIndex, { ...(response.body as IDataObject), created: true });
		},
	};
}

/** Get Many: every label of the kind, Return All / Limit. */
export function labelGetAll(kind: LabelKind): ReadOperationModule {
	return listOperation(kind.resource, {
		path: kind.path,
		listKey: kind.listKey,
		pageSize: 500,
		action: `list the ${kind.noun}s`,
	});
}

/** A label resource's Operation field and the descriptions of its two operations. */
export function labelDescription(
	kind: LabelKind,
	create: { description: INodeProperties[] },
	getAll: { description: INodeProperties[] },
): INodeProperties[] {
	return [
		operationField(
			kind.resource,
			[
				{
					name: 'Create',
					value: 'create',
					action: `Create a ${kind.noun}`,
					description: `Create a ${kind.noun}, or get it if it exists`,
				},
				{ name: 'Get Many', value: 'getAll', action: `Get many ${kind.noun}s` },
			],
			'getAll',
		),
		...create.description,
		...getAll.description,
	];
}
