import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_POLICY, type RequestPolicy } from '../transport';

/**
 * 20 in flight: enough to post 1,000 reminders to different conversations in about the time n8n's
 * HTTP Request node takes, small next to what it fires at once (hundreds), and harmless to the
 * rate limit, which the pacer enforces whatever this is. Order per conversation never depends on it.
 */
export const DEFAULT_CONCURRENCY = 20;
export const MAX_CONCURRENCY = 50;

/** Reliability and speed options every sending operation offers under "Options". */
export const requestOptionFields: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
		default: 20,
		description:
			'How many items may be sent to Spruce at the same time (1–50). Messages to the same conversation are always sent one at a time, in input order. Spruce\'s rate limit still applies.',
	},
	{
		displayName: 'Retry Failed Requests',
		name: 'retry',
		type: 'boolean',
		default: true,
		description:
			'Whether to retry when the connection drops, Spruce times out, has a server error (5xx) or asks to slow down (429). Retries reuse the idempotency key, so a message is never posted twice.',
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10 },
		default: 5,
		description:
			'How many times to try one request in all, the first try included (used when Retry Failed Requests is on)',
	},
	{
		displayName: 'Timeout (Ms)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 100 },
		default: 30000,
		description:
			'The longest one attempt may take, in milliseconds, however slowly the answer arrives. When it passes the attempt is stopped, and tried again if Retry Failed Requests is on.',
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
