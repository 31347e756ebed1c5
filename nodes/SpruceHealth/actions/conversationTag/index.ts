import { CONVERSATION_TAG, labelDescription } from '../labels';
import { operation, type OperationRegistry } from '../node.type';
import * as create from './create.operation';
import * as getAll from './getAll.operation';

export const operations: OperationRegistry['conversationTag'] = {
	create: operation(create),
	getAll: operation(getAll),
};

export const description = labelDescription(CONVERSATION_TAG, create, getAll);
