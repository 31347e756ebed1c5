import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { pathSegment, spruceApiRequest } from '../SpruceHealth/transport';
import { firstDelivery } from './acceptedEvents';
import type { Registration } from './registration';
import {
	conversationTypeOf,
	eventItem,
	kindOfEvent,
	passesFilters,
	readFilters,
} from './shared/events';
import { SIGNATURE_HEADER, signatureIsValid } from './shared/signature';

interface SpruceEvent {
	type: string;
	eventTime: string;
	resource: IDataObject;
}

/** The event in a verified body, or undefined when the body is not a Spruce event. */
function parseEvent(rawBody: Buffer): SpruceEvent | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return undefined;
	}
	const event = parsed as IDataObject | null;
	const resource = (event?.data as IDataObject | undefined)?.object;
	if (typeof event?.type !== 'string' || !resource || typeof resource !== 'object')
		return undefined;
	return {
		type: event.type,
		eventTime: typeof event.eventTime === 'string' ? event.eventTime : '',
		resource: resource as IDataObject,
	};
}

async function readRawBody(ctx: IWebhookFunctions): Promise<Buffer | undefined> {
	const request = ctx.getRequestObject() as ReturnType<IWebhookFunctions['getRequestObject']> & {
		readRawBody?: () => Promise<void>;
	};
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') {
		await request.readRawBody();
	}
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}

function refuse(ctx: IWebhookFunctions): IWebhookResponseData {
	// Nothing of the body is echoed or logged: it may hold patient information.
	ctx.getResponseObject().status(401).json({ message: 'Invalid or missing X-Spruce-Signature' });
	return { noWebhookResponse: true };
}

/** Acknowledged (Spruce stops retrying) without starting the workflow. */
const IGNORED: IWebhookResponseData = { webhookResponse: { received: true } };

/** A message event names its conversation's type; if it does not, Spruce is asked. */
async function conversationType(ctx: IWebhookFunctions, kind: string, resource: IDataObject) {
	const known = conversationTypeOf(kind, resource);
	if (known || kind !== 'conversationItem' || typeof resource.conversationId !== 'string')
		return known;
	const { body } = await spruceApiRequest.call(ctx, {
		method: 'GET',
		path: `/conversations/${pathSegment(ctx.getNode(), resource.conversationId, 'conversation id')}`,
		action: 'look up the conversation of the message',
		understood: (answer) => typeof answer.conversation === 'object' && answer.conversation !== null,
	});
	const conversation = (body as { conversation?: IDataObject }).conversation;
	return typeof conversation?.type === 'string' ? conversation.type : undefined;
}

/**
 * One delivery: verify the signature over the raw body, drop events not chosen, filtered out or
 * already seen (each answered 200 so Spruce does not retry them), emit the rest as one item.
 */
export async function handleDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const registration = this.getWorkflowStaticData('node') as Registration & IDataObject;
	const rawBody = await readRawBody(this);
	const header = this.getHeaderData()[SIGNATURE_HEADER];
	if (!signatureIsValid(rawBody, header, registration.signingSecret)) return refuse(this);

	const event = parseEvent(rawBody!);
	if (!event) return IGNORED;
	const events = this.getNodeParameter('events', []) as string[];
	if (!events.includes(event.type)) return IGNORED;

	const kind = kindOfEvent(event.type);
	const filters = readFilters(this.getNodeParameter('filters', {}) as IDataObject);
	const type = filters.conversationTypes.length
		? await conversationType(this, kind, event.resource)
		: undefined;
	if (!passesFilters(kind, event.resource, filters, type)) return IGNORED;

	const trigger = [this.getWorkflow().id, this.getNode().id, registration.endpointId].join('|');
	const key = `${event.type}|${String(event.resource.id)}|${event.eventTime}`;
	if (!firstDelivery(registration, trigger, key)) return IGNORED;

	const item = eventItem(event.type, event.eventTime, event.resource);
	return { workflowData: [this.helpers.returnJsonArray([item])] };
}
