import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsField } from '../../descriptions/collections';
import { authorLocator, conversationLocator, locatorId, pickedName } from '../../descriptions/rlc';
import { requestOptionFields, requestPolicy } from '../../descriptions/requestOptions';
import { conversationTitleFrom, memberNameFrom } from '../../methods/labels';
import { pathSegment, type RequestPolicy } from '../../transport';
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
import {
	awaitDelivery,
	DEFAULT_WAIT_TIMEOUT_S,
	deliveredFields,
	requestMessage,
	waitForDeliveryFields,
} from './delivery';
import { POST_REFUSALS } from './refusals';

/** Post's words about pages, above Body Elements (n8n draws no `hint` under a collection). */
const pageNotices: INodeProperties[] = [
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
];

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
	...messageBodyFields(pageNotices),
	...attachmentFields,
	optionsField([
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
		...waitForDeliveryFields,
		...requestOptionFields,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['post'] } },
	properties,
);

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
	/** wait this long for the posted item to appear (undefined: do not wait) */
	waitMs?: number;
}
export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedPost> {
	const node = this.getNode();
	const conversation = { id: locatorId(this, itemIndex, 'conversation', 'conversationId') };
	const composed = await composeMessageBody(this, itemIndex);
	const body = composed.body;
	// A saved message that is an internal note stays internal, whatever the Internal switch says.
	const internal = composed.internal || (this.getNodeParameter('internal', itemIndex, false) as boolean);
	if (!internal && body.some((element) => element.type === 'page')) {
		throw new NodeOperationError(node, 'Page elements need "Team Only (Internal Note)" on', {
			itemIndex,
			description: 'Pages notify your team, so Spruce only accepts them in team-only messages. Turn on "Team Only (Internal Note)", or remove the page elements.',
		});
	}
	const author = locatorId(this, itemIndex, 'member', 'author', true) || undefined;
	const orderingKey = `conversation:${conversation.id}`;
	const conversationName = pickedName(node.parameters.conversationId, conversation.id);
	const authorName = pickedName(node.parameters.author, author);
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
				: await uploadAttachment(this, itemIndex, planned.binaryPropertyName, item.policy, POST_REFUSALS);
		attachments.push({ attachmentId, title: planned.title });
	}

	const payload: IDataObject = { body: item.body as unknown as IDataObject[] };
	if (item.author) payload.author = item.author;
	if (attachments.length) payload.attachments = attachments;
	if (item.internal) payload.internal = true;
	if (item.stayArchived) payload.stayArchived = true;

	const { requestId, duplicate } = await requestMessage(
		this,
		{
			path: item.path,
			body: payload,
			idempotencyKey: item.idempotencyKey,
			action: 'post the message',
			refusals: POST_REFUSALS,
			notFound: `no conversation "${item.conversationId}" that this token can see. Pick it from the list or copy its URL from the Spruce app.`,
			itemIndex,
		},
		item.policy,
	);
	// A confirmation first (what happened, where, seen by whom, as whom), the long key last.
	const json: IDataObject = {
		status: duplicate ? 'alreadySent' : 'sent',
		conversationId: item.conversationId,
		conversationTitle: item.conversationTitle ?? null,
		internal: item.internal,
		sentAs: item.sentAs,
		authorId: item.author ?? null,
		requestId,
		duplicate,
		idempotencyKey: item.idempotencyKey,
	};
	// A duplicate has no request id to look for: its delivery is unknown here.
	if (item.waitMs !== undefined && requestId) {
		const delivered = await awaitDelivery(this, itemIndex, item.conversationId, requestId, item.waitMs, item.policy);
		Object.assign(json, delivered ? deliveredFields(delivered) : { delivered: false });
	}
	return [{ json, pairedItem: { item: itemIndex } }];
}
