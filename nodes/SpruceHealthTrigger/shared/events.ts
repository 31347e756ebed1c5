import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** Spruce's 15 webhook event types, named the way a practice would say them. */
export const WEBHOOK_EVENTS: INodePropertyOptions[] = [
	{ name: 'Contact Deleted', value: 'contact.deleted' },
	{ name: 'Contact Updated', value: 'contact.updated' },
	{ name: 'Contacts Merged', value: 'contact.merged' },
	{ name: 'Conversation Deleted', value: 'conversation.deleted' },
	{
		name: 'Conversation Updated',
		value: 'conversation.updated',
		description: 'Assigned, archived, tagged, renamed …',
	},
	{ name: 'Message or Call Deleted', value: 'conversationItem.deleted' },
	{ name: 'Message or Call Restored', value: 'conversationItem.restored' },
	{ name: 'Message or Call Updated', value: 'conversationItem.updated' },
	{ name: 'New Contact', value: 'contact.created' },
	{ name: 'New Conversation', value: 'conversation.created' },
	{
		name: 'New Message or Call',
		value: 'conversationItem.created',
		description: 'A message, call, voicemail, fax or note in any conversation',
	},
	{ name: 'New Scheduled Message', value: 'scheduledMessage.created' },
	{ name: 'Scheduled Message Deleted', value: 'scheduledMessage.deleted' },
	{ name: 'Scheduled Message Sent', value: 'scheduledMessage.sent' },
	{ name: 'Scheduled Message Updated', value: 'scheduledMessage.updated' },
];

export const CONVERSATION_TYPES: INodePropertyOptions[] = [
	{ name: 'Email', value: 'email' },
	{ name: 'Fax', value: 'fax' },
	{ name: 'Note', value: 'note' },
	{ name: 'Other', value: 'other' },
	{ name: 'Phone and SMS', value: 'phone' },
	{ name: 'Secure Message', value: 'secure' },
	{ name: 'Team', value: 'team' },
];

export interface EventFilters {
	direction: 'any' | 'inbound' | 'outbound';
	includeInternalNotes: boolean;
	conversationTypes: string[];
}

/** The filters of both trigger nodes ("a patient wrote to us" is direction Inbound). */
export function filtersProperty(appliesTo: string): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		// Inbound from the start: a workflow that replies must not be started by its own reply.
		default: { direction: 'inbound' },
		description: `Only start the workflow for some events. ${appliesTo}.`,
		options: [
			{
				displayName: 'Conversation Types',
				name: 'conversationTypes',
				type: 'multiOptions',
				options: CONVERSATION_TYPES,
				default: [],
				description: 'Only messages and conversations of these types (none selected = all)',
			},
			{
				displayName: 'Direction',
				name: 'direction',
				type: 'options',
				options: [
					{ name: 'Any', value: 'any' },
					{
						name: 'Inbound',
						value: 'inbound',
						description: 'Received by the practice, e.g. a patient wrote to us',
					},
					{ name: 'Outbound', value: 'outbound', description: 'Sent by a teammate to a contact' },
				],
				default: 'inbound',
				description: 'Only messages and calls going this way',
			},
			{
				displayName: 'Include Internal Notes',
				name: 'includeInternalNotes',
				type: 'boolean',
				default: false,
				description: 'Whether internal notes (seen only by the team) start the workflow too',
			},
		],
	};
}

export function readFilters(raw: IDataObject): EventFilters {
	const direction =
		raw.direction === 'inbound' || raw.direction === 'outbound' ? raw.direction : 'any';
	const types = Array.isArray(raw.conversationTypes) ? raw.conversationTypes.map(String) : [];
	return {
		direction,
		includeInternalNotes: raw.includeInternalNotes === true,
		conversationTypes: types,
	};
}

/** The conversation type a resource belongs to, when the resource says. */
export function conversationTypeOf(kind: string, resource: IDataObject): string | undefined {
	if (kind === 'conversation') return typeof resource.type === 'string' ? resource.type : undefined;
	const conversation = resource.conversation as IDataObject | undefined;
	return typeof conversation?.type === 'string' ? conversation.type : undefined;
}

/**
 * Whether an event passes the filters. Each filter applies only to resources it makes sense for
 * (direction to messages and calls; internal notes to messages and scheduled messages;
 * conversation types to messages and conversations); contacts always pass.
 * `conversationType` is passed in because a message may not carry its conversation.
 */
export function passesFilters(
	kind: string,
	resource: IDataObject,
	filters: EventFilters,
	conversationType: string | undefined,
): boolean {
	if (kind === 'conversationItem') {
		if (filters.direction !== 'any' && resource.direction !== filters.direction) return false;
	}
	if (kind === 'conversationItem' || kind === 'scheduledMessage') {
		if (!filters.includeInternalNotes && resource.isInternalNote === true) return false;
	}
	if (
		(kind === 'conversationItem' || kind === 'conversation') &&
		filters.conversationTypes.length
	) {
		if (!conversationType || !filters.conversationTypes.includes(conversationType)) return false;
	}
	return true;
}

/** What kind of resource an event is about: the part of its type before the dot. */
export function kindOfEvent(eventType: string): string {
	return eventType.split('.')[0];
}

function flattenAttachment(attachment: IDataObject): IDataObject {
	const data = (attachment.data as IDataObject | undefined) ?? {};
	const flat: IDataObject = { type: attachment.type, title: attachment.title };
	if (data.mimetype !== undefined) flat.mimeType = data.mimetype;
	if (data.name !== undefined) flat.name = data.name;
	if (data.signedUrl !== undefined) flat.url = data.signedUrl;
	return flat;
}

/**
 * One output item for one event: the resource's own fields at the top level, plus what the
 * next node usually needs without digging (for messages: who wrote, which kind of conversation,
 * attachments as flat {type, title, mimeType, name, url}).
 */
export function eventItem(
	eventType: string,
	eventTime: string,
	resource: IDataObject,
): IDataObject {
	const kind = kindOfEvent(eventType);
	const item: IDataObject = { event: eventType, eventTime, ...resource, object: kind };
	if (kind === 'conversationItem') {
		const author = (resource.author as IDataObject | undefined) ?? {};
		const conversation = (resource.conversation as IDataObject | undefined) ?? {};
		item.authorName = author.displayName ?? null;
		item.authorId = author.id ?? null;
		item.conversationType = conversation.type ?? null;
		item.conversationTitle = conversation.title ?? null;
		const attachments = Array.isArray(resource.attachments) ? resource.attachments : [];
		item.attachments = attachments.map((a) => flattenAttachment(a as IDataObject));
	}
	return item;
}
