import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { contactLocator, internalEndpointLocator, locatorId, locatorSegment } from '../../descriptions/rlc';
import { spruceApiRequest } from '../../transport';
import type { PreparedItem } from '../node.type';
import { toItems } from '../output';
import { ContactInput } from './fields';

const properties: INodeProperties[] = [
	{ ...contactLocator, description: 'The contact to invite to a Spruce account (secure messaging, video visits)' },
	{
		...internalEndpointLocator,
		description: 'The Spruce Link (secure endpoint) the invitation comes from',
	},
	{
		displayName: 'Send Invite To',
		name: 'inviteVia',
		type: 'options',
		options: [
			{ name: 'First Phone Number', value: 'phone', description: "The contact's first phone number, by SMS" },
			{ name: 'First Email Address', value: 'email', description: "The contact's first email address" },
		],
		default: 'phone',
	},
	{
		displayName: 'Custom Message',
		name: 'customMessage',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Text sent with the invitation. Empty: Spruce\'s standard invitation.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['invite'] } }, properties);

interface PreparedInvite extends PreparedItem {
	id: string;
	segment: string;
	internalEndpointId: string;
	inviteVia: 'phone' | 'email';
	customMessage: string;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedInvite> {
	return {
		...locatorSegment(this, itemIndex, 'contact', 'contactId'),
		internalEndpointId: locatorId(this, itemIndex, 'internalEndpoint', 'internalEndpointId'),
		inviteVia: this.getNodeParameter('inviteVia', itemIndex, 'phone') as 'phone' | 'email',
		customMessage: String(this.getNodeParameter('customMessage', itemIndex, '')).trim(),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number, item: PreparedInvite) {
	const notFound = `no contact "${item.id}" that this token can see.`;
	const { body: contact } = await spruceApiRequest.call(this, {
		method: 'GET',
		path: `/contacts/${item.segment}`,
		action: 'get the contact to invite',
		notFound,
		itemIndex,
	});
	const list = (contact as IDataObject)[item.inviteVia === 'phone' ? 'phoneNumbers' : 'emailAddresses'] as IDataObject[] | undefined;
	const destination = list?.[0];
	if (!destination) {
		const what = item.inviteVia === 'phone' ? 'phone number' : 'email address';
		throw new ContactInput(this, itemIndex).fail(
			`The contact has no ${what} to send the invite to`,
			`Add a ${what} to the contact first, or choose the other option in Send Invite To.`,
		);
	}
	const { body } = await spruceApiRequest.call(this, {
		method: 'POST',
		path: `/contacts/${item.segment}/invite`,
		body: {
			internalEndpointId: item.internalEndpointId,
			destinationId: String(destination.id),
			...(item.customMessage ? { customMessage: item.customMessage } : {}),
		},
		action: 'invite the contact',
		notFound,
		itemIndex,
	});
	return toItems(itemIndex, body as IDataObject);
}
