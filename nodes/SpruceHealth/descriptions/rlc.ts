import type { INodeProperties } from 'n8n-workflow';

/** A Spruce app thread URL: https://app.sprucehealth.com/org/<orgId>/thread/<conversationId> */
export const CONVERSATION_URL_REGEX =
	'^https://app\\.sprucehealth\\.com/org/[^/?#]+/thread/([A-Za-z0-9_-]+)/?(?:[?#].*)?$';

/** Resource locators shared by every operation that names a conversation or a member. */
export const conversationLocator: INodeProperties = {
	displayName: 'Conversation',
	name: 'conversationId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Spruce conversation to post to',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a conversation…',
			typeOptions: {
				searchListMethod: 'searchConversations',
				searchable: true,
				searchFilterRequired: false,
			},
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'https://app.sprucehealth.com/org/entity_…/thread/t_…',
			extractValue: { type: 'regex', regex: CONVERSATION_URL_REGEX },
			validation: [
				{
					type: 'regex',
					properties: {
						regex: CONVERSATION_URL_REGEX,
						errorMessage: 'Not a Spruce conversation URL (copy it from the address bar of the Spruce web app)',
					},
				},
			],
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 't_0E5QDJJC03000',
		},
	],
};

export const authorLocator: INodeProperties = {
	displayName: 'Send As',
	name: 'author',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description:
		'The teammate, team or organization the message is sent as. Leave empty to send as the organization.',
	hint: 'Empty: sent as the organization',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'The organization (default)',
			typeOptions: {
				searchListMethod: 'searchMembers',
				searchable: true,
				searchFilterRequired: false,
			},
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'entity_0D4QABCC06000',
		},
	],
};

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

const conversationUrl = new RegExp(CONVERSATION_URL_REGEX);

/**
 * The conversation id an item names, from any of the locator's modes. Returns an error text
 * (for the caller to throw with its item index) instead of an id when the input is unusable.
 */
export function conversationIdFrom(raw: unknown): { id: string } | { problem: string; hint: string } {
	const { mode, value } = locatorOf(raw);
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (text === '') {
		return {
			problem: 'No conversation was chosen',
			hint: 'Pick a conversation from the list in the Conversation field, paste its URL from the Spruce app, or enter its id.',
		};
	}
	if (mode === 'url') {
		const match = conversationUrl.exec(text);
		if (!match) {
			return {
				problem: `"${text}" is not a Spruce conversation URL`,
				hint: 'Open the conversation in the Spruce web app and copy the address; it looks like https://app.sprucehealth.com/org/entity_…/thread/t_…',
			};
		}
		return { id: match[1] };
	}
	if (/\s|[/?#]/.test(text)) {
		return {
			problem: `"${text}" is not a Spruce conversation id`,
			hint: 'A conversation id looks like t_0E5QDJJC03000. To use a link from the Spruce app, switch the Conversation field to "By URL".',
		};
	}
	return { id: text };
}

/** The member id a "Send As"-style locator names, or undefined for "the organization". */
export function memberIdFrom(raw: unknown): string | undefined {
	const { value } = locatorOf(raw);
	const text = value === undefined || value === null ? '' : String(value).trim();
	return text === '' ? undefined : text;
}

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
