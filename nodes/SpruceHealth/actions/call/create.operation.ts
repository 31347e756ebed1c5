import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { writeKeyFor, writeOptions } from '../write';
import { internalEndpointLocator, locatorSegment } from '../../descriptions/rlc';
import { spruceApiRequest } from '../../transport';
import { toE164 } from '../contact/fields';
import type { PreparedItem } from '../node.type';
import { toItems } from '../output';

const phone = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	required: true,
	placeholder: '(555) 201-0001',
	description: `${description} US numbers may leave out +1`,
});

const properties: INodeProperties[] = [
	{ ...internalEndpointLocator, description: 'The phone line the patient sees the call come from' },
	phone(
		'Call From (Your Phone)',
		'originatingNumber',
		'The phone you call from: Spruce connects it to the patient.',
	),
	phone('Call To', 'destinationNumber', 'The patient or number to call.'),
	writeOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['create'] } },
	properties,
);

interface PreparedCall extends PreparedItem {
	internalEndpointId: string;
	path: string;
	body: { originatingNumber: string; destinationNumber: string };
	idempotencyKey: string;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedCall> {
	const endpoint = locatorSegment(this, itemIndex, 'internalEndpoint', 'internalEndpointId');
	const number = (name: string, label: string) => {
		const raw = String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
		const e164 = raw ? toE164(raw) : null;
		if (!e164) {
			throw new NodeOperationError(
				this.getNode(),
				raw ? `${label}: "${raw}" is not a phone number` : `${label} is empty`,
				{
					itemIndex,
					description:
						'Enter a number such as (555) 201-0001 or +15552010001 (US numbers may leave out +1).',
				},
			);
		}
		return e164;
	};
	return {
		internalEndpointId: endpoint.id,
		path: `/internalendpoints/${endpoint.segment}/calls`,
		body: {
			originatingNumber: number('originatingNumber', 'Call From (Your Phone)'),
			destinationNumber: number('destinationNumber', 'Call To'),
		},
		idempotencyKey: writeKeyFor(this, itemIndex),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number, item: PreparedCall) {
	const response = await spruceApiRequest.call(this, {
		method: 'POST',
		path: item.path,
		body: item.body,
		idempotencyKey: item.idempotencyKey,
		action: 'start the proxy call',
		understood: (answer) => typeof answer.proxyNumber === 'string' && answer.proxyNumber !== '',
		notFound: `no internal endpoint "${item.internalEndpointId}" that this token can see.`,
		itemIndex,
	});
	const answer = response.body as IDataObject;
	return toItems(itemIndex, {
		// A refused repeat has no proxy number to show: the first attempt got it.
		proxyNumber: response.duplicate ? null : (answer.proxyNumber ?? null),
		requestId: response.duplicate ? null : (answer.requestId ?? null),
		internalEndpointId: item.internalEndpointId,
		...item.body,
		idempotencyKey: item.idempotencyKey,
		duplicate: response.duplicate,
	});
}
