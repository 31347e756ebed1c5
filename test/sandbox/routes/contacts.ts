/** Contacts: list, search, create, get, update, delete, conversations, invite, integration links. */
import { ActivityError } from '../activity';
import { ApiError, badParameter, decodeToken, encodeToken, isPlainObject } from '../http';
import {
	CONVERSATION_CONTACTS,
	displayNameOf,
	displayPhone,
	entityContactId,
	makeContact,
	toE164,
	type SandboxContact,
} from '../practice';
import type { Store } from '../store';
import { contactTagsOf } from './labels';
import { jsonBody, type Route, type RouteContext } from './route';

export function findContact(store: Store, id: string): SandboxContact {
	const contact = store.contacts.get(id);
	if (!contact) throw new ApiError(404, 'NOT_FOUND', 'Contact not found');
	return contact;
}

function page(list: SandboxContact[], query: URLSearchParams, listName: string, extra: Record<string, unknown> = {}): string {
	const raw = query.get('pageSize');
	const pageSize = raw === null ? 100 : Number(raw);
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) throw badParameter('pageSize must be an integer from 1 to 500');
	const token = query.get('paginationToken');
	const offset = token ? decodeToken(token, listName, list.length).offset : 0;
	const end = Math.min(list.length, offset + pageSize);
	const next = end < list.length ? encodeToken(listName, end, list.length) : null;
	return JSON.stringify({
		contacts: list.slice(offset, end),
		totalCount: list.length,
		...extra,
		hasMore: next !== null,
		...(next ? { paginationToken: next } : {}),
	});
}

const byId = (store: Store) => [...store.contacts.values()].sort((a, b) => a.id.localeCompare(b.id));

/** Structured filters (phone, email, integration id, tag, name) and free text, as Spruce documents them. */
function search(store: Store, query: URLSearchParams, raw: unknown): string {
	if (!isPlainObject(raw)) throw badParameter('The body must be a JSON object');
	// By created time: the contacts created while the sandbox runs (what the polling trigger reads).
	if (isPlainObject(raw.structured) && raw.structured.createdTimeFilter !== undefined) {
		try {
			return store.webhooks.activity.searchContacts(raw, query);
		} catch (error) {
			if (error instanceof ActivityError) throw badParameter(error.message);
			throw error;
		}
	}
	const freeText = typeof raw.freeText === 'string' ? raw.freeText.trim().toLowerCase() : '';
	const structured = isPlainObject(raw.structured) ? raw.structured : {};
	const tests: Array<(c: SandboxContact) => boolean> = [];
	// Each structured filter is a list of filters, all of which must hold.
	const listFilter = (filters: unknown, values: (f: Record<string, unknown>) => unknown[], has: (c: SandboxContact, v: unknown) => boolean) => {
		if (!Array.isArray(filters)) return;
		for (const filter of filters.filter(isPlainObject)) {
			const wanted = values(filter);
			const match = filter.match;
			tests.push((c) => {
				const hits = wanted.filter((v) => has(c, v)).length;
				if (match === 'all') return hits === wanted.length;
				if (match === 'none') return hits === 0;
				return hits > 0;
			});
		}
	};
	listFilter(
		structured.phoneNumberFilter,
		(f) => (f.values as string[]).map((v) => toE164(v) ?? v),
		(c, v) => c.phoneNumbers.some((p) => p.value === v),
	);
	listFilter(
		structured.emailAddressFilter,
		(f) => (f.values as string[]).map((v) => v.toLowerCase()),
		(c, v) => c.emailAddresses.some((e) => e.value.toLowerCase() === v),
	);
	listFilter(
		structured.integrationIDFilter,
		(f) => f.integrationIDs as Array<{ id: string; integrationLinkType: string }>,
		(c, v) => c.integrationLinks.some((l) => l.externalId === (v as { id: string }).id && l.type === (v as { integrationLinkType: string }).integrationLinkType),
	);
	listFilter(structured.tagFilter, (f) => f.tags as string[], (c, v) => c.tags.some((t) => t.id === v));
	let list = byId(store).filter((c) => tests.every((t) => t(c)));
	if (freeText) {
		list = list.filter((c) =>
			[c.displayName, ...c.phoneNumbers.map((p) => `${p.value} ${p.displayValue}`), ...c.emailAddresses.map((e) => e.value)]
				.join('\n')
				.toLowerCase()
				.includes(freeText),
		);
	}
	return page(list, query, 'contacts:search', { totalCountRelation: 'eq' });
}

