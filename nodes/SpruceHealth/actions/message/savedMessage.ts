import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { locatorId, makeLocator } from '../../descriptions/rlc';
import { spruceApiRequestAllPages } from '../../transport';

const fromSaved = { show: { bodyMode: ['savedMessage'] } };

/** "Saved Message" body mode: one of the organization's saved replies, placeholders filled in. */
export const savedMessageFields: INodeProperties[] = [
	{
		...makeLocator('savedMessage', {
			displayName: 'Saved Message',
			name: 'savedMessageId',
			required: true,
			description: "One of your organization's saved messages: its text becomes the message",
		}),
		displayOptions: fromSaved,
	},
	{
		displayName: 'Placeholders',
		name: 'placeholders',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Placeholder',
		default: {},
		description:
			'Text in the saved message to replace, e.g. [First Name] → an expression such as the first name from the input item. A placeholder not found in the saved message stops the item, so no patient gets a half-filled message.',
		displayOptions: fromSaved,
		options: [
			{
				displayName: 'Placeholder',
				name: 'placeholder',
				values: [
					{
						displayName: 'Placeholder Text',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: '[First Name]',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: '{{ $json.firstName }}',
					},
				],
			},
		],
	},
];

interface SavedMessage {
	id: string;
	title?: string;
	text?: string;
	internal?: boolean;
}

/** The organization's saved messages, read once per node run (not once per item). */
const savedByRun = new WeakMap<IExecuteFunctions, Promise<SavedMessage[]>>();

function savedMessages(ctx: IExecuteFunctions, itemIndex: number): Promise<SavedMessage[]> {
	let list = savedByRun.get(ctx);
	if (!list) {
		list = spruceApiRequestAllPages
			.call<IExecuteFunctions, Parameters<typeof spruceApiRequestAllPages>, Promise<IDataObject[]>>(
				ctx,
				{
					path: '/savedmessages',
					listKey: 'savedMessages',
					pageSize: 500,
					action: "read the organization's saved messages",
					itemIndex,
				},
			)
			.then((entries) => entries as unknown as SavedMessage[]);
		savedByRun.set(ctx, list);
		list.catch(() => savedByRun.delete(ctx));
	}
	return list;
}

/** The text of the saved message an item names, placeholders replaced; and whether it is internal. */
export async function savedMessageText(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<{ text: string; internal: boolean }> {
	const fail = (message: string, description: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	const id = locatorId(ctx, itemIndex, 'savedMessage', 'savedMessageId');
	const saved = (await savedMessages(ctx, itemIndex)).find((entry) => entry.id === id);
	if (!saved) {
		throw fail(
			`No saved message "${id}" in this organization`,
			'Pick the saved message from the list; it may have been deleted or be private to a teammate.',
		);
	}
	let text = saved.text ?? '';
	const { placeholder: fills = [] } = ctx.getNodeParameter('placeholders', itemIndex, {}) as {
		placeholder?: Array<{ name?: string; value?: unknown }>;
	};
	for (const [n, fill] of fills.entries()) {
		const name = String(fill.name ?? '');
		const value = String(fill.value ?? '').trim();
		const where = `Placeholders → placeholder ${n + 1}`;
		if (name.trim() === '')
			throw fail(
				`${where} has no Placeholder Text`,
				'Enter the text to replace, exactly as it appears in the saved message, or remove the placeholder.',
			);
		if (!text.includes(name)) {
			throw fail(
				`${where}: "${name}" is not in the saved message "${saved.title ?? id}"`,
				`The saved message reads: ${saved.text ?? ''}`,
			);
		}
		if (value === '')
			throw fail(
				`${where}: the value for "${name}" is empty`,
				'Fill in the Value (check that its expression gives text for this item).',
			);
		text = text.split(name).join(value);
	}
	if (text.trim() === '')
		throw fail(
			`The saved message "${saved.title ?? id}" has no text`,
			'Pick a saved message with text.',
		);
	return { text, internal: saved.internal === true };
}
