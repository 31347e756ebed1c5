import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { writeKeyFor, writeOptions } from '../write';
import { spruceApiRequest } from '../../transport';
import type { PreparedItem } from '../node.type';
import { toItems } from '../output';

export const SECRET_HINT =
	'Spruce shows this signing secret only now, never again: store it (e.g. in an n8n credential) to check the X-Spruce-Signature of deliveries. Lost it? Delete the endpoint and create a new one.';

const properties: INodeProperties[] = [
	{
		displayName:
			'To receive Spruce events in n8n, use the Spruce Health Trigger node: it registers its own endpoint. This operation is for other receivers and for debugging.',
		name: 'triggerNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'EHR sync',
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/spruce-events',
		description: 'Where Spruce sends events (https only)',
	},
	writeOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhookEndpoint'], operation: ['create'] } },
	properties,
);

interface PreparedEndpoint extends PreparedItem {
	body: { name: string; url: string };
	idempotencyKey: string;
}

export async function prepare(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<PreparedEndpoint> {
	const fail = (message: string, hint: string) =>
		new NodeOperationError(this.getNode(), message, { itemIndex, description: hint });
	const name = String(this.getNodeParameter('name', itemIndex, '') ?? '').trim();
	const url = String(this.getNodeParameter('url', itemIndex, '') ?? '').trim();
	if (!name)
		throw fail('Name is empty', 'Enter a name that tells your team what the endpoint is for.');
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || parsed.protocol !== 'https:') {
		throw fail(
			`URL: "${url}" is not an https URL`,
			'Spruce only delivers events to https addresses, e.g. https://example.com/spruce-events.',
		);
	}
	return { body: { name, url }, idempotencyKey: writeKeyFor(this, itemIndex) };
}

export async function execute(this: IExecuteFunctions, itemIndex: number, item: PreparedEndpoint) {
	const response = await spruceApiRequest.call(this, {
		method: 'POST',
		path: '/webhooks/endpoints',
		body: item.body,
		idempotencyKey: item.idempotencyKey,
		action: 'create the webhook endpoint',
		// No `understood` check here: it would quote Spruce's answer, the signing secret included,
		// in an error message. The answer is checked below without quoting it.
		itemIndex,
	});
	if (response.duplicate) {
		return toItems(itemIndex, {
			...item.body,
			duplicate: true,
			idempotencyKey: item.idempotencyKey,
			hint: 'An earlier attempt with this idempotency key created the endpoint; its signing secret was shown only then. If it was lost, delete that endpoint and create a new one.',
		});
	}
	const { signingSecrets, ...endpoint } =
		((response.body as IDataObject | undefined)?.endpoint as IDataObject | undefined) ?? {};
	const secret = Array.isArray(signingSecrets)
		? (signingSecrets[0] as { id?: unknown; value?: unknown })
		: undefined;
	if (typeof endpoint.id !== 'string' || typeof secret?.value !== 'string') {
		throw new NodeOperationError(
			this.getNode(),
			'Spruce created the webhook endpoint but its answer had no endpoint ID or signing secret',
			{
				itemIndex,
				description:
					'List the webhook endpoints (Get Many), delete the one just made, and create it again.',
			},
		);
	}
	return toItems(itemIndex, {
		...endpoint,
		signingSecretId: typeof secret.id === 'string' ? secret.id : null,
		signingSecret: secret.value,
		hint: SECRET_HINT,
		duplicate: false,
	});
}