/** Applies a createContact / updateContact body (already checked against the OpenAPI schema). */
function apply(store: Store, contact: SandboxContact, body: Record<string, unknown>): void {
	for (const field of ['givenName', 'familyName', 'middleName', 'companyName', 'dateOfBirth', 'gender', 'category'] as const) {
		if (typeof body[field] === 'string') (contact as unknown as Record<string, string>)[field] = body[field] as string;
	}
	if (Array.isArray(body.phoneNumbers)) {
		contact.phoneNumbers = (body.phoneNumbers as Array<{ value: string; label?: string }>).map((p) => {
			const value = toE164(p.value);
			if (!value) throw badParameter(`Invalid phone number "${p.value}"`);
			return { id: entityContactId(), value, displayValue: displayPhone(value), ...(p.label ? { label: p.label } : {}) };
		});
	}
	if (Array.isArray(body.emailAddresses)) {
		contact.emailAddresses = (body.emailAddresses as Array<{ value: string; label?: string }>).map((e) => {
			if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e.value)) throw badParameter(`Invalid email address "${e.value}"`);
			return { id: entityContactId(), value: e.value, ...(e.label ? { label: e.label } : {}) };
		});
	}
	if (Array.isArray(body.tagIds)) {
		contact.tags = (body.tagIds as string[]).map((id) => {
			const tag = contactTagsOf(store).find((t) => t.id === id);
			if (!tag) throw badParameter(`Invalid tag ID "${id}"`);
			return { id: tag.id, value: tag.value, object: 'contact_tag' as const };
		});
	}
	if (Array.isArray(body.organizationContactFields)) {
		contact.organizationContactFields = (body.organizationContactFields as Array<{ id: string; value: string }>).map((f) => ({
			id: f.id,
			name: f.id,
			value: f.value,
		}));
	}
	contact.displayName = displayNameOf(contact);
}

function create(ctx: RouteContext): { status: number; body: string } {
	const body = jsonBody(ctx.body);
	if (!isPlainObject(body)) throw badParameter('The body must be a JSON object');
	const key = ctx.store.idempotencyKeyOf(ctx.req);
	const hasSomething = ['givenName', 'familyName', 'phoneNumbers', 'faxNumbers', 'emailAddresses'].some((f) =>
		Array.isArray(body[f]) ? (body[f] as unknown[]).length > 0 : typeof body[f] === 'string' && body[f] !== '',
	);
	if (!hasSomething) throw badParameter('At least one name or piece of contact information is required');
	const contact = makeContact(ctx.store.nextId('entity_C'), {}, new Date().toISOString());
	apply(ctx.store, contact, body);
	ctx.store.claimKey(ctx.path, key);
	ctx.store.contacts.set(contact.id, contact);
	return { status: 201, body: JSON.stringify(contact) };
}

function update(ctx: RouteContext): string {
	const contact = findContact(ctx.store, ctx.params[0]);
	const body = jsonBody(ctx.body);
	if (!isPlainObject(body)) throw badParameter('The body must be a JSON object');
	const key = ctx.store.idempotencyKeyOf(ctx.req);
	const copy = structuredClone(contact);
	apply(ctx.store, copy, body);
	ctx.store.claimKey(ctx.path, key);
	ctx.store.contacts.set(copy.id, copy);
	return JSON.stringify(copy);
}

function linkQuery(ctx: RouteContext, body: Record<string, unknown>): { type: string; externalId: string } {
	const type = String(body.type ?? ctx.query.get('type') ?? '');
	const externalId = String(body.externalId ?? ctx.query.get('externalId') ?? '');
	if (!type || !externalId) throw badParameter('type and externalId are required');
	return { type, externalId };
}

