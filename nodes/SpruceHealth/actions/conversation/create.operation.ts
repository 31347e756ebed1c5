import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { internalEndpointLocator, locatorId } from '../../descriptions/rlc';
import { spruceApiRequest } from '../../transport';
import type { PreparedItem } from '../node.type';
import { toItems } from '../output';
import { writeKeyFor, writeOptions } from '../write';

const secure = { show: { type: ['secure'] } };
const note = { show: { type: ['note'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Secure', value: 'secure', description: 'A secure conversation with one or more contacts' },
			{ name: 'Note', value: 'note', description: 'An internal note for your team, about contacts' },
		],
		default: 'secure',
	},
	{ ...internalEndpointLocator, description: 'The Spruce Link the conversation is from', displayOptions: secure },
	{
		displayName: 'Contact IDs',
		name: 'contactIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'entity_0E5QDGJC03000',
		description: 'The contacts in the conversation, separated by commas',
		displayOptions: secure,
	},
	{ displayName: 'Subject', name: 'subject', type: 'string', default: '', displayOptions: secure },
	{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'Empty: Spruce makes one', displayOptions: note },
	{
		displayName: 'Member Names or IDs',
		name: 'memberIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getMembers' },
		default: [],
		description:
			'Teammates and teams in the note (empty: only you). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: note,
	},
	{
		displayName: 'About Contact IDs',
		name: 'contactIds',
		type: 'string',
		default: '',
		description: 'Contacts the note is about (they never see it), separated by commas',
		displayOptions: note,
	},
	{
		displayName: 'First Message',
		name: 'messageText',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Text posted in the new conversation (internal in a note). Empty: no message.',
	},
	writeOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversation'], operation: ['create'] } },
	properties,
);

interface PreparedConversation extends PreparedItem {
	body: IDataObject;
	idempotencyKey: string;
}

const list = (raw: unknown) =>
	(Array.isArray(raw) ? raw : String(raw ?? '').split(','))
		.map((part) => String(part).trim())
		.filter((part) => part !== '');

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedConversation> {
	const type = this.getNodeParameter('type', itemIndex, 'secure') as 'secure' | 'note';
	const contactIds = list(this.getNodeParameter('contactIds', itemIndex, ''));
	const text = String(this.getNodeParameter('messageText', itemIndex, '')).trim();
	const details: IDataObject = {};
	if (type === 'secure') {
		if (contactIds.length === 0) {
			throw new NodeOperationError(this.getNode(), 'Contact IDs is empty', {
				itemIndex,
				description: 'Enter the ID of at least one contact for the secure conversation.',
			});
		}
		details.internalEndpointId = locatorId(this, itemIndex, 'internalEndpoint', 'internalEndpointId');
		details.destinationContactIds = contactIds;
		const subject = String(this.getNodeParameter('subject', itemIndex, '')).trim();
		if (subject) details.subject = subject;
	} else {
		const title = String(this.getNodeParameter('title', itemIndex, '')).trim();
		if (title) details.title = title;
		const memberIds = list(this.getNodeParameter('memberIds', itemIndex, []));
		if (memberIds.length) details.memberIds = memberIds;
		if (contactIds.length) details.associatedContactIds = contactIds;
	}
	if (text) details.message = { body: [{ type: 'text', value: text }], ...(type === 'note' ? { internal: true } : {}) };
	return { body: { type, [type]: details }, idempotencyKey: writeKeyFor(this, itemIndex) };
}

export async function execute(this: IExecuteFunctions, itemIndex: number, item: PreparedConversation) {
	const response = await spruceApiRequest.call(this, {
		method: 'POST',
		path: '/conversations',
		body: item.body,
		idempotencyKey: item.idempotencyKey,
		action: 'create the conversation',
		itemIndex,
	});
	if (response.duplicate) return toItems(itemIndex, { duplicate: true, idempotencyKey: item.idempotencyKey });
	const { conversation, postMessageRequestId } = response.body as IDataObject;
	return toItems(itemIndex, { ...(conversation as IDataObject), ...(postMessageRequestId ? { postMessageRequestId } : {}) });
}
