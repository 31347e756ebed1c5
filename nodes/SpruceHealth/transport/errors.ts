import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { redact, type SpruceConnection } from './connection';

/** What Spruce said about a failed request, as far as it said anything. */
export interface SpruceFailure {
	statusCode?: number;
	type?: string;
	message?: string;
	requestId?: string;
	/** A network error code (ECONNRESET, ETIMEDOUT …) when no answer came. */
	networkCode?: string;
	attempts: number;
	/** The node stopped on its own: Spruce's last answers said the daily allowance is used up. */
	stop?: 'daily-limit';
}

/** Words for the request that failed, so the error reads in the user's terms. */
export interface FailureWording {
	/** e.g. "post the message" */
	action: string;
	/** Shown on a 404, e.g. "Spruce has no conversation t_1 that this token can see." */
	notFound?: string;
	/**
	 * For pickers: the editor shows the error inside the dropdown, which has room for one line. The
	 * error is then that line, saying what to do, with no description; details stay in the data.
	 */
	brief?: boolean;
	/** Refusals (4xx) the operation can explain with a fix-it hint, first match wins. */
	refusals?: KnownRefusal[];
}

const NETWORK_WORDS: Record<string, string> = {
	ETIMEDOUT: 'no answer in time',
	ESOCKETTIMEDOUT: 'no answer in time',
	ECONNRESET: 'the connection was dropped',
	EPIPE: 'the connection was dropped',
	UND_ERR_SOCKET: 'the connection was dropped',
	UND_ERR_CLOSED: 'the connection was dropped',
	ERR_BAD_RESPONSE: 'the answer was cut off',
	ERR_STREAM_PREMATURE_CLOSE: 'the answer was cut off',
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the address was not found',
	EAI_AGAIN: 'the address was not found',
	ENETUNREACH: 'the network is unreachable',
	EHOSTUNREACH: 'the network is unreachable',
};

/** A refusal Spruce is known to give, with what the user should do about it. */
export interface KnownRefusal {
	/** Matched against Spruce's `type` and `message` (Spruce's `type` varies in case). */
	test: (type: string, message: string, status: number) => boolean;
	/** Completes "Could not <action>: …". */
	message: string;
	/** What to do, in the node's own field names. */
	hint: string;
}

/** One line for a picker's dropdown: what went wrong, in a few words, and what to do. */
function briefLine(failure: SpruceFailure): string {
	const status = failure.statusCode;
	if (failure.stop === 'daily-limit') return 'Spruce\'s daily request limit is used up: try again tomorrow';
	if (status === undefined) return 'Spruce could not be reached: check the credential\'s Base URL and network';
	if (status < 300) return 'Spruce\'s answer was not understood: check the credential\'s Base URL';
	if (status === 401 || status === 403) return 'Spruce rejected the token: check the credential';
	if (status === 404) return 'Spruce answered "not found": check the credential\'s Base URL';
	if (status === 429) return 'Spruce\'s rate limit is reached: try again in a minute';
	if (status >= 500) return 'Spruce had a server error: try again in a few minutes';
	return `Spruce refused the list: ${failure.message ?? `HTTP ${status}`}`;
}

