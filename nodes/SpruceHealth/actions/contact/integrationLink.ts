import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { contactLocator, locatorSegment } from '../../descriptions/rlc';
import type { PreparedItem } from '../node.type';
import { ContactInput, integrationTypeField } from './fields';

/** The fields Add and Remove Integration Link share. */
export const integrationLinkFields: INodeProperties[] = [
	contactLocator,
	integrationTypeField,
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'elation_140797386655555',
		description: "The contact's ID in the other system (e.g. the EHR patient ID)",
	},
];

export interface PreparedLink extends PreparedItem {
	id: string;
	segment: string;
	type: string;
	externalId: string;
}

export function readLink(ctx: IExecuteFunctions, itemIndex: number): PreparedLink {
	const contact = locatorSegment(ctx, itemIndex, 'contact', 'contactId');
	const externalId = String(ctx.getNodeParameter('externalId', itemIndex, '')).trim();
	if (!externalId) throw new ContactInput(ctx, itemIndex).fail('External ID is empty', "Enter the contact's ID in the other system.");
	return {
		...contact,
		type: ctx.getNodeParameter('integrationLinkType', itemIndex, 'custom') as string,
		externalId,
		orderingKey: `contact:${contact.id}`,
	};
}
