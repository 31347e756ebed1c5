import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsField } from '../../descriptions/collections';
import {
	idempotencyKeyField,
	requestOptionFields,
	requestPolicy,
} from '../../descriptions/requestOptions';
import {
	authorLocator,
	conversationLocator,
	locatorId,
	locatorSegment,
} from '../../descriptions/rlc';
import { spruceApiRequest, type RequestPolicy } from '../../transport';
import { composeMessageBody, messageBodyFields, type BodyElement } from '../message/compose';
import type { PreparedItem } from '../node.type';
import { toItems } from '../output';
import { dateTimeFrom, writeKeyFor } from '../write';

const properties: INodeProperties[] = [
	{ ...conversationLocator, description: 'The Spruce conversation the message will be posted to' },
	{
		displayName: 'Send At',
		name: 'sendAt',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'When Spruce posts the message; must be in the future',
	},
	authorLocator,
	...messageBodyFields(),
	{
		displayName: 'Internal',
		name: 'internal',
		type: 'boolean',
		default: false,
		description:
			'Whether the message is internal: seen by your team only, never by the patient. Needed for page elements.',
	},
	{
		displayName:
			'Attachments cannot be scheduled: Spruce takes text and pages only here. To send a file, post it with Message → Post.',
		name: 'attachmentsNotice',
		type: 'notice',
		default: '',
	},
	optionsField([idempotencyKeyField, ...requestOptionFields]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['scheduledMessage'], operation: ['create'] } },
	properties,
);

interface PreparedSchedule extends PreparedItem {
	conversationId: string;
	path: string;
	message: { body: BodyElement[]; author?: string; internal?: boolean };
	sendAt: string;
	idempotencyKey: string;
	policy: RequestPolicy;
}

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<PreparedSchedule> {
	const fail = (message: string, hint: string) =>
		new NodeOperationError(this.getNode(), message, { itemIndex, description: hint });
	const conversation = locatorSegment(this, itemIndex, 'conversation', 'conversationId');
	const sendAt = dateTimeFrom(
		this,
		itemIndex,
		this.getNodeParameter('sendAt', itemIndex, ''),
		'Send At',
	);
	if (!sendAt)
		throw fail('Send At is empty', 'Pick the date and time Spruce should post the message.');
	if (Date.parse(sendAt) <= Date.now()) {
		throw fail(
			`Send At (${sendAt}) is not in the future`,
			'Spruce only schedules messages for later. Pick a later time, or send now with Message → Post.',
		);
	}
	const composed = await composeMessageBody(this, itemIndex);
	const internal =
		composed.internal || (this.getNodeParameter('internal', itemIndex, false) as boolean);
	if (!internal && composed.body.some((element) => element.type === 'page')) {
		throw fail(
			'Page elements need "Internal" on',
			'Pages notify your team: turn on "Internal", or remove the page elements.',
		);
	}
	const author = locatorId(this, itemIndex, 'member', 'author', true);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		conversationId: conversation.id,
		path: `/conversations/${conversation.segment}/scheduledmessages`,
		orderingKey: `conversation:${conversation.id}`,
		message: {
			body: composed.body,
			...(author ? { author } : {}),
			...(internal ? { internal: true } : {}),
		},
		sendAt,
		idempotencyKey: writeKeyFor(this, itemIndex),
		policy: requestPolicy(options),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number, item: PreparedSchedule) {
	const response = await spruceApiRequest.call(
		this,
		{
			method: 'POST',
			path: item.path,
			body: { message: item.message as unknown as IDataObject, sendAt: item.sendAt },
			idempotencyKey: item.idempotencyKey,
			action: 'schedule the message',
			understood: (answer) =>
				typeof (answer.scheduledMessage as IDataObject | undefined)?.id === 'string',
			notFound: `no conversation "${item.conversationId}" that this token can see.`,
			itemIndex,
		},
		item.policy,
	);
	const confirmation = { idempotencyKey: item.idempotencyKey, duplicate: response.duplicate };
	if (response.duplicate) {
		// Spruce refused the key: this item was scheduled before, and is not scheduled twice.
		return toItems(itemIndex, {
			conversationId: item.conversationId,
			sendAt: item.sendAt,
			...confirmation,
		});
	}
	const scheduled =
		((response.body as IDataObject).scheduledMessage as IDataObject | undefined) ?? {};
	return toItems(itemIndex, { ...scheduled, ...confirmation });
}
