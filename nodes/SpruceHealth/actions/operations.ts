import * as contact from './contact';
import * as conversation from './conversation';
import * as conversationItem from './conversationItem';
import * as message from './message';
import type { NodeOperation, OperationRegistry } from './node.type';

/** Every operation of the node, by resource and operation value. */
export const operations: OperationRegistry = {
	contact: contact.operations,
	conversation: conversation.operations,
	conversationItem: conversationItem.operations,
	message: message.operations,
};

const byName: Readonly<Record<string, Readonly<Record<string, NodeOperation>>>> = operations;

/** The operation a node's parameters name, or undefined for an unknown pair. */
export function findOperation(resource: string, operationName: string): NodeOperation | undefined {
	if (!Object.prototype.hasOwnProperty.call(byName, resource)) return undefined;
	const ofResource = byName[resource];
	return Object.prototype.hasOwnProperty.call(ofResource, operationName) ? ofResource[operationName] : undefined;
}
