import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pathSegment, spruceApiRequest } from '../../transport';
import type { PreparedItem } from '../node.type';
import { toItems } from '../output';
import { writeKeyFor, writeOptions } from '../write';
import { ContactInput, contactDetailFields, integrationLinkField } from './fields';

/** Name, phone and email: the first fields of Create and Create or Update. */
export const mainContactFields: INodeProperties[] = [
	{ displayName: 'First Name', name: 'givenName', type: 'string', default: '' },
	{ displayName: 'Last Name', name: 'familyName', type: 'string', default: '' },
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		default: '',
		placeholder: '(555) 201-0001',
		description: 'Mobile number for SMS. US numbers may leave out +1.',
	},
	{ displayName: 'Email Address', name: 'emailAddress', type: 'string', placeholder: 'name@email.com', default: '' },
];

export const additionalContactFields: INodeProperties = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: [...contactDetailFields, integrationLinkField],
};

const properties: INodeProperties[] = [...mainContactFields, additionalContactFields, writeOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['create'] } },
	properties,
);

export interface PreparedContact extends PreparedItem {
	/** createContact fields: only the values given */
	body: IDataObject;
	link?: { type: string; externalId: string; url?: string };
	idempotencyKey: string;
}

/** Reads and checks the contact values of Create and Create or Update. */
export function readContact(ctx: IExecuteFunctions, itemIndex: number): PreparedContact {
	const input = new ContactInput(ctx, itemIndex);
	const values: IDataObject = {
		...(ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
		givenName: ctx.getNodeParameter('givenName', itemIndex, ''),
		familyName: ctx.getNodeParameter('familyName', itemIndex, ''),
		phoneNumber: String(ctx.getNodeParameter('phoneNumber', itemIndex, '')).trim(),
		emailAddress: String(ctx.getNodeParameter('emailAddress', itemIndex, '')).trim(),
	};
	const body = input.body(values, 'Contact');
	const rawLink = ((values.integrationLink as IDataObject | undefined)?.link ?? undefined) as IDataObject | undefined;
	let link: PreparedContact['link'];
	if (rawLink && String(rawLink.externalId ?? '').trim() !== '') {
		link = {
			type: String(rawLink.integrationLinkType ?? 'custom'),
			externalId: String(rawLink.externalId).trim(),
			...(rawLink.url ? { url: String(rawLink.url) } : {}),
		};
	}
	return { body, link, idempotencyKey: writeKeyFor(ctx, itemIndex) };
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedContact> {
	const prepared = readContact(this, itemIndex);
	const { body } = prepared;
	if (!body.givenName && !body.familyName && !body.phoneNumbers && !body.emailAddresses) {
		throw new ContactInput(this, itemIndex).fail(
			'The contact has no name, phone number or email address',
			'Spruce needs at least one of First Name, Last Name, Phone Number or Email Address.',
		);
	}
	return prepared;
}

/** Adds (or replaces) the contact's link of that type. */
export async function addIntegrationLink(
	ctx: IExecuteFunctions,
	itemIndex: number,
	contactId: string,
	link: NonNullable<PreparedContact['link']>,
	idempotencyKey: string,
): Promise<IDataObject[]> {
	const { body } = await spruceApiRequest.call(ctx, {
		method: 'POST',
		path: `/contacts/${pathSegment(ctx.getNode(), contactId, 'contact id', itemIndex)}/integrationlinks`,
		body: link,
		idempotencyKey,
		action: 'link the contact to the integration',
		notFound: `no contact "${contactId}" that this token can see.`,
		itemIndex,
	});
	return ((body as IDataObject)?.integrationLinks as IDataObject[] | undefined) ?? [];
}

/** POST /contacts, then the integration link; the created contact (or the duplicate marker). */
export async function createContact(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: PreparedContact,
): Promise<IDataObject> {
	const response = await spruceApiRequest.call(ctx, {
		method: 'POST',
		path: '/contacts',
		body: item.body,
		idempotencyKey: item.idempotencyKey,
		understood: (answer) => typeof answer.id === 'string' && answer.id !== '',
		action: 'create the contact',
		itemIndex,
	});
	if (response.duplicate) return { duplicate: true, idempotencyKey: item.idempotencyKey };
	const contact = response.body as IDataObject;
	if (item.link) contact.integrationLinks = await addIntegrationLink(ctx, itemIndex, String(contact.id), item.link, item.idempotencyKey);
	return contact;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, item: PreparedContact) {
	return toItems(itemIndex, await createContact(this, itemIndex, item));
}
