import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	authorLocator,
	conversationIdFrom,
	conversationLocator,
	memberIdFrom,
	pickedName,
} from '../../descriptions/rlc';
import { requestOptionFields, requestPolicy } from '../../descriptions/requestOptions';
import { pathSegment, spruceApiRequest, type RequestPolicy } from '../../transport';
import { idempotencyKeyFor } from '../../transport/idempotency';
import { conversationTitleFrom, memberNameFrom } from '../../methods/labels';
import { POST_REFUSALS } from './refusals';
import type { PreparedItem } from '../types';
import { isBlank } from './blank';

export const MAX_ATTACHMENTS = 5;

const properties: INodeProperties[] = [
	conversationLocator,
	authorLocator,
	{
		displayName: 'Team Only (Internal Note)',
		name: 'internal',
		type: 'boolean',
		default: false,
		description:
			'Whether only your team sees the message, as an internal note in the conversation. Off: everyone in the conversation sees it, the patient included. Needed for page elements and in Note conversations.',
	},
	{
		displayName: 'The patient will see this message. Turn on "Team Only (Internal Note)" to keep it within your team.',
		name: 'patientSeesNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { internal: [false] } },
	},
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
	// n8n draws no `hint` under a collection: notices above them say what a first-time user needs.
	{
		displayName:
			'A Page element notifies the teammate or team you pick. Pages need "Team Only (Internal Note)" on: they reach your team, never the patient.',
		name: 'pagesNeedTeamOnlyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { internal: [false], bodyMode: ['elements'] } },
	},
	{
		displayName: 'A Page element notifies the teammate or team you pick, so they look at the conversation now',
		name: 'pagesNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { internal: [true], bodyMode: ['elements'] } },
	},
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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Duplicate Protection Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				placeholder: 'reminder-{{ $json.appointmentId }}',
				description:
					'Spruce posts one message per key and conversation in 24 hours and turns away repeats. Empty: a key per item and run, so retries never post twice. Set your own, such as the appointment ID, to stop repeats across runs too (up to 255 characters).',
			},
			{
				displayName: 'Keep Conversation Archived',
				name: 'stayArchived',
				type: 'boolean',
				default: false,
				description:
					'Whether an archived conversation stays archived after the message is posted (otherwise it comes back to the inbox)',
			},
			...requestOptionFields,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['post'] } },
	properties,
);

interface BodyElement {
	type: 'text' | 'page';
	value: string;
}

type PlannedAttachment =
	| { source: 'binary'; binaryPropertyName: string; title: string }
	| { source: 'mediaId'; mediaId: string; title: string };

interface PreparedPost extends PreparedItem {
	conversationId: string;
	/** Known only when picked from the list (the editor saved its name): no request for it. */
	conversationTitle?: string;
	/** Who the message goes out as, for the output: a name when known, else the member ID. */
	sentAs: string;
	path: string;
	body: BodyElement[];
	author?: string;
	internal: boolean;
	stayArchived?: boolean;
	attachments: PlannedAttachment[];
	idempotencyKey: string;
	policy: RequestPolicy;
}

/** Builds the Spruce `body` array from whichever way the user composed it. */
function buildMessageBody(ctx: IExecuteFunctions, itemIndex: number): BodyElement[] {
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

function planAttachments(ctx: IExecuteFunctions, itemIndex: number): PlannedAttachment[] {
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

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedPost> {
	const node = this.getNode();
	const conversation = conversationIdFrom(
		this.getNodeParameter('conversationId', itemIndex, undefined, { extractValue: false }),
	);
	if ('problem' in conversation) {
		throw new NodeOperationError(node, conversation.problem, { itemIndex, description: conversation.hint });
	}
	const body = buildMessageBody(this, itemIndex);
	const internal = this.getNodeParameter('internal', itemIndex, false) as boolean;
	if (!internal && body.some((element) => element.type === 'page')) {
		throw new NodeOperationError(node, 'Page elements need "Team Only (Internal Note)" on', {
			itemIndex,
			description: 'Pages notify your team, so Spruce only accepts them in team-only messages. Turn on "Team Only (Internal Note)", or remove the page elements.',
		});
	}
	const author = memberIdFrom(this.getNodeParameter('author', itemIndex, undefined, { extractValue: false }));
	const orderingKey = `conversation:${conversation.id}`;
	const conversationName = pickedName(node.parameters.conversationId, conversation.id);
	const authorName = pickedName(node.parameters.author, author);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		idempotencyKey?: string;
		stayArchived?: boolean;
		retry?: boolean;
		maxAttempts?: number;
		timeout?: number;
	};
	return {
		conversationId: conversation.id,
		conversationTitle: conversationName && conversationTitleFrom(conversationName),
		sentAs: author === undefined ? 'organization' : authorName ? memberNameFrom(authorName) : author,
		path: `/conversations/${pathSegment(node, conversation.id, 'conversation id', itemIndex)}/messages`,
		orderingKey,
		body,
		author,
		internal,
		stayArchived: options.stayArchived,
		attachments: planAttachments(this, itemIndex),
		// The n-th message to a conversation in this run: the same in any retry of the execution.
		idempotencyKey: idempotencyKeyFor(this, itemIndex, options.idempotencyKey, orderingKey),
		policy: requestPolicy(options),
	};
}

/** Uploads an item's binary file with POST /media and returns the media id. */
async function uploadAttachment(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
	policy: RequestPolicy,
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
			refusals: POST_REFUSALS,
			itemIndex,
		},
		policy,
	);
	// `understood` above guarantees the id.
	return (body as IDataObject).id as string;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	item: PreparedPost,
): Promise<INodeExecutionData[]> {
	const attachments: Array<{ attachmentId: string; title: string }> = [];
	for (const planned of item.attachments) {
		const attachmentId =
			planned.source === 'mediaId'
				? planned.mediaId
				: await uploadAttachment(this, itemIndex, planned.binaryPropertyName, item.policy);
		attachments.push({ attachmentId, title: planned.title });
	}

	const payload: IDataObject = { body: item.body as unknown as IDataObject[] };
	if (item.author) payload.author = item.author;
	if (attachments.length) payload.attachments = attachments;
	if (item.internal) payload.internal = true;
	if (item.stayArchived) payload.stayArchived = true;

	const response = await spruceApiRequest.call(
		this,
		{
			method: 'POST',
			path: item.path,
			body: payload,
			idempotencyKey: item.idempotencyKey,
			// Spruce's duplicate answer: a message with this key was posted once, not an error.
			duplicateIsAnswer: true,
			// Posting succeeded only if Spruce says which request will create the message.
			understood: (answer) => typeof answer.requestId === 'string' && answer.requestId !== '',
			action: 'post the message',
			refusals: POST_REFUSALS,
			notFound: `no conversation "${item.conversationId}" that this token can see. Pick it from the list or copy its URL from the Spruce app.`,
			itemIndex,
		},
		item.policy,
	);
	const { duplicate } = response;
	return [
		{
			// A confirmation first (what happened, where, seen by whom, as whom), the long key last.
			json: {
				status: duplicate ? 'alreadySent' : 'sent',
				conversationId: item.conversationId,
				conversationTitle: item.conversationTitle ?? null,
				internal: item.internal,
				sentAs: item.sentAs,
				authorId: item.author ?? null,
				requestId: duplicate ? null : ((response.body as IDataObject).requestId as string) ?? null,
				duplicate,
				idempotencyKey: item.idempotencyKey,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
