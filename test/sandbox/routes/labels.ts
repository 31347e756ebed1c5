/**
 * The organization's labels: contact tags, contact fields and conversation tags. Creating one
 * that exists (same text, any case) answers 201 with the existing one, as Spruce documents.
 */
import { badParameter, isPlainObject } from '../http';
import { TAGS } from '../practice';
import type { Store } from '../store';
import { pageOf } from './paging';
import { jsonBody, type Route, type RouteContext } from './route';

interface LabelKind {
	path: string;
	/** the list's key in GET answers */
	listKey: string;
	/** the text field: value (tags) or name (fields) */
	field: 'value' | 'name';
	idPrefix: string;
	object?: string;
	seed: () => Array<Record<string, string>>;
}

export const CONTACT_FIELDS = [
	{ id: 'cf_PHARMACY', name: 'Preferred Pharmacy' },
	{ id: 'cf_INSURER', name: 'Insurance Carrier' },
];

const CONVERSATION_TAGS = [
	{ id: 'ctag_FOLLOWUP', value: 'Follow-up', object: 'conversation_tag' },
	{ id: 'ctag_BILLING', value: 'Billing', object: 'conversation_tag' },
	{ id: 'ctag_URGENT', value: 'Urgent', object: 'conversation_tag' },
];

const KINDS: LabelKind[] = [
	{
		path: '/contacts/tags',
		listKey: 'tags',
		field: 'value',
		idPrefix: 'tag_',
		object: 'contact_tag',
		seed: () => Object.values(TAGS).map((t) => ({ ...t })),
	},
	{
		path: '/contacts/fields',
		listKey: 'fields',
		field: 'name',
		idPrefix: 'cf_',
		seed: () => CONTACT_FIELDS.map((f) => ({ ...f })),
	},
	{
		path: '/conversations/tags',
		listKey: 'tags',
		field: 'value',
		idPrefix: 'ctag_',
		object: 'conversation_tag',
		seed: () => CONVERSATION_TAGS.map((t) => ({ ...t })),
	},
];

const labels = (store: Store, kind: LabelKind) => store.state(kind.path, kind.seed);

function create(kind: LabelKind, ctx: RouteContext) {
	const { store } = ctx;
	const raw = jsonBody(ctx.body);
	const text =
		isPlainObject(raw) && typeof raw[kind.field] === 'string'
			? (raw[kind.field] as string).trim()
			: '';
	if (!text) throw badParameter(`${kind.field} is required`);
	const key = store.idempotencyKeyOf(ctx.req);
	store.claimKey(ctx.path, key);
	const list = labels(store, kind);
	let label = list.find((entry) => entry[kind.field].toLowerCase() === text.toLowerCase());
	if (!label) {
		label = {
			id: store.nextId(kind.idPrefix),
			[kind.field]: text,
			...(kind.object ? { object: kind.object } : {}),
		};
		list.push(label);
	}
	return { status: 201, body: JSON.stringify(label) };
}

export const labelRoutes: Route[] = KINDS.flatMap((kind): Route[] => [
	{
		method: 'GET',
		path: kind.path,
		handle: ({ store, query }) =>
			pageOf(labels(store, kind), query, kind.listKey, { min: 1, max: 500, size: 100 }),
	},
	{ method: 'POST', path: kind.path, handle: (ctx) => create(kind, ctx) },
]);

/** The organization's tags as they stand (created ones included), for routes that apply them. */
export const contactTagsOf = (store: Store) => labels(store, KINDS[0]);
export const conversationTagsOf = (store: Store) => labels(store, KINDS[2]);
