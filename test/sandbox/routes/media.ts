/** POST /media: multipart/form-data with one part named "media". */
import type * as http from 'node:http';
import { createHash } from 'node:crypto';

import { badParameter, newId } from '../http';
import { MultipartError, multipartBoundary, parseMultipart, type MultipartPart } from '../multipart';
import type { Store } from '../store';
import type { Route } from './route';

export const MEDIA_BODY_LIMIT_BYTES = 25 * 1024 * 1024;

function uploadMedia(store: Store, req: http.IncomingMessage, body: Buffer): string {
	const boundary = multipartBoundary(req.headers['content-type']);
	if (boundary === null) throw badParameter('The request must be multipart/form-data with a boundary');
	let parts: MultipartPart[];
	try {
		parts = parseMultipart(body, boundary);
	} catch (error) {
		if (error instanceof MultipartError) throw badParameter(`Malformed multipart body: ${error.message}`);
		throw error;
	}
	const other = parts.find((p) => p.name !== 'media');
	if (other) throw badParameter(`Unknown field "${other.name}"; the only field is "media"`);
	if (parts.length === 0) throw badParameter('The "media" field is required');
	if (parts.length > 1) throw badParameter('Exactly one "media" field is allowed');
	const [part] = parts;
	if (part.data.length === 0) throw badParameter('The "media" file is empty');

	const id = `media_${newId(10)}`;
	store.mediaIds.add(id);
	store.ledger().media.push({
		id,
		fileName: part.filename,
		contentType: part.contentType,
		size: part.data.length,
		sha256: createHash('sha256').update(part.data).digest('hex'),
		receivedAt: new Date().toISOString(),
	});
	return JSON.stringify({ id, object: 'media' });
}
export const mediaRoutes: Route[] = [
	{
		method: 'POST',
		path: '/media',
		faultTarget: 'media',
		bodyLimit: MEDIA_BODY_LIMIT_BYTES,
		handle: ({ store, req, body }) => uploadMedia(store, req, body),
	},
];
