/** GET /internalendpoints and POST /internalendpoints/{id}/conversations (send to a phone, email, fax or contact). */
import { ApiError, badParameter, isPlainObject, newId } from '../http';
import { displayPhone, INTERNAL_ENDPOINTS, toE164 } from '../practice';
import type { ConversationType, SandboxConversation } from '../seed';
import type { Store } from '../store';
import { newConversation } from './conversations';
import { validateMessage } from './messages';
import { jsonBody, type Route, type RouteContext } from './route';

function findEndpoint(id: string) {
	const found = INTERNAL_ENDPOINTS.find((e) => e.endpoint.id === id);
	if (!found) throw new ApiError(404, 'NOT_FOUND', 'Internal endpoint not found');
	return found;
}

/**
 * The conversation a send lands in: an existing one with that destination, or a new one linked
 * to the contacts who have that phone number or email (as Spruce links them).
 */
function conversationFor(
	store: Store,
	type: ConversationType,
	title: string,
	subtitle: string,
	contactIds: string[] = [],
): SandboxConversation {
	for (const { conversation } of store.data.conversationById.values()) {
		if (conversation.type === type && conversation.subtitle === subtitle) return conversation;
	}
	return newConversation(store, { type, title, subtitle, ...(contactIds.length ? { associatedContactIds: contactIds } : {}) });
}

function send(ctx: RouteContext): string {
	const { store } = ctx;
	const { endpoint } = findEndpoint(ctx.params[0]);
	const raw = jsonBody(ctx.body);
	if (!isPlainObject(raw) || !isPlainObject(raw.destination)) throw badParameter('destination is required');
	const key = store.idempotencyKeyOf(ctx.req);
	const destination = raw.destination;
	const given = ['smsOrEmailEndpoint', 'faxEndpoint', 'secureEndpoint'].filter((f) => destination[f] !== undefined);
	if (given.length !== 1) throw badParameter('Exactly one of smsOrEmailEndpoint, faxEndpoint or secureEndpoint is required');
	let conversation: SandboxConversation | null = null;
	const pseudo = { type: 'secure' } as SandboxConversation;
	const message = validateMessage(raw.message, pseudo, store.data.memberById, store.mediaIds);
	if (message.attachments?.length) throw badParameter('Attachments are not supported when sending from an internal endpoint');
	const sendAt = typeof raw.sendAt === 'string' ? raw.sendAt : undefined;

	let target: () => SandboxConversation;
	if (given[0] === 'smsOrEmailEndpoint') {
		const value = String(destination.smsOrEmailEndpoint);
		if (endpoint.channel === 'phone') {
			const e164 = toE164(value);
			if (!e164) throw badParameter(`"${value}" is not a phone number`);
			const owners = [...store.contacts.values()].filter((c) => c.phoneNumbers.some((p) => p.value === e164));
			const title = owners.length === 1 ? owners[0].displayName : displayPhone(e164);
			target = () => conversationFor(store, 'phone', title, displayPhone(e164), owners.map((c) => c.id));
		} else if (endpoint.channel === 'email') {
			if (!value.includes('@')) throw badParameter(`"${value}" is not an email address`);
			const owners = [...store.contacts.values()].filter((c) => c.emailAddresses.some((e) => e.value === value));
			target = () => conversationFor(store, 'email', owners[0]?.displayName ?? value, value, owners.map((c) => c.id));
		} else throw badParameter(`Internal endpoint ${endpoint.id} is a ${endpoint.channel} endpoint; it cannot send SMS or email`);
	} else if (given[0] === 'faxEndpoint') {
		if (endpoint.channel !== 'fax') throw badParameter(`Internal endpoint ${endpoint.id} is not a fax number`);
		const e164 = toE164(String(destination.faxEndpoint));
		if (!e164) throw badParameter('faxEndpoint is not a fax number');
		target = () => conversationFor(store, 'fax', `Fax ${displayPhone(e164)}`, `Fax ${displayPhone(e164)}`);
	} else {
		if (endpoint.channel !== 'secure') throw badParameter(`Internal endpoint ${endpoint.id} is not a secure (Spruce Link) endpoint`);
		const secure = destination.secureEndpoint as { contactId: string; subject?: string };
		const contact = store.contacts.get(secure.contactId);
		if (!contact) throw badParameter('Invalid Contact ID');
		target = () => conversationFor(store, 'secure', contact.displayName, secure.subject || 'Secure conversation', [contact.id]);
	}
	store.claimKey(ctx.path, key);
	if (!sendAt) conversation = target();
	const requestId = `asyncRequest_${newId(10)}`;
	const ledger = store.ledger();
	ledger.sent.push({
		seq: ledger.sent.length + 1,
		internalEndpointId: endpoint.id,
		destination,
		message: { body: message.body, ...(message.internal !== undefined ? { internal: message.internal } : {}) },
		...(sendAt ? { sendAt } : {}),
		conversationId: conversation?.id ?? null,
		idempotencyKey: key,
		requestId,
	});
	if (conversation) store.deliver(conversation, { body: message.body }, requestId);
	return JSON.stringify({ requestId });
}

export const internalEndpointRoutes: Route[] = [
	{ method: 'GET', path: '/internalendpoints', handle: () => JSON.stringify({ internalEndpoints: INTERNAL_ENDPOINTS }) },
	{ method: 'POST', path: '/internalendpoints/{id}/conversations', handle: send },
];
