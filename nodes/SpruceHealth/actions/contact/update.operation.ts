import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { contactLocator, locatorSegment } from '../../descriptions/rlc';
import { preparePatch, writeOptions, type PreparedPatch } from '../write';
import { mainContactFields } from './create.operation';
import { ContactInput, contactDetailFields } from './fields';

const properties: INodeProperties[] = [
	contactLocator,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here change. Phone numbers and emails given replace the contact\'s list.',
		options: [...mainContactFields, ...contactDetailFields].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
	writeOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['update'] } }, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedPatch> {
	const input = new ContactInput(this, itemIndex);
	const contact = locatorSegment(this, itemIndex, 'contact', 'contactId');
	const body = input.body(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject, 'Update Fields');
	if (Object.keys(body).length === 0) {
		throw input.fail('Nothing to update', 'Add at least one field under Update Fields.');
	}
	const target = { noun: 'contact', id: contact.id, path: `/contacts/${contact.segment}` };
	return preparePatch(this, itemIndex, target, body);
}

export { patchObject as execute } from '../write';
