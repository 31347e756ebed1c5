import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_POLICY, type RequestPolicy } from '../transport';

/**
 * 20 in flight: enough to post 1,000 reminders to different conversations in about the time n8n's
 * HTTP Request node takes, small next to what it fires at once (hundreds), and harmless to the
 * rate limit, which the pacer enforces whatever this is. Order per conversation never depends on it.
 */
export const DEFAULT_CONCURRENCY = 20;
export const MAX_CONCURRENCY = 50;

/** How messages are delivered (speed, retries, time limits): listed after the message's own options. */
export const requestOptionFields: INodeProperties[] = [
	{
		displayName: 'Messages Sent at Once',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
		default: 20,
		description:
			'How many items the node sends to Spruce at the same time (1–50). Messages to the same conversation always go one after another, in input order. Spruce\'s rate limit still applies.',
	},
	{
		displayName: 'Retry When Spruce Does Not Answer',
		name: 'retry',
		type: 'boolean',
		default: true,
		description:
			'Whether to try a request again, after a short wait, when the connection drops, Spruce does not answer in time, has a server error or asks to slow down. Only that request is retried; n8n\'s Retry On Fail (node Settings) reruns the whole node. Neither posts a message twice.',
	},
	{
		displayName: 'Tries per Request',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10 },
		default: 5,
		description:
			'How many times to try one request in all, the first try included (used when "Retry When Spruce Does Not Answer" is on)',
	},
	{
		displayName: 'Wait for an Answer (Milliseconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 100 },
		default: 30000,
		description:
			'The longest one try may take, in milliseconds (30000 is 30 seconds, 60000 is one minute), however slowly the answer arrives. When it passes the try is stopped, and made again if Retry When Spruce Does Not Answer is on.',
	},
];

/** The transport policy an item's options ask for (`options` as read for that item). */
export function requestPolicy(options: { retry?: boolean; maxAttempts?: number; timeout?: number }): RequestPolicy {
	return {
		retry: options.retry ?? DEFAULT_POLICY.retry,
		maxAttempts: Math.min(10, Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_POLICY.maxAttempts))),
		timeoutMs: Math.max(100, Math.floor(options.timeout ?? DEFAULT_POLICY.timeoutMs)),
	};
}

/** "Duplicate Protection Key" under Options of every write other than Post (worded for messages there). */
export const idempotencyKeyField: INodeProperties = {
	displayName: 'Duplicate Protection Key',
	name: 'idempotencyKey',
	type: 'string',
	default: '',
	description:
		'Spruce refuses a second request with the same key for 24 hours, so a retry never does the same thing twice. Empty: the node makes one from what started the run, so retries (n8n\'s and Retry in the Executions list) never repeat it. Set your own (e.g. the EHR record ID) to guard across runs too. At most 255 characters.',
};
