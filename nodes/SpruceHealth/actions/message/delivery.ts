import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { pathSegment, spruceApiRequest, type RequestPolicy, type SpruceRequest } from '../../transport';
import { waitUnlessCancelled } from '../../transport/wait';

export const DEFAULT_WAIT_TIMEOUT_S = 30;
const FIRST_LOOK_MS = 500;
const MAX_LOOK_INTERVAL_MS = 3_000;

/** "Wait for Delivery" and its timeout, under Post's Options. */
export const waitForDeliveryFields: INodeProperties[] = [
	{
		displayName: 'Wait for Delivery',
		name: 'waitForDelivery',
		type: 'boolean',
		default: false,
		description:
			"Whether to wait until the message appears in the conversation and output it (item ID, link, time, text) instead of only the request ID. Spruce posts asynchronously; a timeout doesn't fail the item.",
	},
	{
		displayName: 'Wait Timeout (Seconds)',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 600 },
		default: DEFAULT_WAIT_TIMEOUT_S,
		description: 'How long to wait for the message to appear before giving up (the message stays posted)',
		displayOptions: { show: { waitForDelivery: [true] } },
	},
];

/**
 * POSTs a message (Post, Send), which Spruce creates afterwards: the request counts as made only
 * if Spruce answers with the id of the request that will create it. `requestId` is null when
 * Spruce turned the key away as a duplicate (made before).
 */
export async function requestMessage(
	ctx: IExecuteFunctions,
	request: Omit<SpruceRequest, 'method' | 'understood'>,
	policy: RequestPolicy,
): Promise<{ requestId: string | null; duplicate: boolean }> {
	const { body, duplicate } = await spruceApiRequest.call(
		ctx,
		{
			method: 'POST',
			...request,
			understood: (answer) => typeof answer.requestId === 'string' && answer.requestId !== '',
		},
		policy,
	);
	return { requestId: duplicate ? null : (((body as IDataObject).requestId as string) ?? null), duplicate };
}

/**
 * Reads the conversation's newest items until the one posted with `requestId` appears, or the
 * timeout passes: the item, or undefined. Looks again after 0.5 s, then less and less often.
 */
export async function awaitDelivery(
	ctx: IExecuteFunctions,
	itemIndex: number,
	conversationId: string,
	requestId: string,
	timeoutMs: number,
	policy: RequestPolicy,
): Promise<IDataObject | undefined> {
	const path = `/conversations/${pathSegment(ctx.getNode(), conversationId, 'conversation id', itemIndex)}/items`;
	const deadline = Date.now() + timeoutMs;
	const signal = ctx.getExecutionCancelSignal();
	for (let interval = FIRST_LOOK_MS; ; interval = Math.min(MAX_LOOK_INTERVAL_MS, interval * 2)) {
		const { body } = await spruceApiRequest.call(
			ctx,
			{
				method: 'GET',
				path,
				qs: { order: 'newest_first', pageSize: 50 },
				action: 'check that the message was delivered',
				itemIndex,
			},
			policy,
		);
		const items = ((body as IDataObject).conversationItems as IDataObject[] | undefined) ?? [];
		const found = items.find((item) => item.requestId === requestId);
		if (found) return found;
		const left = deadline - Date.now();
		if (left <= 0) return undefined;
		await waitUnlessCancelled(Math.min(interval, left), signal);
	}
}

/** The output fields of a delivered item. */
export function deliveredFields(item: IDataObject): IDataObject {
	return {
		delivered: true,
		conversationItemId: item.id,
		appURL: item.appURL,
		createdAt: item.createdAt,
		text: item.text,
		direction: item.direction,
		isInternalNote: item.isInternalNote,
		attachments: item.attachments,
	};
}
