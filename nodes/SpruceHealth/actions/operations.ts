import * as call from './call';
import * as contact from './contact';
import * as contactField from './contactField';
import * as contactTag from './contactTag';
import * as conversation from './conversation';
import * as conversationItem from './conversationItem';
import * as conversationTag from './conversationTag';
import * as internalEndpoint from './internalEndpoint';
import * as media from './media';
import * as member from './member';
import * as message from './message';
import * as organization from './organization';
import * as phoneLine from './phoneLine';
import * as savedMessage from './savedMessage';
import * as scheduledMessage from './scheduledMessage';
import * as webhookEndpoint from './webhookEndpoint';
import type { NodeOperation, OperationRegistry } from './node.type';

/** Every operation of the node, by resource and operation value. */
export const operations: OperationRegistry = {
	call: call.operations,
	contact: contact.operations,
	contactField: contactField.operations,
	contactTag: contactTag.operations,
	conversation: conversation.operations,
	conversationItem: conversationItem.operations,
	conversationTag: conversationTag.operations,
	internalEndpoint: internalEndpoint.operations,
	media: media.operations,
	member: member.operations,
	message: message.operations,
	organization: organization.operations,
	phoneLine: phoneLine.operations,
	savedMessage: savedMessage.operations,
	scheduledMessage: scheduledMessage.operations,
	webhookEndpoint: webhookEndpoint.operations,
};

const byName: Readonly<Record<string, Readonly<Record<string, NodeOperation>>>> = operations;

/** The operation a node's parameters name, or undefined for an unknown pair. */
export function findOperation(resource: string, operationName: string): NodeOperation | undefined {
	if (!Object.prototype.hasOwnProperty.call(byName, resource)) return undefined;
	const ofResource = byName[resource];
	return Object.prototype.hasOwnProperty.call(ofResource, operationName) ? ofResource[operationName] : undefined;
}
