import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { locatorSegment, makeLocator } from '../../descriptions/rlc';
import type { PreparedItem } from '../node.type';
import { deleteOne } from '../resource';

const properties: INodeProperties[] = [
	makeLocator('scheduledMessage', {
		displayName: 'Scheduled Message',
		name: 'scheduledMessageId',
		required: true,
		description:
			'The scheduled message to cancel: pick it from the list (soonest first), or enter its ID',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['scheduledMessage'], operation: ['delete'] } },
	properties,
);

interface PreparedDelete extends PreparedItem {
	id: string;
	segment: string;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedDelete> {
	return locatorSegment(this, itemIndex, 'scheduledMessage', 'scheduledMessageId');
}

export async function execute(this: IExecuteFunctions, itemIndex: number, target: PreparedDelete) {
	return await deleteOne(
		this,
		itemIndex,
		{ noun: 'scheduled message', path: (s) => `/scheduledmessages/${s}` },
		target,
	);
}
