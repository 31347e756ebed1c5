import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Integration types Spruce links contacts with (`contact_integrationLinkType`). */
export const INTEGRATION_TYPES = [
	{ name: 'Athena', value: 'athena' },
	{ name: 'Custom', value: 'custom' },
	{ name: 'Elation', value: 'elation' },
	{ name: 'Hint', value: 'hint' },
];

export const integrationTypeField: INodeProperties = {
	displayName: 'Integration Type',
	name: 'integrationLinkType',
	type: 'options',
	options: INTEGRATION_TYPES,
	default: 'custom',
	description: 'The system the ID comes from (your EHR). Custom for any other system.',
};

/**
 * A phone number in E.164 (+15551234567), or null. US numbers may come without +1, in any of
 * the usual spellings: 5551234567, (555) 123-4567, 555-123-4567, 1 555 123 4567.
 */
export function toE164(raw: string): string | null {
	const trimmed = raw.trim();
	const digits = trimmed.replace(/[\s().-]/g, '');
	if (/^\+[1-9]\d{7,14}$/.test(digits)) return digits;
	if (/^\d{10}$/.test(digits)) return `+1${digits}`;
	if (/^1\d{10}$/.test(digits)) return `+${digits}`;
	return null;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads and checks contact values for one item, failing with the field's name. */
export class ContactInput {
	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
	) {}

	fail(message: string, description: string): NodeOperationError {
		return new NodeOperationError(this.ctx.getNode(), message, { itemIndex: this.itemIndex, description });
	}

	phone(raw: unknown, field: string): string {
		const value = toE164(String(raw ?? ''));
		if (!value) {
			throw this.fail(
				`${field}: "${String(raw)}" is not a phone number`,
				'Enter a phone number such as +15551234567 or (555) 123-4567 (US numbers may leave out +1).',
			);
		}
		return value;
	}

	email(raw: unknown, field: string): string {
		const value = String(raw ?? '').trim();
		if (!EMAIL.test(value)) {
			throw this.fail(`${field}: "${value}" is not an email address`, 'Enter an address such as jane@example.com.');
		}
		return value;
	}

	/** A comma-separated list, blanks dropped. */
	list(raw: unknown): string[] {
		return String(raw ?? '')
			.split(',')
			.map((part) => part.trim())
			.filter((part) => part !== '');
	}

	/**
	 * The body fields (createContact / updateContact) from a collection of contact values;
	 * only the values given are in the result.
	 */
	body(values: IDataObject, where: string): IDataObject {
		const body: IDataObject = {};
		for (const name of ['givenName', 'familyName', 'middleName', 'companyName']) {
			const value = values[name];
			if (typeof value === 'string' && value.trim() !== '') body[name] = value.trim();
		}
		if (values.dateOfBirth) {
			const raw = String(values.dateOfBirth).trim();
			const date = raw.slice(0, 10);
			if (!DATE.test(date) || Number.isNaN(Date.parse(date))) {
				throw this.fail(`${where} → Date of Birth: "${raw}" is not a date`, 'Enter the date as YYYY-MM-DD, e.g. 1984-03-12.');
			}
			body.dateOfBirth = date;
		}
		for (const name of ['gender', 'category']) if (values[name]) body[name] = values[name];
		const phones = [
			...(values.phoneNumber ? [values.phoneNumber] : []),
			...this.list(values.additionalPhoneNumbers),
		].map((raw) => ({ value: this.phone(raw, `${where} → Phone Number`) }));
		if (phones.length) body.phoneNumbers = phones;
		const emails = [
			...(values.emailAddress ? [values.emailAddress] : []),
			...this.list(values.additionalEmailAddresses),
		].map((raw) => ({ value: this.email(raw, `${where} → Email Address`) }));
		if (emails.length) body.emailAddresses = emails;
		const tagIds = this.list(values.tagIds);
		if (tagIds.length) body.tagIds = tagIds;
		const custom = ((values.customFields as IDataObject | undefined)?.field as IDataObject[] | undefined) ?? [];
		if (custom.length) {
			body.organizationContactFields = custom.map((field, n) => {
				const id = String(field.id ?? '').trim();
				if (!id) throw this.fail(`${where} → Custom Fields → field ${n + 1} has no field ID`, 'Enter the ID of the custom field, or remove it.');
				return { id, value: String(field.value ?? '') };
			});
		}
		return body;
	}
}

/** Contact values beyond the main four, shared by Create, Create or Update and Update. */
export const contactDetailFields: INodeProperties[] = [
	{
		displayName: 'Additional Email Addresses',
		name: 'additionalEmailAddresses',
		type: 'string',
		default: '',
		description: 'More email addresses, separated by commas',
	},
	{
		displayName: 'Additional Phone Numbers',
		name: 'additionalPhoneNumbers',
		type: 'string',
		default: '',
		description: 'More phone numbers, separated by commas',
	},
	{
		displayName: 'Category',
		name: 'category',
		type: 'options',
		options: [
			{ name: 'Patient', value: 'patient' },
			{ name: 'Professional', value: 'professional' },
		],
		default: 'patient',
	},
	{ displayName: 'Company Name', name: 'companyName', type: 'string', default: '' },
	{
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Custom Field',
		description: "Values of your organization's custom contact fields",
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'id',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getContactFields' },
						default: '',
						description:
							'The custom field (create new ones with Contact Field → Create). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Date of Birth',
		name: 'dateOfBirth',
		type: 'string',
		default: '',
		placeholder: '1984-03-12',
		description: 'As YYYY-MM-DD',
	},
	{
		displayName: 'Gender',
		name: 'gender',
		type: 'options',
		options: [
			{ name: 'Female', value: 'female' },
			{ name: 'Male', value: 'male' },
			{ name: 'Other', value: 'other' },
			{ name: 'Unknown', value: 'unknown' },
		],
		default: 'unknown',
	},
	{ displayName: 'Middle Name', name: 'middleName', type: 'string', default: '' },
	{
		displayName: 'Tag Names or IDs',
		name: 'tagIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getContactTags' },
		default: [],
		description:
			'Contact tags (create new ones with Contact Tag → Create). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

/** The optional integration link (e.g. the EHR patient ID) a created contact gets. */
export const integrationLinkField: INodeProperties = {
	displayName: 'Integration Link',
	name: 'integrationLink',
	type: 'fixedCollection',
	default: {},
	placeholder: 'Add Integration Link',
	description: 'Link the contact to its record in your EHR or another system',
	options: [
		{
			displayName: 'Link',
			name: 'link',
			values: [
				integrationTypeField,
				{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', placeholder: 'elation_140797386655555' },
				{
					displayName: 'URL',
					name: 'url',
					type: 'string',
					default: '',
					description: 'The contact in the other system (custom links only)',
				},
			],
		},
	],
};
