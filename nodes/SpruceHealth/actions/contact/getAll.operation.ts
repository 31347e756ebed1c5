import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { filtersField } from '../../descriptions/collections';
import { getMany, getManyFields } from '../getMany';
import type { PreparedItem } from '../node.type';
import { ContactInput, integrationTypeField } from './fields';

const properties: INodeProperties[] = [
	...getManyFields(),
	filtersField(
		[
			{
				displayName: 'Email Address',
				name: 'emailAddress',
				type: 'string',
				default: '',
				placeholder: 'jane@example.com',
			},
			{
				displayName: 'Free Text',
				name: 'freeText',
				type: 'string',
				default: '',
				description: 'Words to find in names, phone numbers and emails (results by relevance)',
			},
			{
				displayName: 'Integration ID',
				name: 'integrationId',
				type: 'string',
				default: '',
				description: 'The contact\'s ID in your EHR or another integrated system',
			},
			{ ...integrationTypeField, description: 'The system the Integration ID comes from' },
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				default: '',
				placeholder: '(555) 201-0001',
				description: 'Any usual spelling; US numbers may leave out +1',
			},
			{
				displayName: 'Tag Name or ID',
				name: 'tagId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getContactTags' },
				default: '',
				description:
					'Only contacts with this tag. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
		'With any filter set, Spruce searches; without, it lists every contact',
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['getAll'] } },
	properties,
);

interface Filters {
	freeText?: string;
	phoneNumber?: string;
	emailAddress?: string;
	integrationId?: string;
	integrationLinkType?: string;
	tagId?: string;
}

/** The `contactSearch` body for the filters given, or undefined when none is set (list instead). */
export function contactSearchBody(input: ContactInput, filters: Filters): IDataObject | undefined {
	const structured: IDataObject = {};
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	if (text(filters.phoneNumber)) {
		structured.phoneNumberFilter = [{ values: [input.phone(filters.phoneNumber, 'Filters → Phone Number')], match: 'any' }];
	}
	if (text(filters.emailAddress)) {
		structured.emailAddressFilter = [{ values: [input.email(filters.emailAddress, 'Filters → Email Address')], match: 'any' }];
	}
	if (text(filters.integrationId)) {
		structured.integrationIDFilter = [
			{
				integrationIDs: [{ id: text(filters.integrationId), integrationLinkType: filters.integrationLinkType ?? 'custom' }],
				match: 'any',
			},
		];
	}
	if (text(filters.tagId)) structured.tagFilter = [{ tags: [text(filters.tagId)], match: 'any' }];
	const body: IDataObject = {};
	if (text(filters.freeText)) body.freeText = text(filters.freeText);
	if (Object.keys(structured).length) body.structured = structured;
	return Object.keys(body).length ? body : undefined;
}

interface PreparedSearch extends PreparedItem {
	search?: IDataObject;
}

/** Filters are checked (phone, email) for every item before any is sent. */
export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedSearch> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as Filters;
	return { search: contactSearchBody(new ContactInput(this, itemIndex), filters) };
}

export async function execute(this: IExecuteFunctions, itemIndex: number, { search }: PreparedSearch) {
	return await getMany.call(this, itemIndex, {
		...(search ? { method: 'POST', path: '/contacts/search', body: search } : { path: '/contacts' }),
		listKey: 'contacts',
		pageSize: 500,
		action: search ? 'search contacts' : 'list contacts',
	});
}
