import type { IExecuteFunctions, INodeProperties, INodePropertyMode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { pathSegment } from '../transport/connection';

const APP = '^https://app\\.sprucehealth\\.com/org/[^/?#]+';
const TAIL = '/?(?:[?#].*)?$';

/** A Spruce app thread URL: https://app.sprucehealth.com/org/<orgId>/thread/<conversationId> */
export const CONVERSATION_URL_REGEX = `${APP}/thread/([A-Za-z0-9_-]+)${TAIL}`;
/** https://app.sprucehealth.com/org/<orgId>/contact/<contactId> */
export const CONTACT_URL_REGEX = `${APP}/contact/([A-Za-z0-9_-]+)${TAIL}`;
/** https://app.sprucehealth.com/org/<orgId>/thread/<conversationId>/message/<itemId> */
export const CONVERSATION_ITEM_URL_REGEX = `${APP}/thread/[A-Za-z0-9_-]+/message/([A-Za-z0-9_-]+)${TAIL}`;

export type LocatorKind =
	| 'conversation'
	| 'contact'
	| 'conversationItem'
	| 'member'
	| 'internalEndpoint'
	| 'scheduledMessage'
	| 'team'
	| 'phoneLine'
	| 'savedMessage'
	| 'webhookEndpoint';

interface KindSpec {
	/** in messages: "No contact was chosen" */
	noun: string;
	/** the field's label, for hints */
	label: string;
	idPlaceholder: string;
	/** the listSearch method behind "From List" */
	searchMethod?: string;
	url?: { regex: string; placeholder: string; example: string };
}

const KINDS: Record<LocatorKind, KindSpec> = {
	conversation: {
		noun: 'conversation',
		label: 'Conversation',
		idPlaceholder: 't_0E5QDJJC03000',
		searchMethod: 'searchConversations',
		url: {
			regex: CONVERSATION_URL_REGEX,
			placeholder: 'https://app.sprucehealth.com/org/entity_…/thread/t_…',
			example: 'https://app.sprucehealth.com/org/entity_…/thread/t_…',
		},
	},
	contact: {
		noun: 'contact',
		label: 'Contact',
		idPlaceholder: 'entity_0E5QDGJC03000',
		searchMethod: 'searchContacts',
		url: {
			regex: CONTACT_URL_REGEX,
			placeholder: 'https://app.sprucehealth.com/org/entity_…/contact/entity_…',
			example: 'https://app.sprucehealth.com/org/entity_…/contact/entity_…',
		},
	},
	conversationItem: {
		noun: 'conversation item',
		label: 'Conversation Item',
		idPlaceholder: 'ti_23170B3D36G00',
		url: {
			regex: CONVERSATION_ITEM_URL_REGEX,
			placeholder: 'https://app.sprucehealth.com/org/entity_…/thread/t_…/message/ti_…',
			example: 'https://app.sprucehealth.com/org/entity_…/thread/t_…/message/ti_…',
		},
	},
	member: { noun: 'member', label: 'Member', idPlaceholder: 'entity_0D4QABCC06000', searchMethod: 'searchMembers' },
	internalEndpoint: {
		noun: 'internal endpoint',
		label: 'From',
		idPlaceholder: 'ie_0E5QDJJC03000',
		searchMethod: 'searchInternalEndpoints',
	},
	scheduledMessage: {
		noun: 'scheduled message',
		label: 'Scheduled Message',
		idPlaceholder: 'sm_0E5QDJJC03000',
		searchMethod: 'searchScheduledMessages',
	},
	team: { noun: 'team', label: 'Team', idPlaceholder: 'entity_0D4QABCC06000', searchMethod: 'searchTeams' },
	phoneLine: { noun: 'phone line', label: 'Phone Line', idPlaceholder: 'pl_0E5QDJJC03000', searchMethod: 'searchPhoneLines' },
	savedMessage: { noun: 'saved message', label: 'Saved Message', idPlaceholder: 'sm_0E5QDJJC03000', searchMethod: 'searchSavedMessages' },
	webhookEndpoint: {
		noun: 'webhook endpoint',
		label: 'Webhook Endpoint',
		idPlaceholder: 'wde_0E5QDJJC03000',
		searchMethod: 'searchWebhookEndpoints',
	},
};

/**
 * A resource locator for one kind of Spruce object: "From List" (when the kind has a picker),
 * "By URL" (when the Spruce app has a link for it) and "ID".
 */
export function makeLocator(
	kind: LocatorKind,
	field: Pick<INodeProperties, 'displayName' | 'name' | 'description'> &
		Partial<Pick<INodeProperties, 'required' | 'hint'>> & { listPlaceholder?: string },
): INodeProperties {
	const spec = KINDS[kind];
	// Written under a `modes` key so n8n's lint knows these are modes (which take no default).
	const candidates: { modes: INodePropertyMode[] } = {
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: field.listPlaceholder ?? `Select a ${spec.noun}…`,
				typeOptions: {
					searchListMethod: spec.searchMethod ?? '',
					searchable: true,
					searchFilterRequired: false,
				},
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: spec.url?.placeholder ?? '',
				extractValue: { type: 'regex', regex: spec.url?.regex ?? '' },
				validation: [
					{
						type: 'regex',
						properties: {
							regex: spec.url?.regex ?? '',
							errorMessage: `Not a Spruce ${spec.noun} URL (copy it from the address bar of the Spruce web app)`,
						},
					},
				],
			},
			{ displayName: 'ID', name: 'id', type: 'string', placeholder: spec.idPlaceholder },
		],
	};
	const offered = { list: spec.searchMethod !== undefined, url: spec.url !== undefined, id: true };
	const modes = candidates.modes.filter((mode) => offered[mode.name as keyof typeof offered]);
	const { listPlaceholder: _unused, ...rest } = field;
	return {
		...rest,
		type: 'resourceLocator',
		default: { mode: modes[0].name, value: '' },
		modes,
	};
}

