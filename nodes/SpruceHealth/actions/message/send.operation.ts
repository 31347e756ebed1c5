import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsField } from '../../descriptions/collections';
import { contactLocator, internalEndpointLocator, locatorId, locatorSegment } from '../../descriptions/rlc';
import { idempotencyKeyField, requestOptionFields, requestPolicy } from '../../descriptions/requestOptions';
import type { RequestPolicy } from '../../transport';
import { idempotencyKeyFor } from '../../transport/idempotency';
import { toE164 } from '../contact/fields';
import type { PreparedItem } from '../node.type';
import { toItems } from '../output';
import { dateTimeFrom } from '../write';
import { composeMessageBody, messageBodyFields, type BodyElement } from './compose';
import { requestMessage } from './delivery';

const properties: INodeProperties[] = [
	internalEndpointLocator,
	{
		displayName: 'Send To',
		name: 'destinationType',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Phone (SMS) or Email',
				value: 'smsOrEmail',
				description: 'A text message to a phone number, or an email; From must be a phone line or email',
			},
			{ name: 'Fax Number', value: 'fax', description: 'A fax; From must be a fax number' },
			{
				name: 'Contact (Secure Message)',
				value: 'secure',
				description: 'A secure Spruce message to a contact; From must be a Spruce Link',
			},
		],
		default: 'smsOrEmail',
	},
	{
		displayName: 'Phone Number or Email',
		name: 'destination',
		type: 'string',
		default: '',
		required: true,
		placeholder: '(555) 201-0001 or jane@example.com',
		description: 'Where the message goes. US numbers may leave out +1.',
		displayOptions: { show: { destinationType: ['smsOrEmail'] } },
	},
	{
		displayName: 'Fax Number',
		name: 'destination',
		type: 'string',
		default: '',
		required: true,
		placeholder: '(555) 300-0006',
		displayOptions: { show: { destinationType: ['fax'] } },
	},
	{ ...contactLocator, displayOptions: { show: { destinationType: ['secure'] } } },
	{
		displayName: 'Conversation',
		name: 'deliveryMethod',
		type: 'options',
		options: [
			{
				name: 'Any Secure Conversation',
				value: 'any_available_secure_conversation',
				description: "One of From's conversations with the contact, else any secure one, else a new one",
			},
			{
				name: "Only From's Conversations",
				value: 'only_conversations_matching_internal_endpoint',
				description: "One of From's conversations with the contact, else a new one",
			},
			{ name: 'New Conversation', value: 'new_conversation', description: 'Always a new conversation' },
		],
		default: 'any_available_secure_conversation',
		displayOptions: { show: { destinationType: ['secure'] } },
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		description: 'The subject of a new secure conversation',
		displayOptions: { show: { destinationType: ['secure'] } },
	},
	...messageBodyFields(),
	{
		displayName:
			'Attachments cannot be sent this way: Spruce takes text only here. To send a file, post it to the conversation afterwards with Message → Post.',
		name: 'attachmentsNotice',
		type: 'notice',
		default: '',
	},
	optionsField([
		{
			displayName: 'Send At',
			name: 'sendAt',
			type: 'dateTime',
			default: '',
			description: 'Schedule the message for this time instead of sending it now',
		},
		idempotencyKeyField,
		...requestOptionFields,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['send'] } },
	properties,
);

interface PreparedSend extends PreparedItem {
	internalEndpointId: string;
	path: string;
	destination: IDataObject;
	body: BodyElement[];
	sendAt?: string;
	idempotencyKey: string;
	policy: RequestPolicy;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedSend> {
	const fail = (message: string, hint: string) =>
		new NodeOperationError(this.getNode(), message, { itemIndex, description: hint });
	const endpoint = locatorSegment(this, itemIndex, 'internalEndpoint', 'internalEndpointId');
	const type = this.getNodeParameter('destinationType', itemIndex, 'smsOrEmail') as string;
	let destination: IDataObject;
	let orderingKey: string;
	if (type === 'secure') {
		const contactId = locatorId(this, itemIndex, 'contact', 'contactId');
		const subject = String(this.getNodeParameter('subject', itemIndex, '')).trim();
		destination = {
			secureEndpoint: {
				contactId,
				deliveryMethod: this.getNodeParameter('deliveryMethod', itemIndex, 'any_available_secure_conversation'),
				...(subject ? { subject } : {}),
			},
		};
		orderingKey = `contact:${contactId}`;
	} else {
		const raw = String(this.getNodeParameter('destination', itemIndex, '')).trim();
		const label = type === 'fax' ? 'Fax Number' : 'Phone Number or Email';
		if (!raw) throw fail(`${label} is empty`, `Enter where the message goes in ${label}.`);
		let value: string | null;
		if (type === 'smsOrEmail' && raw.includes('@')) {
			value = /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(raw) ? raw : null;
		} else value = toE164(raw);
		if (!value) {
			throw fail(
				`${label}: "${raw}" is not ${type === 'fax' ? 'a fax number' : 'a phone number or email address'}`,
				'Enter a number such as (555) 201-0001 or +15552010001 (US numbers may leave out +1), or an address such as jane@example.com.',
			);
		}
		destination = type === 'fax' ? { faxEndpoint: value } : { smsOrEmailEndpoint: value };
		orderingKey = `destination:${value.toLowerCase()}`;
	}
	const { body, internal } = await composeMessageBody(this, itemIndex);
	if (internal) {
		throw fail('The saved message is an internal note', 'Internal notes are for your team and cannot be sent to a patient: pick another saved message, or post it with Message → Post.');
	}
	if (body.some((element) => element.type === 'page')) {
		throw fail('Page elements cannot be sent to a patient', 'Pages notify your team: post them with Message → Post and "Internal" on.');
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const sendAt = dateTimeFrom(this, itemIndex, options.sendAt, 'Send At');
	return {
		internalEndpointId: endpoint.id,
		path: `/internalendpoints/${endpoint.segment}/conversations`,
		destination,
		body,
		sendAt,
		orderingKey,
		idempotencyKey: idempotencyKeyFor(this, itemIndex, options.idempotencyKey),
		policy: requestPolicy(options),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number, item: PreparedSend) {
	const { requestId, duplicate } = await requestMessage(
		this,
		{
			path: item.path,
			body: { destination: item.destination, message: { body: item.body as unknown as IDataObject[] }, ...(item.sendAt ? { sendAt: item.sendAt } : {}) },
			idempotencyKey: item.idempotencyKey,
			action: item.sendAt ? 'schedule the message' : 'send the message',
			notFound: `no internal endpoint "${item.internalEndpointId}" (phone line, email, fax or Spruce Link) that this token can see.`,
			itemIndex,
		},
		item.policy,
	);
	return toItems(itemIndex, {
		requestId,
		internalEndpointId: item.internalEndpointId,
		...item.destination,
		...(item.sendAt ? { sendAt: item.sendAt } : {}),
		idempotencyKey: item.idempotencyKey,
		duplicate,
	});
}
