import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { spruceApiRequest, type RequestPolicy } from '../../transport';
import { savedMessageFields, savedMessageText } from './savedMessage';
import type { KnownRefusal } from '../../transport/errors';
import { isBlank } from './blank';

export const MAX_ATTACHMENTS = 5;

/**
 * How a message body is composed: the fields Post, Send and Scheduled Message share. `notices`
 * (an operation's own words about pages) go above Body Elements.
 */
export function messageBodyFields(notices: INodeProperties[] = []): INodeProperties[] {
	return [
		{
			displayName: 'Message Body',
			name: 'bodyMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Text', value: 'text', description: 'One block of text' },
				{
					name: 'Elements',
					value: 'elements',
					description: 'Text and page elements in order (pages notify a teammate or team)',
				},
				{ name: 'JSON', value: 'json', description: 'Spruce body elements as JSON, built by expressions' },
				{
					name: 'Saved Message',
					value: 'savedMessage',
					description: "One of your organization's saved messages, with its placeholders filled in",
				},
			],
			default: 'text',
			description: 'How the message body is composed',
		},
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			placeholder: 'Hi {{ $json.firstName }}, this is a reminder of your appointment tomorrow at 10:00.',
			description: 'The message text. Use expressions to fill in details from earlier nodes.',
			hint: 'One message is sent for each input item. Drag fields from the input on the left to fill in names, dates and times.',
			displayOptions: { show: { bodyMode: ['text'] } },
		},
		...notices,
		{
			displayName: 'Body Elements',
			name: 'bodyElements',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Element',
			default: {},
			description: 'The parts of the message, in order',
			displayOptions: { show: { bodyMode: ['elements'] } },
			options: [
				{
					displayName: 'Element',
					name: 'element',
					values: [
						{
							displayName: 'Type',
							name: 'type',
							type: 'options',
							options: [
								{ name: 'Text', value: 'text' },
								{ name: 'Page', value: 'page', description: 'Notify a teammate or team (needs Team Only on)' },
							],
							default: 'text',
						},
						{
							displayName: 'Text',
							name: 'text',
							type: 'string',
							typeOptions: { rows: 2 },
							default: '',
							displayOptions: { show: { type: ['text'] } },
						},
						{
							displayName: 'Teammate or Team Name or ID',
							name: 'memberId',
							type: 'options',
							typeOptions: { loadOptionsMethod: 'getMembers' },
							default: '',
							description:
								'Teammates first, then teams. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
							displayOptions: { show: { type: ['page'] } },
						},
					],
				},
			],
		},
		{
			displayName: 'Body (JSON)',
			name: 'bodyJson',
			type: 'json',
			// Empty on purpose: a sample text left in by mistake would be sent to a patient.
			default: '[]',
			placeholder: '[{ "type": "text", "value": "Your results are ready" }]',
			required: true,
			description:
				'An array of elements: { "type": "text", "value": "…" } or { "type": "page", "value": "entity_…" } (the ID of the teammate or team to page)',
			displayOptions: { show: { bodyMode: ['json'] } },
		},
		...savedMessageFields,
	];
}

