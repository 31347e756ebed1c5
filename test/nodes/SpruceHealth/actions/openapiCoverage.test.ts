/**
 * Every operation of Spruce's OpenAPI document has a node operation (or a documented reason why
 * not), and every node operation says which Spruce operations it uses. A new Spruce operation in
 * spruce-openapi.json fails this test until it is given one or the other.
 */
import { operations } from '../../../../nodes/SpruceHealth/actions/operations';
import * as spec from '../../../sandbox/spruce-openapi.json';

/** Spruce operation → the node operations (resource.operation) that send it. */
const COVERED: Record<string, string[]> = {
	'GET /contacts': ['contact.getAll'],
	'POST /contacts': ['contact.create', 'contact.upsert'],
	'DELETE /contacts/{contactId}': ['contact.delete'],
	'GET /contacts/{contactId}': ['contact.get'],
	'PATCH /contacts/{contactId}': ['contact.update', 'contact.upsert'],
	'GET /contacts/{contactId}/conversations': ['contact.getConversations'],
	'DELETE /contacts/{contactId}/integrationlinks': ['contact.removeIntegrationLink'],
	'POST /contacts/{contactId}/integrationlinks': ['contact.addIntegrationLink'],
	'POST /contacts/{contactId}/invite': ['contact.invite'],
	'GET /contacts/fields': ['contactField.getAll', 'contactField.create'],
	'POST /contacts/fields': ['contactField.create'],
	'POST /contacts/search': ['contact.getAll', 'contact.upsert'],
	'GET /contacts/tags': ['contactTag.getAll', 'contactTag.create'],
	'POST /contacts/tags': ['contactTag.create'],
	'DELETE /conversationItems/{conversationItemId}': ['conversationItem.delete'],
	'GET /conversationItems/{conversationItemId}': [
		'conversationItem.get',
		'conversationItem.downloadAttachments',
	],
	'GET /conversations': ['conversation.getAll'],
	'POST /conversations': ['conversation.create'],
	'GET /conversations/{conversationId}': ['conversation.get'],
	'PATCH /conversations/{conversationId}': ['conversation.update'],
	'GET /conversations/{conversationId}/items': ['conversationItem.getAll'],
	'POST /conversations/{conversationId}/messages': ['message.post'],
	'GET /conversations/{conversationId}/scheduledmessages': ['scheduledMessage.getAll'],
	'POST /conversations/{conversationId}/scheduledmessages': ['scheduledMessage.create'],
	'GET /conversations/tags': ['conversationTag.getAll', 'conversationTag.create'],
	'POST /conversations/tags': ['conversationTag.create'],
	'GET /internalendpoints': ['internalEndpoint.getAll'],
	'POST /internalendpoints/{internalEndpointId}/calls': ['call.create'],
	'POST /internalendpoints/{internalEndpointId}/conversations': ['message.send'],
	'POST /media': ['media.upload'],
	'GET /organization': ['organization.get'],
	'GET /organization/members': ['member.getAll'],
	'GET /organization/members/{memberId}': ['member.get'],
	'GET /phonelines': ['phoneLine.getAll'],
	'GET /phonelines/{phonelineId}': ['phoneLine.get'],
	'GET /savedmessages': ['savedMessage.getAll'],
	'GET /scheduledmessages': ['scheduledMessage.getAll'],
	'DELETE /scheduledmessages/{scheduledMessageId}': ['scheduledMessage.delete'],
	'GET /teams/{teamId}/members': ['member.getTeamMembers'],
	'GET /transcriptions/{transcriptionId}': ['conversationItem.getTranscription'],
	'GET /webhooks/endpoints': ['webhookEndpoint.getAll'],
	'POST /webhooks/endpoints': ['webhookEndpoint.create'],
	'DELETE /webhooks/endpoints/{endpointId}': ['webhookEndpoint.delete'],
	'GET /webhooks/endpoints/{endpointId}': ['webhookEndpoint.get'],
	'GET /webhooks/endpoints/{endpointId}/events': ['webhookEndpoint.getEvents'],
	'POST /webhooks/endpoints/{endpointId}/paused': ['webhookEndpoint.setPaused'],
};

/** Spruce operations with no node operation of their own, and why (the README repeats these). */
const NOT_COVERED: Record<string, string> = {
	'GET /contacts/{contactId}/integrationlinks':
		'Contact → Get returns the contact with its integrationLinks: a separate operation would give the same list',
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const document = spec as unknown as { paths: Record<string, Record<string, unknown>> };
const spruceOperations = Object.entries(document.paths).flatMap(([path, item]) =>
	Object.keys(item)
		.filter((method) => METHODS.includes(method))
		.map((method) => `${method.toUpperCase()} ${path}`),
);
const nodeOperations = Object.entries(operations).flatMap(([resource, ops]) =>
	Object.keys(ops).map((op) => `${resource}.${op}`),
);

describe('OpenAPI coverage', () => {
	test('every Spruce operation has a node operation or a documented reason', () => {
		const missing = spruceOperations.filter((op) => !(op in COVERED) && !(op in NOT_COVERED));
		expect(missing).toEqual([]);
		expect(spruceOperations).toHaveLength(47);
	});

	test('the table names only real Spruce operations and real node operations', () => {
		const known = new Set(spruceOperations);
		expect(
			[...Object.keys(COVERED), ...Object.keys(NOT_COVERED)].filter((op) => !known.has(op)),
		).toEqual([]);
		expect(Object.keys(COVERED).filter((op) => op in NOT_COVERED)).toEqual([]);
		const real = new Set(nodeOperations);
		expect(
			Object.values(COVERED)
				.flat()
				.filter((op) => !real.has(op)),
		).toEqual([]);
	});

	test('every node operation says which Spruce operations it uses', () => {
		const used = new Set(Object.values(COVERED).flat());
		expect(nodeOperations.filter((op) => !used.has(op))).toEqual([]);
	});
});
