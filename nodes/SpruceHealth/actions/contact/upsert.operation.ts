import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pathSegment, spruceApiRequest } from '../../transport';
import { toItems } from '../output';
import {
	addIntegrationLink,
	additionalContactFields,
	createContact,
	mainContactFields,
	readContact,
	type PreparedContact,
} from './create.operation';
import { ContactInput, integrationTypeField } from './fields';
import { writeOptions } from '../write';

const properties: INodeProperties[] = [
	{
		displayName: 'Match By',
		name: 'matchBy',
		type: 'options',
		options: [
			{ name: 'Phone Number', value: 'phoneNumber', description: 'The contact with this phone number' },
			{ name: 'Email Address', value: 'emailAddress', description: 'The contact with this email address' },
			{
				name: 'Integration ID',
				value: 'integrationId',
				description: 'The contact linked to this ID in your EHR or another system',
			},
		],
		default: 'phoneNumber',
		description:
			'How to find the existing contact. None found: a new contact is created. One: it is updated with the fields given. Several: the item fails and names them.',
	},
	{
		displayName: 'Integration ID',
		name: 'integrationId',
		type: 'string',
		default: '',
		required: true,
		description: 'The patient\'s ID in your EHR; a created contact gets this link',
		displayOptions: { show: { matchBy: ['integrationId'] } },
	},
	{ ...integrationTypeField, displayOptions: { show: { matchBy: ['integrationId'] } } },
	...mainContactFields,
	additionalContactFields,
	writeOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['upsert'] } },
	properties,
);

interface PreparedUpsert extends PreparedContact {
	matchBy: string;
	search: IDataObject;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedUpsert> {
	const input = new ContactInput(this, itemIndex);
	const prepared = readContact(this, itemIndex);
	const matchBy = this.getNodeParameter('matchBy', itemIndex, 'phoneNumber') as string;
	let search: IDataObject;
	let value: string;
	if (matchBy === 'integrationId') {
		value = String(this.getNodeParameter('integrationId', itemIndex, '')).trim();
		const type = this.getNodeParameter('integrationLinkType', itemIndex, 'custom') as string;
		if (!value) throw input.fail('Integration ID is empty', 'Enter the patient\'s ID in your EHR (Match By is Integration ID).');
		search = { integrationIDFilter: [{ integrationIDs: [{ id: value, integrationLinkType: type }], match: 'any' }] };
		prepared.link ??= { type, externalId: value };
	} else {
		const field = matchBy === 'emailAddress' ? 'emailAddresses' : 'phoneNumbers';
		const given = prepared.body[field] as Array<{ value: string }> | undefined;
		if (!given?.length) {
			const label = matchBy === 'emailAddress' ? 'Email Address' : 'Phone Number';
			throw input.fail(`${label} is empty, and Match By is ${label}`, `Enter the ${label.toLowerCase()} to find the contact by.`);
		}
		value = given[0].value;
		search =
			matchBy === 'emailAddress'
				? { emailAddressFilter: [{ values: [value], match: 'any' }] }
				: { phoneNumberFilter: [{ values: [value], match: 'any' }] };
	}
	// Two items for the same person run one after the other: the second finds what the first made.
	return { ...prepared, matchBy, search, orderingKey: `contact:${matchBy}:${value.toLowerCase()}` };
}

/** The fields to PATCH: the values given that the contact does not have yet. */
export function changesFor(contact: IDataObject, body: IDataObject): IDataObject {
	const changes: IDataObject = {};
	for (const [name, value] of Object.entries(body)) {
		if (name === 'phoneNumbers' || name === 'emailAddresses') {
			const existing = ((contact[name] as IDataObject[] | undefined) ?? []).map((e) => ({ value: String(e.value), ...(e.label ? { label: e.label } : {}) }));
			const known = new Set(existing.map((e) => e.value.toLowerCase()));
			const added = (value as Array<{ value: string }>).filter((e) => !known.has(e.value.toLowerCase()));
			if (added.length) changes[name] = [...existing, ...added];
		} else if (name === 'tagIds') {
			const existing = ((contact.tags as IDataObject[] | undefined) ?? []).map((t) => String(t.id));
			const added = (value as string[]).filter((id) => !existing.includes(id));
			if (added.length) changes.tagIds = [...existing, ...added];
		} else if (JSON.stringify(contact[name]) !== JSON.stringify(value)) changes[name] = value;
	}
	return changes;
}

async function findMatches(ctx: IExecuteFunctions, itemIndex: number, item: PreparedUpsert): Promise<IDataObject[]> {
	const { body } = await spruceApiRequest.call(ctx, {
		method: 'POST',
		path: '/contacts/search',
		qs: { pageSize: 10 },
		body: { structured: item.search },
		action: 'look for the contact',
		itemIndex,
	});
	return ((body as IDataObject).contacts as IDataObject[] | undefined) ?? [];
}

export async function execute(this: IExecuteFunctions, itemIndex: number, item: PreparedUpsert) {
	const matches = await findMatches(this, itemIndex, item);
	if (matches.length > 1) {
		const names = matches.map((c) => `${String(c.displayName)} (${String(c.id)})`).join(', ');
		throw new ContactInput(this, itemIndex).fail(
			`${matches.length} contacts match, so none was updated: ${names}`,
			'Merge the duplicates in Spruce, or match by something only one contact has (e.g. Integration ID).',
		);
	}
	if (matches.length === 0) {
		const created = await createContact(this, itemIndex, item);
		if (created.duplicate !== true) return toItems(itemIndex, { ...created, created: true });
		// An earlier attempt of this item created it: show that contact.
		const [found] = await findMatches(this, itemIndex, item);
		return toItems(itemIndex, { ...(found ?? created), created: true });
	}
	let contact = matches[0];
	const id = String(contact.id);
	const changes = changesFor(contact, item.body);
	if (Object.keys(changes).length > 0) {
		const { body, duplicate } = await spruceApiRequest.call(this, {
			method: 'PATCH',
			path: `/contacts/${pathSegment(this.getNode(), id, 'contact id', itemIndex)}`,
			body: changes,
			idempotencyKey: item.idempotencyKey,
			action: 'update the contact',
			itemIndex,
		});
		if (!duplicate) contact = body as IDataObject;
	}
	const { link } = item;
	const links = (contact.integrationLinks as IDataObject[] | undefined) ?? [];
	if (link && !links.some((l) => l.type === link.type && l.externalId === link.externalId)) {
		contact = { ...contact, integrationLinks: await addIntegrationLink(this, itemIndex, id, link, item.idempotencyKey) };
	}
	return toItems(itemIndex, { ...contact, created: false });
}
