/**
 * Fixed seed data of the Spruce sandbox, plus generators for big organizations.
 *
 * Other tests are written against these exact ids, names and orders: change them only together
 * with those tests.
 */

export const ORG_ID = 'entity_ORG0001';
export const ORG_NAME = 'Riverside Family Practice';

export interface SandboxOrganization {
	id: string;
	name: string;
	type: 'organization';
	object: 'organization';
}

export interface SandboxTeammate {
	id: string;
	displayName: string;
	email: string;
	isAdmin: boolean;
	isSuspended: boolean;
	type: 'teammate';
	object: 'teammate';
}

export interface SandboxTeam {
	id: string;
	name: string;
	type: 'team';
	object: 'team';
}

export type SandboxMember = SandboxOrganization | SandboxTeammate | SandboxTeam;

export type ConversationType = 'email' | 'phone' | 'secure' | 'fax' | 'team' | 'note' | 'other';

export interface SandboxConversation {
	id: string;
	title: string;
	subtitle: string;
	type: ConversationType;
	archived: boolean;
	isReadOnly: boolean;
	tags: string[];
	createdAt: string;
	lastMessageAt: string;
	appURL: string;
	apiURL: string;
	object: 'conversation';
}

export const ORGANIZATION: SandboxOrganization = {
	id: ORG_ID,
	name: ORG_NAME,
	type: 'organization',
	object: 'organization',
};

function teammate(
	id: string,
	displayName: string,
	email: string,
	flags: { isAdmin?: boolean; isSuspended?: boolean } = {},
): SandboxTeammate {
	return {
		id,
		displayName,
		email,
		isAdmin: flags.isAdmin ?? false,
		isSuspended: flags.isSuspended ?? false,
		type: 'teammate',
		object: 'teammate',
	};
}

function team(id: string, name: string): SandboxTeam {
	return { id, name, type: 'team', object: 'team' };
}

export const SEED_TEAMMATES: readonly SandboxTeammate[] = [
	teammate('entity_TM001', 'Dr. Ada Moss, MD', 'ada.moss@riverside.example.com', { isAdmin: true }),
	teammate('entity_TM002', 'Ben Ortiz, RN', 'ben.ortiz@riverside.example.com'),
	teammate('entity_TM003', 'Chloe Park', 'chloe.park@riverside.example.com'),
	teammate('entity_TM004', 'Dan Reyes', 'dan.reyes@riverside.example.com', { isSuspended: true }),
];

export const SEED_TEAMS: readonly SandboxTeam[] = [
	team('entity_TEAM01', 'Front Desk'),
	team('entity_TEAM02', 'Billing Team'),
];

export function conversationAppURL(conversationId: string): string {
	return `https://app.sprucehealth.com/org/${ORG_ID}/thread/${conversationId}`;
}

export function conversationApiURL(conversationId: string): string {
	return `https://api.sprucehealth.com/v1/conversations/${conversationId}`;
}

/** A conversation that starts now: made through the API, or by a patient's first message. */
export function freshConversation<F extends Pick<SandboxConversation, 'type' | 'title' | 'subtitle'>>(
	id: string,
	fields: F,
): SandboxConversation & F {
	const now = new Date().toISOString();
	return {
		id,
		archived: false,
		isReadOnly: false,
		tags: [],
		createdAt: now,
		lastMessageAt: now,
		appURL: conversationAppURL(id),
		apiURL: conversationApiURL(id),
		object: 'conversation',
		...fields,
	};
}

function conversation(
	id: string,
	title: string,
	subtitle: string,
	type: ConversationType,
	createdAt: string,
	lastMessageAt: string,
	flags: { archived?: boolean; isReadOnly?: boolean } = {},
): SandboxConversation {
	return {
		id,
		title,
		subtitle,
		type,
		archived: flags.archived ?? false,
		isReadOnly: flags.isReadOnly ?? false,
		tags: [],
		createdAt,
		lastMessageAt,
		appURL: conversationAppURL(id),
		apiURL: conversationApiURL(id),
		object: 'conversation',
	};
}

/**
 * Seed conversations. Orders (both lists are newest first):
 * - orderBy=last_message: t_0001, t_0002, … t_0008, then the generated ones.
 * - orderBy=created:      t_0008, t_0007, … t_0001, then the generated ones.
 */