export const contactRoutes: Route[] = [
	{ method: 'GET', path: '/contacts', handle: ({ store, query }) => page(byId(store), query, 'contacts') },
	{ method: 'POST', path: '/contacts', handle: create },
	{ method: 'POST', path: '/contacts/search', handle: ({ store, query, body }) => search(store, query, jsonBody(body)) },
	{ method: 'GET', path: '/contacts/{id}', handle: ({ store, params }) => JSON.stringify(findContact(store, params[0])) },
	{ method: 'PATCH', path: '/contacts/{id}', handle: update },
	{
		method: 'DELETE',
		path: '/contacts/{id}',
		handle: ({ store, params }) => {
			const contact = findContact(store, params[0]);
			if (!contact.canDelete) throw badParameter('This contact cannot be deleted');
			store.contacts.delete(contact.id);
			return '{}';
		},
	},
	{
		method: 'GET',
		path: '/contacts/{id}/conversations',
		handle: ({ store, params }) => {
			const contact = findContact(store, params[0]);
			const ids = Object.entries(CONVERSATION_CONTACTS)
				.filter(([, contacts]) => contacts.includes(contact.id))
				.map(([id]) => id);
			for (const { conversation } of store.data.conversationById.values()) {
				const linked = (conversation as { associatedContactIds?: string[] }).associatedContactIds ?? [];
				if (linked.includes(contact.id) && !ids.includes(conversation.id)) ids.push(conversation.id);
			}
			const list = ids.flatMap((id) => store.data.conversationById.get(id)?.json ?? []);
			return `{"conversations":[${list.join(',')}]}`;
		},
	},
	{
		method: 'POST',
		path: '/contacts/{id}/invite',
		handle: (ctx) => {
			const contact = findContact(ctx.store, ctx.params[0]);
			const body = jsonBody(ctx.body) as { internalEndpointId: string; destinationId: string };
			const destinations = [...contact.phoneNumbers, ...contact.emailAddresses].map((d) => d.id);
			if (!destinations.includes(body.destinationId)) throw badParameter('destinationId is not a phone number or email of this contact');
			const updated = { ...contact, hasPendingInvite: true };
			ctx.store.contacts.set(contact.id, updated);
			const conversation = ctx.store.data.conversationById.get(CONVERSATION_CONTACTS.t_0002.includes(contact.id) ? 't_0002' : 't_0008');
			return `{"contact":${JSON.stringify(updated)},"conversation":${conversation!.json}}`;
		},
	},
	{
		method: 'POST',
		path: '/contacts/{id}/integrationlinks',
		handle: (ctx) => {
			const contact = findContact(ctx.store, ctx.params[0]);
			const body = jsonBody(ctx.body) as Record<string, unknown>;
			const key = ctx.store.idempotencyKeyOf(ctx.req);
			const { type, externalId } = linkQuery(ctx, body);
			ctx.store.claimKey(ctx.path, key);
			const links = contact.integrationLinks.filter((l) => l.type !== type);
			links.push({ contactId: contact.id, type, externalId, ...(typeof body.url === 'string' ? { url: body.url } : {}) });
			ctx.store.contacts.set(contact.id, { ...contact, integrationLinks: links });
			return { status: 201, body: JSON.stringify({ integrationLinks: links }) };
		},
	},
	{
		method: 'DELETE',
		path: '/contacts/{id}/integrationlinks',
		handle: (ctx) => {
			const contact = findContact(ctx.store, ctx.params[0]);
			const body = ctx.body.length ? (jsonBody(ctx.body) as Record<string, unknown>) : {};
			const { type, externalId } = linkQuery(ctx, body);
			const links = contact.integrationLinks.filter((l) => !(l.type === type && l.externalId === externalId));
			if (links.length === contact.integrationLinks.length) throw new ApiError(404, 'NOT_FOUND', 'Integration link not found');
			ctx.store.contacts.set(contact.id, { ...contact, integrationLinks: links });
			return '{}';
		},
	},
];