function headline(failure: SpruceFailure, wording: FailureWording): { message: string; hint: string } {
	const status = failure.statusCode;
	const tries = failure.attempts > 1 ? ` after ${failure.attempts} attempts` : '';
	if (failure.stop === 'daily-limit') {
		return {
			message: `Spruce's daily request limit for this organization is used up: could not ${wording.action}`,
			hint: 'Spruce limits how many API requests an organization makes per day. Run the remaining items tomorrow, or ask Spruce about a higher limit. Messages already sent will not be sent twice.',
		};
	}
	if (status === undefined) {
		// n8n rewrites any message containing a raw code such as ETIMEDOUT: say it in words, keep
		// the code for the details.
		const what = NETWORK_WORDS[failure.networkCode ?? ''] ?? 'a network error';
		return {
			message: `Could not reach Spruce to ${wording.action}${tries} (${what})`,
			hint: 'Check that this n8n can reach the Spruce API (network, proxy, firewall) and run the workflow again. Messages already sent will not be sent twice.',
		};
	}
	if (status === 403) {
		return {
			message: 'Spruce rejected the API token (403 Forbidden)',
			hint: 'Open the Spruce Health API credential and check the token: it may be mistyped, disabled or from another organization. An admin can create a new one in Spruce under Settings → API Access.',
		};
	}
	if (status === 404) {
		return {
			message: wording.notFound ? `Not found in Spruce: ${wording.notFound}` : `Spruce could not find what was asked for to ${wording.action}`,
			hint: 'Check the id (or pick it from the list) and that this token\'s organization can see it.',
		};
	}
	if (status === 429) {
		return {
			message: `Spruce's rate limit did not clear in time to ${wording.action}${tries}`,
			hint: `${failure.message ? `${failure.message}. ` : ''}Your organization is sending more requests than Spruce allows right now. Run the workflow again later, or send fewer items at once. Messages already sent will not be sent twice.`,
		};
	}
	if (status < 300) {
		// A 2xx that was not Spruce's answer (a proxy's page, `{}`): retried, then this.
		return {
			message: `Could not ${wording.action}${tries}: ${failure.message ?? 'Spruce\'s answer was not understood'}`,
			hint: 'Something between this n8n and Spruce (a proxy, a Wi-Fi login page) may have answered instead of Spruce. Check that this n8n reaches the Spruce API directly and run the workflow again. Messages already sent will not be sent twice.',
		};
	}
	if (status >= 500) {
		return {
			message: `Spruce had a server error (${status}) and could not ${wording.action}${tries}`,
			hint: 'This is on Spruce\'s side. Run the workflow again in a few minutes; messages already sent will not be sent twice.',
		};
	}
	const known = wording.refusals?.find((refusal) => refusal.test(failure.type ?? '', failure.message ?? '', status));
	if (known) return { message: `Could not ${wording.action}: ${known.message}`, hint: known.hint };
	return {
		message: `Spruce refused to ${wording.action}: ${failure.message ?? `HTTP ${status}`}`,
		hint: 'Correct what Spruce names above and run the workflow again. The error details below hold Spruce\'s full answer and request id, for Spruce support.',
	};
}

/**
 * Turns a failure into a NodeApiError a practice manager can act on. Built from our own plain
 * object, never from the HTTP client's error, so request headers (the token) never ride along.
 */
export function spruceApiError(
	node: INode,
	connection: Pick<SpruceConnection, 'secrets'>,
	failure: SpruceFailure,
	wording: FailureWording,
	itemIndex?: number,
): NodeApiError {
	const { message, hint } = wording.brief
		? { message: briefLine(failure), hint: undefined }
		: headline(failure, wording);
	// What Spruce said, word for word: shown under the error's details in the editor (and as
	// `details` of an error item), not in the sentences a user reads first. Whatever a server sent
	// back may repeat the token (a hostile or broken server, a proxy that echoes headers), so every
	// string from it is redacted.
	const hide = (text: string | undefined) => (text === undefined ? null : redact(connection, text));
	const details: JsonObject = {
		statusCode: failure.statusCode ?? null,
		type: hide(failure.type),
		message: hide(failure.message),
		requestId: hide(failure.requestId),
		attempts: failure.attempts,
	};
	if (failure.networkCode !== undefined) details.networkError = failure.networkCode;
	if (failure.stop === 'daily-limit') {
		details.notSent =
			'Spruce\'s last answer reported no daily requests left (s-ratelimit-daily-remaining: 0)';
	}
	const error = new NodeApiError(node, { ...details, message: redact(connection, failure.message ?? message) }, {
		message: redact(connection, message),
		description: hint === undefined ? undefined : redact(connection, hint),
		httpCode: failure.statusCode !== undefined ? String(failure.statusCode) : undefined,
		itemIndex,
	});
	error.context.data = details;
	// NodeApiError fills an empty description from the response; a picker's error has none.
	if (hint === undefined) error.description = undefined;
	return error;
}
