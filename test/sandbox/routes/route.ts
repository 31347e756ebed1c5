import type * as http from 'node:http';

import { badParameter, type Answer } from '../http';
import type { Store } from '../store';

export interface RouteContext {
	req: http.IncomingMessage;
	query: URLSearchParams;
	body: Buffer;
	/** the path's parameters, decoded, in order */
	params: string[];
	/** the path below /v1 */
	path: string;
	store: Store;
}

/** One Spruce route the sandbox answers. Its ledger key is `${method} ${path}`. */
export interface Route {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	/** e.g. /conversations/{id}/messages */
	path: string;
	/** the fault plan `target` that hits this route (besides 'all') */
	faultTarget?: 'messages' | 'media';
	/** the first path parameter is a conversation: count requests in flight per conversation */
	perConversation?: boolean;
	bodyLimit?: number;
	/** the 200 answer's JSON text (or a whole answer); throws an ApiError for an error answer */
	handle(ctx: RouteContext): string | Answer;
}

/** Parses a JSON request body, or answers 400. */
export function jsonBody(body: Buffer): unknown {
	try {
		return JSON.parse(body.toString('utf8'));
	} catch {
		throw badParameter('The request body must be valid JSON');
	}
}
