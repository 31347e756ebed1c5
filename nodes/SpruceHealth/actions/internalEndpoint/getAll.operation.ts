import { listOperation } from '../getMany';

// Spruce answers the whole list at once (no paging): the limit cuts it here.
export const { description, execute } = listOperation('internalEndpoint', {
	path: '/internalendpoints',
	listKey: 'internalEndpoints',
	action: "list the organization's phone lines, emails, fax numbers and Spruce Links",
});
