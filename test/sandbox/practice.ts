/**
 * The sandbox's practice data beyond conversations and members: contacts (phones, emails,
 * integration links, tags), internal endpoints, conversation items (with attachments and
 * transcriptions). Other tests are written against these exact ids: change them together.
 */
import { ORG_ID, SEED_TEAMMATES, ORGANIZATION, conversationAppURL } from './seed';

export interface SandboxPhone {
	id: string;
	value: string;
	displayValue: string;
	label?: string;
}

export interface SandboxContact {
	id: string;
	object: 'contact';
	displayName: string;
	givenName?: string;
	familyName?: string;
	middleName?: string;
	companyName?: string;
	dateOfBirth?: string;
	gender: string;
	category: string;
	phoneNumbers: SandboxPhone[];
	emailAddresses: Array<{ id: string; value: string; label?: string }>;
	faxNumbers: SandboxPhone[];
	tags: Array<{ id: string; value: string; object: 'contact_tag' }>;
	integrationLinks: Array<{ contactId: string; type: string; externalId: string; url?: string }>;
	customFields: unknown[];
	customContactFields: unknown[];
	organizationContactFields: Array<{ id: string; name: string; value: string }>;
	internalMemberIds: string[];
	created: string;
	appURL: string;
	apiURL: string;
	hasAccount: boolean;
	hasPendingInvite: boolean;
	canDelete: boolean;
	canEdit: boolean;
}

export interface SandboxItem {
	id: string;
	object: 'conversationItem';
	conversationId: string;
	direction: 'inbound' | 'outbound' | 'none';
	isInternalNote: boolean;
	text: string;
	author: { displayName: string; id?: string };
	attachments: Array<{ title: string; type: string; data: Record<string, unknown> }>;
	pages: unknown[];
	buttons: unknown[];
	requestId: string;
	createdAt: string;
	modifiedAt: string;
	appURL: string;
	apiURL: string;
	canDelete: boolean;
}

export const TAGS = {
	vip: { id: 'tag_VIP', value: 'VIP', object: 'contact_tag' as const },
	diabetes: { id: 'tag_DIAB', value: 'Diabetes program', object: 'contact_tag' as const },
};

/** +1 and ten digits for US numbers given without a country code; other digits kept with a +. */
export function toE164(raw: string): string | null {
	const digits = raw.replace(/[^\d+]/g, '');
	if (/^\+\d{8,15}$/.test(digits)) return digits;
	if (/^\d{10}$/.test(digits)) return `+1${digits}`;
	if (/^1\d{10}$/.test(digits)) return `+${digits}`;
	return null;
}

