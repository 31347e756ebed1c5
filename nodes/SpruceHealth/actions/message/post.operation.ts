import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { authorLocator, conversationLocator, locatorId } from '../../descriptions/rlc';
import { requestOptionFields, requestPolicy } from '../../descriptions/requestOptions';
import { pathSegment, spruceApiRequest, type RequestPolicy } from '../../transport';
import { idempotencyKeyFor } from '../../transport/idempotency';
import type { PreparedItem } from '../node.type';
import {
	attachmentFields,
	composeMessageBody,
	messageBodyFields,
	planAttachments,
	uploadAttachment,
	type BodyElement,
	type PlannedAttachment,
} from './compose';
import { awaitDelivery, DEFAULT_WAIT_TIMEOUT_S, deliveredFields, waitForDeliveryFields } from './delivery';

const properties: INodeProperties[] = [
	conversationLocator,
	authorLocator,
	...messageBodyFields,
	{
		displayName: 'Internal',
		name: 'internal',
		type: 'boolean',
		default: false,
		description:
			'Whether the message is internal: seen by your team only, never by the patient. Needed for page elements and in Note conversations.',
	},
	...attachmentFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description:
					'Spruce refuses a second message with the same key for 24 hours. Empty: the node makes one per item and execution, so n8n retries never post twice. Set your own (e.g. the appointment ID) to guard across executions too. At most 255 characters.',
			},
			{
				displayName: 'Stay Archived',
				name: 'stayArchived',
				type: 'boolean',
				default: false,
				description: 'Whether an archived conversation stays archived after the message is posted',
			},
			...waitForDeliveryFields,
			...requestOptionFields,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['post'] } },
	properties,
);

interface PreparedPost extends PreparedItem {
	conversationId: string;
	path: string;
	body: BodyElement[];
	author?: string;
	internal: boolean;
	stayArchived?: boolean;
	attachments: PlannedAttachment[];
	idempotencyKey: string;
	policy: RequestPolicy;
	/** wait this long for the posted item to appear (undefined: do not wait) */
	waitMs?: number;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedPost> {
	const node = this.getNode();
	const conversationId = locatorId(this, itemIndex, 'conversation', 'conversationId');
	const composed = await composeMessageBody(this, itemIndex);
	const body = composed.body;
	// A saved message that is an internal note stays internal, whatever the Internal switch says.
	const internal = composed.internal || (this.getNodeParameter('internal', itemIndex, false) as boolean);
	if (!internal && body.some((element) => element.type === 'page')) {
		throw new NodeOperationError(node, 'Page elements need "Internal" on', {
			itemIndex,
			description: 'Pages notify your team, so Spruce only accepts them in internal messages. Turn on "Internal", or remove the page elements.',
		});
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		idempotencyKey?: string;
		stayArchived?: boolean;
		waitForDelivery?: boolean;
		waitTimeout?: number;
		retry?: boolean;
		maxAttempts?: number;
		timeout?: number;
	};
	return {
		conversationId,
		path: `/conversations/${pathSegment(node, conversationId, 'conversation id', itemIndex)}/messages`,
		orderingKey: `conversation:${conversationId}`,
		body,
		author: locatorId(this, itemIndex, 'member', 'author', true) || undefined,
		internal,
		stayArchived: options.stayArchived,
		attachments: planAttachments(this, itemIndex),
		idempotencyKey: idempotencyKeyFor(this, itemIndex, options.idempotencyKey),
		policy: requestPolicy(options),
		waitMs: options.waitForDelivery
			? Math.min(600, Math.max(1, Number(options.waitTimeout ?? DEFAULT_WAIT_TIMEOUT_S) || DEFAULT_WAIT_TIMEOUT_S)) * 1000
			: undefined,
	};
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
			action: 'post the message',
			notFound: `no conversation "${item.conversationId}" that this token can see. Pick it from the list or copy its URL from the Spruce app.`,
			itemIndex,
		},
		item.policy,
	);
	const { duplicate } = response;
	const requestId = duplicate ? null : (((response.body as IDataObject).requestId as string) ?? null);
	const json: IDataObject = { requestId, conversationId: item.conversationId, idempotencyKey: item.idempotencyKey, duplicate };
	// A duplicate has no request id to look for: its delivery is unknown here.
	if (item.waitMs !== undefined && requestId) {
		const delivered = await awaitDelivery(this, itemIndex, item.conversationId, requestId, item.waitMs, item.policy);
		Object.assign(json, delivered ? deliveredFields(delivered) : { delivered: false });
	}
	return [{ json, pairedItem: { item: itemIndex } }];
}