export const SEED_CONVERSATIONS: readonly SandboxConversation[] = [
	conversation('t_0001', 'Jane Cooper', '(555) 201-0001', 'phone', '2025-01-01T09:00:00.000Z', '2025-06-01T12:00:00.000Z'),
	conversation('t_0002', 'Robert Fox', 'Secure conversation', 'secure', '2025-01-02T09:00:00.000Z', '2025-06-01T11:00:00.000Z'),
	conversation('t_0003', 'Esther Howard', 'esther.howard@example.com', 'email', '2025-01-03T09:00:00.000Z', '2025-06-01T10:00:00.000Z'),
	conversation('t_0004', 'Front Desk', 'Team conversation', 'team', '2025-01-04T09:00:00.000Z', '2025-06-01T09:00:00.000Z'),
	conversation('t_0005', 'Care notes – Jane Cooper', 'Note', 'note', '2025-01-05T09:00:00.000Z', '2025-06-01T08:00:00.000Z'),
	conversation('t_0006', 'Lab Corp', 'Fax (555) 300-0006', 'fax', '2025-01-06T09:00:00.000Z', '2025-06-01T07:00:00.000Z', {
		isReadOnly: true,
	}),
	conversation('t_0007', 'Cameron Williamson', '(555) 201-0007', 'phone', '2025-01-07T09:00:00.000Z', '2025-06-01T06:00:00.000Z', {
		archived: true,
	}),
	conversation('t_0008', 'Brooklyn Simmons', 'Secure conversation', 'secure', '2025-01-08T09:00:00.000Z', '2025-06-01T05:00:00.000Z'),
];

/** Every this-many generated conversations, one gets a distinctive title a search can find. */
export const SEARCH_TARGET_EVERY = 10_000;

/** Generated conversations start here and go back one minute each: all older than the seed. */
const GENERATED_BASE_MS = Date.parse('2024-12-31T00:00:00.000Z');
const MINUTE_MS = 60_000;

function pad(n: number, width: number): string {
	return String(n).padStart(width, '0');
}

/** The n-th generated conversation (n ≥ 1): `t_G0000001` "Patient 1", …; every 10,000th is "Zebra Search Target N". */
export function generatedConversation(n: number): SandboxConversation {
	const id = `t_G${pad(n, 7)}`;
	const title = n % SEARCH_TARGET_EVERY === 0 ? `Zebra Search Target ${n / SEARCH_TARGET_EVERY}` : `Patient ${n}`;
	const subtitle = `(555) 9${pad(Math.floor(n / 10_000) % 100, 2)}-${pad(n % 10_000, 4)}`;
	// created a day before its last message; both strictly decreasing with n
	const lastMessageMs = GENERATED_BASE_MS - n * MINUTE_MS;
	const createdMs = lastMessageMs - 24 * 60 * MINUTE_MS;
	return conversation(id, title, subtitle, 'phone', new Date(createdMs).toISOString(), new Date(lastMessageMs).toISOString());
}

export function generateConversations(count: number): SandboxConversation[] {
	const out = new Array<SandboxConversation>(count);
	for (let i = 0; i < count; i++) out[i] = generatedConversation(i + 1);
	return out;
}

/** The n-th generated teammate (n ≥ 1): `entity_GEN000001` "Generated Teammate 1". */
export function generatedTeammate(n: number): SandboxTeammate {
	return teammate(`entity_GEN${pad(n, 6)}`, `Generated Teammate ${n}`, `generated.teammate${n}@riverside.example.com`);
}

export function generateTeammates(count: number): SandboxTeammate[] {
	const out = new Array<SandboxTeammate>(count);
	for (let i = 0; i < count; i++) out[i] = generatedTeammate(i + 1);
	return out;
}

export interface SeedOptions {
	extraConversations?: number;
	extraMembers?: number;
}

/** The sandbox's whole data set: members in list order, conversations in seed-then-generated order. */
export interface SeedData {
	organization: SandboxOrganization;
	members: SandboxMember[];
	conversations: SandboxConversation[];
}

export function buildSeedData(options: SeedOptions = {}): SeedData {
	const extraConversations = Math.max(0, Math.floor(options.extraConversations ?? 0));
	const extraMembers = Math.max(0, Math.floor(options.extraMembers ?? 0));
	return {
		organization: { ...ORGANIZATION },
		members: [
			{ ...ORGANIZATION },
			...SEED_TEAMMATES.map((m) => ({ ...m })),
			...SEED_TEAMS.map((t) => ({ ...t })),
			...generateTeammates(extraMembers),
		],
		conversations: [...SEED_CONVERSATIONS.map((c) => ({ ...c, tags: [...c.tags] })), ...generateConversations(extraConversations)],
	};
}