export function displayPhone(e164: string): string {
	const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
	return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

let entityCounter = 0;
/** Ids of phone numbers and emails inside contacts ("entityContact_…"). */
export function entityContactId(): string {
	entityCounter++;
	return `entityContact_${String(entityCounter).padStart(6, '0')}`;
}

export function makeContact(
	id: string,
	fields: Partial<SandboxContact> & { phones?: string[]; emails?: string[] },
	created = '2025-01-01T09:00:00.000Z',
): SandboxContact {
	const { phones = [], emails = [], ...rest } = fields;
	const contact: SandboxContact = {
		id,
		object: 'contact',
		displayName: '',
		gender: 'unknown',
		category: 'patient',
		phoneNumbers: phones.map((p) => ({ id: entityContactId(), value: p, displayValue: displayPhone(p), label: 'Mobile' })),
		emailAddresses: emails.map((e) => ({ id: entityContactId(), value: e, label: 'Home' })),
		faxNumbers: [],
		tags: [],
		integrationLinks: [],
		customFields: [],
		customContactFields: [],
		organizationContactFields: [],
		internalMemberIds: [],
		created,
		appURL: `https://app.sprucehealth.com/org/${ORG_ID}/contact/${id}`,
		apiURL: `https://api.sprucehealth.com/v1/contacts/${id}`,
		hasAccount: false,
		hasPendingInvite: false,
		canDelete: true,
		canEdit: true,
		...rest,
	};
	contact.displayName = displayNameOf(contact);
	return contact;
}

export function displayNameOf(contact: SandboxContact): string {
	const name = [contact.givenName, contact.familyName].filter(Boolean).join(' ');
	return name || contact.companyName || contact.phoneNumbers[0]?.displayValue || contact.emailAddresses[0]?.value || 'Unnamed contact';
}

export function seedContacts(extra = 0): SandboxContact[] {
	const link = (contactId: string, type: string, externalId: string) => ({ contactId, type, externalId });
	const contacts = [
		makeContact('entity_C0001', {
			givenName: 'Jane',
			familyName: 'Cooper',
			dateOfBirth: '1984-03-12',
			gender: 'female',
			phones: ['+15552010001'],
			emails: ['jane.cooper@example.com'],
			tags: [TAGS.vip, TAGS.diabetes],
			integrationLinks: [link('entity_C0001', 'elation', 'elation_1001')],
			hasAccount: true,
		}),
		makeContact('entity_C0002', {
			givenName: 'Robert',
			familyName: 'Fox',
			phones: ['+15552010002'],
			emails: ['robert.fox@example.com'],
			tags: [TAGS.diabetes],
			hasAccount: true,
		}),
		makeContact('entity_C0003', { givenName: 'Esther', familyName: 'Howard', emails: ['esther.howard@example.com'] }),
		makeContact('entity_C0007', { givenName: 'Cameron', familyName: 'Williamson', phones: ['+15552010007'] }),
		makeContact('entity_C0008', { givenName: 'Brooklyn', familyName: 'Simmons', emails: ['brooklyn@example.com'], hasAccount: true }),
		// Two contacts share a household phone: matching by it finds both.
		makeContact('entity_C0010', { givenName: 'Kim', familyName: 'Lee', phones: ['+15552019999'] }),
		makeContact('entity_C0011', { givenName: 'Sam', familyName: 'Lee', phones: ['+15552019999'], canDelete: false }),
	];
	for (let n = 1; n <= extra; n++) {
		const id = `entity_CG${String(n).padStart(6, '0')}`;
		contacts.push(makeContact(id, { givenName: 'Patient', familyName: String(n), phones: [`+1555800${String(n % 10000).padStart(4, '0')}`] }));
	}
	return contacts;
}

/** Which contacts each seed conversation is with (and notes are about). */
export const CONVERSATION_CONTACTS: Record<string, string[]> = {
	t_0001: ['entity_C0001'],
	t_0002: ['entity_C0002'],
	t_0003: ['entity_C0003'],
	t_0005: ['entity_C0001'],
	t_0007: ['entity_C0007'],
	t_0008: ['entity_C0008'],
};

const endpoint = (id: string, channel: string, displayValue: string, rawValue: string) => ({
	id,
	channel,
	displayValue,
	rawValue,
	isInternal: true,
	object: 'endpoint',
});

export const INTERNAL_ENDPOINTS = [
	{ endpoint: endpoint('ie_PHONE_MAIN', 'phone', '(555) 100-0001', '+15551000001'), owner: { ...ORGANIZATION }, object: 'internalEndpoint' },
	{
		endpoint: endpoint('ie_PHONE_NURSE', 'phone', '(555) 100-0002', '+15551000002'),
		owner: { ...SEED_TEAMMATES[1] },
		object: 'internalEndpoint',
	},
	{ endpoint: endpoint('ie_EMAIL', 'email', 'frontdesk@riverside.example.com', 'frontdesk@riverside.example.com'), owner: { ...ORGANIZATION }, object: 'internalEndpoint' },
	{ endpoint: endpoint('ie_FAX', 'fax', '(555) 100-0009', '+15551000009'), owner: { ...ORGANIZATION }, object: 'internalEndpoint' },
	{ endpoint: endpoint('organizationCode_RIVERSIDE', 'secure', 'spruce.care/riverside', 'riverside'), owner: { ...ORGANIZATION }, object: 'internalEndpoint' },
];

export function itemAppURL(conversationId: string, itemId: string): string {
	return `${conversationAppURL(conversationId)}/message/${itemId}`;
}

export function makeItem(
	id: string,
	conversationId: string,
	createdAt: string,
	fields: Partial<SandboxItem> = {},
): SandboxItem {
	return {
		id,
		object: 'conversationItem',
		conversationId,
		direction: 'outbound',
		isInternalNote: false,
		text: '',
		author: { displayName: ORGANIZATION.name, id: ORG_ID },
		attachments: [],
		pages: [],
		buttons: [],
		requestId: '',
		createdAt,
		modifiedAt: createdAt,
		appURL: itemAppURL(conversationId, id),
		apiURL: `https://api.sprucehealth.com/v1/conversationItems/${id}`,
		canDelete: true,
		...fields,
	};
}

/**
 * Items of t_0001 (oldest first): `extra` generated items are added to t_0001 before the seed
 * ones, for paging tests. Attachment URLs are filled in by the server (they point at it).
 */
export function seedItems(extra = 0): SandboxItem[] {
	const items: SandboxItem[] = [];
	const base = Date.parse('2025-05-01T00:00:00.000Z');
	for (let n = 1; n <= extra; n++) {
		const at = new Date(base + n * 60_000).toISOString();
		items.push(makeItem(`ti_G${String(n).padStart(6, '0')}`, 't_0001', at, { text: `Generated message ${n}`, direction: n % 2 ? 'inbound' : 'outbound' }));
	}
	const jane = { displayName: 'Jane Cooper' };
	items.push(
		makeItem('ti_0001', 't_0001', '2025-06-01T09:00:00.000Z', { text: 'Hi, can I move my appointment?', direction: 'inbound', author: jane, canDelete: false }),
		makeItem('ti_0002', 't_0001', '2025-06-01T10:00:00.000Z', { text: 'Of course — Tuesday 10:00 works.' }),
		makeItem('ti_0003', 't_0001', '2025-06-01T11:00:00.000Z', {
			text: 'Here are my insurance card and lab results.',
			direction: 'inbound',
			author: jane,
			attachments: [
				{ title: 'insurance-card.png', type: 'image', data: { mimetype: 'image/png' } },
				{ title: 'labs.pdf', type: 'document', data: { name: 'labs.pdf', mimetype: 'application/pdf' } },
			],
		}),
		makeItem('ti_0004', 't_0001', '2025-06-01T12:00:00.000Z', {
			text: '',
			direction: 'inbound',
			author: jane,
			attachments: [
				{ title: 'voicemail.mp3', type: 'audio', data: { mimetype: 'audio/mpeg', transcription: { id: 'tr_0004', status: 'completed' } } },
			],
		}),
	);
	return items;
}

/** The bytes behind each seed attachment, served at its signed URL. */
export const ATTACHMENT_BYTES: Record<string, Buffer> = {
	'ti_0003/0': Buffer.from('\x89PNG insurance card'),
	'ti_0003/1': Buffer.from('%PDF-1.4 lab results'),
	'ti_0004/0': Buffer.from('ID3 voicemail audio'),
};

export const TRANSCRIPTIONS: Record<string, { id: string; status: string; text: string; summarization?: { status: string; text: string } }> = {
	tr_0004: {
		id: 'tr_0004',
		status: 'completed',
		text: 'Hi, this is Jane Cooper calling about my prescription refill.',
		summarization: { status: 'completed', text: 'Jane Cooper asks for a prescription refill.' },
	},
};
