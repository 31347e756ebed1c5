import { listOperation } from '../getMany';

// Spruce answers the whole list at once (no paging): the limit cuts it here.
export const { description, execute } = listOperation('webhookEndpoint', {
	path: '/webhooks/endpoints',
	listKey: 'endpoints',
	action: 'list the webhook endpoints',
});
