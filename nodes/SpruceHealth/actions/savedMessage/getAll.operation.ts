import { listOperation } from '../getMany';

export const { description, execute } = listOperation('savedMessage', {
	path: '/savedmessages',
	listKey: 'savedMessages',
	pageSize: 500,
	action: "list the organization's saved messages",
});