/** Files attached to a message: from the item's binary data (uploaded first) or a media id. */
export const attachmentFields: INodeProperties[] = [
	{
		displayName:
			'Attachments come from an earlier node (Read Files from Disk, HTTP Request, Google Drive …) or are already in Spruce (by media ID). Up to 5 per message.',
		name: 'attachmentsNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Attachments',
		name: 'attachments',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Attachment',
		default: {},
		description: 'Up to 5 files to attach',
		options: [
			{
				displayName: 'Attachment',
				name: 'attachment',
				values: [
					{
						displayName: 'Source',
						name: 'source',
						type: 'options',
						options: [
							{
								name: 'Binary File From Input',
								value: 'binary',
								description: 'A file an earlier node produced (uploaded to Spruce first)',
							},
							{
								name: 'Spruce Media ID',
								value: 'mediaId',
								description: 'A file uploaded to Spruce earlier',
							},
						],
						default: 'binary',
					},
					{
						displayName: 'Input Binary Field',
						name: 'binaryPropertyName',
						type: 'string',
						default: 'data',
						hint: 'The name of the input binary field holding the file',
						displayOptions: { show: { source: ['binary'] } },
					},
					{
						displayName: 'Media ID',
						name: 'mediaId',
						type: 'string',
						default: '',
						placeholder: 'd7b25969-86ec-7e37-3776-3577-c0637a0c',
						displayOptions: { show: { source: ['mediaId'] } },
					},
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description:
							'The name shown for the file in Spruce. Empty: the file name (or "Attachment" for a media ID).',
					},
				],
			},
		],
	},
];

export interface BodyElement {
	type: 'text' | 'page';
	value: string;
}

export type PlannedAttachment =
	| { source: 'binary'; binaryPropertyName: string; title: string }
	| { source: 'mediaId'; mediaId: string; title: string };

