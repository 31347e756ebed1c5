/** GET /savedmessages: the organization's saved replies, some with placeholders to fill. */
import { pageOf } from './paging';
import type { Route } from './route';

function saved(id: string, title: string, text: string, internal = false) {
	const at = '2024-05-01T09:00:00.000Z';
	return {
		id,
		title,
		text,
		shared: true,
		internal,
		attachments: [],
		creatorMemberId: 'entity_TM001',
		createdAt: at,
		modifiedAt: at,
		object: 'savedMessage',
	};
}

export const SAVED_MESSAGES = [
	saved(
		'sm_saved_REMIND',
		'Appointment reminder',
		'Hi [First Name], this is a reminder of your appointment on [Date]. Reply C to confirm.',
	),
	saved('sm_saved_RESULTS', 'Results ready', 'Your results are ready. Please log in to view them.'),
	saved('sm_saved_HANDOFF', 'Hand-off note', 'Please call the patient back today.', true),
];

export const savedMessageRoutes: Route[] = [
	{
		method: 'GET',
		path: '/savedmessages',
		handle: ({ query }) =>
			pageOf(SAVED_MESSAGES, query, 'savedMessages', {
				min: 1,
				max: 500,
				size: 100,
				totalCount: false,
			}),
	},
];
