import { CONTACT_FIELD, labelDescription } from '../labels';
import { operation, type OperationRegistry } from '../node.type';
import * as create from './create.operation';
import * as getAll from './getAll.operation';

export const operations: OperationRegistry['contactField'] = {
	create: operation(create),
	getAll: operation(getAll),
};

export const description = labelDescription(CONTACT_FIELD, create, getAll);