/** Builds the Spruce `body` array from whichever way the user composed it. */
export function buildMessageBody(ctx: IExecuteFunctions, itemIndex: number): BodyElement[] {
	const fail = (message: string, description: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	const mode = ctx.getNodeParameter('bodyMode', itemIndex, 'text') as string;

	if (mode === 'text') {
		const text = ctx.getNodeParameter('text', itemIndex, '') as string;
		if (isBlank(text)) {
			throw fail('The message text is empty', 'Enter the message in the Text field. If it comes from an expression, check that the expression gives text for this item.');
		}
		return [{ type: 'text', value: text }];
	}

	if (mode === 'elements') {
		const collection = ctx.getNodeParameter('bodyElements', itemIndex, {}) as {
			element?: Array<{ type?: string; text?: string; memberId?: string }>;
		};
		const elements = collection.element ?? [];
		if (elements.length === 0) {
			throw fail('The message has no body elements', 'Add at least one element under Body Elements (a Text element, or a Page element with Team Only on).');
		}
		return elements.map((element, n) => {
			const where = `Body Elements → element ${n + 1}`;
			if (element.type === 'page') {
				if (isBlank(element.memberId)) {
					throw fail(`${where} is a page without a member`, 'Choose the teammate or team to page in "Teammate or Team Name or ID", or remove the element.');
				}
				return { type: 'page', value: String(element.memberId).trim() };
			}
			if (isBlank(element.text)) {
				throw fail(`${where} has no text`, 'Enter text for the element, or remove it.');
			}
			return { type: 'text', value: element.text as string };
		});
	}

	if (mode === 'json') {
		let value: unknown = ctx.getNodeParameter('bodyJson', itemIndex, '[]');
		if (typeof value === 'string') {
			try {
				value = JSON.parse(value);
			} catch {
				throw fail('Body (JSON) is not valid JSON', 'Write an array such as [{ "type": "text", "value": "Hello" }]. Check quotes and commas.');
			}
		}
		const shape = 'Body (JSON) must be an array of elements such as [{ "type": "text", "value": "Hello" }, { "type": "page", "value": "<member ID>" }].';
		if (!Array.isArray(value) || value.length === 0) {
			throw fail('Body (JSON) is not a non-empty array of message elements', shape);
		}
		return value.map((element: unknown, n) => {
			const where = `Body (JSON) element ${n + 1}`;
			if (!element || typeof element !== 'object' || Array.isArray(element)) {
				throw fail(`${where} is not an object`, shape);
			}
			const { type, value: text, ...rest } = element as Record<string, unknown>;
			const extra = Object.keys(rest);
			if (extra.length > 0) {
				throw fail(`${where} has unknown fields: ${extra.join(', ')}`, `Each element has exactly "type" and "value". ${shape}`);
			}
			if (type !== 'text' && type !== 'page') {
				throw fail(`${where} has type ${JSON.stringify(type)}; it must be "text" or "page"`, shape);
			}
			if (typeof text !== 'string') {
				throw fail(`${where} has no text "value"`, shape);
			}
			if (isBlank(text)) {
				throw fail(type === 'page' ? `${where} is a page without a member` : `${where} has blank text`, shape);
			}
			return { type, value: type === 'page' ? text.trim() : text };
		});
	}

	throw fail(`Unknown Message Body mode "${mode}"`, 'Choose Text, Elements or JSON in the Message Body field.');
}

/**
 * The message body an item asks for, whichever way it is composed (a saved message is read from
 * Spruce); `internal` when the saved message is an internal note, which must stay internal.
 */
export async function composeMessageBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<{ body: BodyElement[]; internal: boolean }> {
	if (ctx.getNodeParameter('bodyMode', itemIndex, 'text') !== 'savedMessage') {
		return { body: buildMessageBody(ctx, itemIndex), internal: false };
	}
	const { text, internal } = await savedMessageText(ctx, itemIndex);
	return { body: [{ type: 'text', value: text }], internal };
}

export function planAttachments(ctx: IExecuteFunctions, itemIndex: number): PlannedAttachment[] {
	const fail = (message: string, description: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	const collection = ctx.getNodeParameter('attachments', itemIndex, {}) as {
		attachment?: Array<{ source?: string; binaryPropertyName?: string; mediaId?: string; title?: string }>;
	};
	const list = collection.attachment ?? [];
	if (list.length > MAX_ATTACHMENTS) {
		throw fail(`The message has ${list.length} attachments; Spruce accepts at most ${MAX_ATTACHMENTS}`, 'Remove attachments under Attachments, or send the rest in a second message.');
	}
	const binary = ctx.getInputData()[itemIndex]?.binary ?? {};
	return list.map((attachment, n) => {
		const where = `Attachments → attachment ${n + 1}`;
		const title = (attachment.title ?? '').trim();
		if (attachment.source === 'mediaId') {
			const mediaId = (attachment.mediaId ?? '').trim();
			if (mediaId === '') {
				throw fail(`${where} has an empty Media ID`, 'Enter the id of a file uploaded to Spruce earlier, or switch Source to "Binary File From Input".');
			}
			return { source: 'mediaId', mediaId, title: title || 'Attachment' };
		}
		const binaryPropertyName = (attachment.binaryPropertyName ?? 'data').trim() || 'data';
		const file = binary[binaryPropertyName];
		if (!file) {
			const present = Object.keys(binary);
			throw fail(
				`${where}: this item has no binary file in the field "${binaryPropertyName}"`,
				present.length
					? `The item's binary fields are: ${present.join(', ')}. Put one of them in "Input Binary Field".`
					: 'The item has no binary data at all. Add a node before this one that reads or downloads the file.',
			);
		}
		return { source: 'binary', binaryPropertyName, title: title || file.fileName || 'Attachment' };
	});
}
/** Uploads an item's binary file with POST /media and returns the media id. */
export async function uploadAttachment(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
	policy: RequestPolicy,
	refusals?: KnownRefusal[],
): Promise<string> {
	const file = ctx.helpers.assertBinaryData(itemIndex, binaryPropertyName);
	const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName);
	const form = new FormData();
	const mimeType = file.mimeType || 'application/octet-stream';
	form.append('media', new Blob([new Uint8Array(buffer)], { type: mimeType }), file.fileName ?? 'file');
	const { body } = await spruceApiRequest.call(
		ctx,
		{
			method: 'POST',
			path: '/media',
			body: form,
			understood: (answer) => typeof answer.id === 'string' && answer.id !== '',
			action: `upload the file "${file.fileName ?? binaryPropertyName}"`,
			refusals,
			itemIndex,
		},
		policy,
	);
	// `understood` above guarantees the id.
	return (body as IDataObject).id as string;
}
