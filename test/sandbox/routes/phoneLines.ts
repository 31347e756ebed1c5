/** GET /phonelines (the whole list, no paging) and GET /phonelines/{id}. */
import { ApiError } from '../http';
import type { Route } from './route';

export const PHONE_LINES = [
	{ id: 'pl_MAIN', name: 'Main Line', createdAt: '2024-01-01T09:00:00.000Z' },
	{ id: 'pl_NURSE', name: 'Nurse Line', createdAt: '2024-02-01T09:00:00.000Z' },
	{ id: 'pl_AFTER', name: 'After Hours', createdAt: '2024-03-01T09:00:00.000Z' },
];

export const phoneLineRoutes: Route[] = [
	{
		method: 'GET',
		path: '/phonelines',
		handle: () => JSON.stringify({ phonelines: PHONE_LINES, totalCount: PHONE_LINES.length }),
	},
	{
		method: 'GET',
		path: '/phonelines/{id}',
		handle: ({ params }) => {
			const line = PHONE_LINES.find((l) => l.id === params[0]);
			if (!line) throw new ApiError(404, 'NOT_FOUND', 'Phone line not found');
			return JSON.stringify(line);
		},
	},
];