/** Resource locators shared by every operation that names a conversation or a member. */
export const conversationLocator = makeLocator('conversation', {
	displayName: 'Conversation',
	name: 'conversationId',
	required: true,
	description: 'The Spruce conversation to post to',
});

export const authorLocator = makeLocator('member', {
	displayName: 'Send As',
	name: 'author',
	listPlaceholder: 'The organization (default)',
	description:
		'The teammate, team or organization the message is sent as. Leave empty to send as the organization.',
	hint: 'Empty: sent as the organization',
});

interface LocatorValue {
	mode?: string;
	value?: unknown;
	/** The list entry's name the editor saved when the value was picked from the list. */
	cachedResultName?: unknown;
}

function locatorOf(raw: unknown): LocatorValue {
	if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as LocatorValue;
	return { mode: 'id', value: raw };
}

export type LocatorResult = { id: string } | { problem: string; hint: string };

/**
 * The id an item names, from any of a locator's modes. Returns an error text (for the caller to
 * throw with its item index) instead of an id when the input is unusable; an empty value is a
 * problem unless `optional`, where it gives an empty id.
 */
export function locatorIdFrom(kind: LocatorKind, raw: unknown, optional = false): LocatorResult {
	const spec = KINDS[kind];
	const { mode, value } = locatorOf(raw);
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (text === '') {
		if (optional) return { id: '' };
		const ways = [
			spec.searchMethod ? 'pick one from the list' : undefined,
			spec.url ? 'paste its URL from the Spruce app' : undefined,
			'enter its id',
		].filter((way): way is string => way !== undefined);
		const said = ways.length > 1 ? `${ways.slice(0, -1).join(', ')} or ${ways[ways.length - 1]}` : ways[0];
		return { problem: `No ${spec.noun} was chosen`, hint: `In the ${spec.label} field, ${said}.` };
	}
	if (mode === 'url' && spec.url) {
		const match = new RegExp(spec.url.regex).exec(text);
		if (!match) {
			return {
				problem: `"${text}" is not a Spruce ${spec.noun} URL`,
				hint: `Open the ${spec.noun} in the Spruce web app and copy the address; it looks like ${spec.url.example}`,
			};
		}
		return { id: match[1] };
	}
	if (/\s|[/?#]/.test(text)) {
		return {
			problem: `"${text}" is not a Spruce ${spec.noun} id`,
			hint: spec.url
				? `A ${spec.noun} id looks like ${spec.idPlaceholder}. To use a link from the Spruce app, switch the ${spec.label} field to "By URL".`
				: `A ${spec.noun} id looks like ${spec.idPlaceholder}.`,
		};
	}
	return { id: text };
}

/** The id a locator parameter names for an item; throws a NodeOperationError naming the field. */
export function locatorId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: LocatorKind,
	parameterName: string,
	optional = false,
): string {
	const result = locatorIdFrom(
		kind,
		ctx.getNodeParameter(parameterName, itemIndex, undefined, { extractValue: false }),
		optional,
	);
	if ('problem' in result) {
		throw new NodeOperationError(ctx.getNode(), result.problem, { itemIndex, description: result.hint });
	}
	return result.id;
}

/** The contact most contact operations act on. */
export const contactLocator = makeLocator('contact', {
	displayName: 'Contact',
	name: 'contactId',
	required: true,
	description: 'The Spruce contact: search by name, phone or email, paste its URL from the Spruce app, or enter its ID',
});

/** The path segment of a locator's id (never `.`/`..`, always encoded). */
export function locatorSegment(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: LocatorKind,
	parameterName: string,
): { id: string; segment: string } {
	const id = locatorId(ctx, itemIndex, kind, parameterName);
	return { id, segment: pathSegment(ctx.getNode(), id, `${KINDS[kind].noun} id`, itemIndex) };
}

/** The organization's phone line, email, fax or Spruce Link a message or invite goes out from. */
export const internalEndpointLocator = makeLocator('internalEndpoint', {
	displayName: 'From',
	name: 'internalEndpointId',
	required: true,
	listPlaceholder: 'Select a phone line, email, fax or Spruce Link…',
	description: "Your organization's line to send from, shown with its channel and number",
});

/** The conversation item an item operation acts on. */
export const conversationItemLocator = makeLocator('conversationItem', {
	displayName: 'Conversation Item',
	name: 'conversationItemId',
	required: true,
	description: 'The message or call in a conversation: its link from the Spruce app, or its ID',
});

/**
 * The list entry's name saved with a locator (`raw` as stored in the node's parameters), when it
 * still names `id`: picked from the list, not an expression. Costs no request.
 */
export function pickedName(raw: unknown, id: string | undefined): string | undefined {
	const { mode, value, cachedResultName } = locatorOf(raw);
	if (mode !== 'list' || typeof value !== 'string' || value.startsWith('=')) return undefined;
	if (value.trim() === '' || value.trim() !== id) return undefined;
	return typeof cachedResultName === 'string' && cachedResultName.trim() !== '' ? cachedResultName : undefined;
}
