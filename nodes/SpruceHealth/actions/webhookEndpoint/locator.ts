import { makeLocator } from '../../descriptions/rlc';

/** The webhook endpoint an operation acts on. */
export const webhookEndpointLocator = makeLocator('webhookEndpoint', {
	displayName: 'Webhook Endpoint',
	name: 'endpointId',
	required: true,
	description: 'The webhook endpoint registered with Spruce',
});

export const endpointPath = (segment: string) => `/webhooks/endpoints/${segment}`;
