import { listOperation } from '../getMany';

// Spruce answers the whole list at once (no paging): the limit cuts it here.
export const { description, execute } = listOperation('phoneLine', {
	path: '/phonelines',
	listKey: 'phonelines',
	action: "list the organization's phone lines",
});
