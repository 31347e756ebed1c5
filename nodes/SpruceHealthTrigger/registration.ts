import { randomUUID } from 'crypto';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { maySendToken } from '../SpruceHealth/transport/connection';
import { pathSegment, spruceApiRequest } from '../SpruceHealth/transport';

/** What the node keeps in its static data about the endpoint it registered. */
export interface Registration {
	endpointId?: string;
	/** Returned by Spruce once, at creation: without it no delivery can be verified. */
	signingSecret?: string;
}

interface Endpoint {
	id: string;
	url: string;
	signingSecrets?: Array<{ id: string; value: string }>;
}

function registrationOf(ctx: IHookFunctions): Registration & IDataObject {
	return ctx.getWorkflowStaticData('node') as Registration & IDataObject;
}

function forget(registration: Registration): void {
	delete registration.endpointId;
	delete registration.signingSecret;
}

/**
 * Spruce delivers to https only. Plain http is accepted for loopback so local tests work (the
 * same rule the credential's base URL follows).
 */
function deliverableUrl(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default') ?? '';
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (parsed && maySendToken(parsed)) return url;
	throw new NodeOperationError(
		ctx.getNode(),
		`Spruce can only send events to an https address, and this n8n's webhook address is ${url || 'not set'}`,
		{
			description:
				'Set the WEBHOOK_URL environment variable of n8n to its public https address (e.g. https://n8n.example.com/) and restart n8n, or reach n8n through an https tunnel, or use the Spruce Health Poll Trigger node instead: it asks Spruce for new events and needs no incoming connection.',
		},
	);
}

/** The request's answer, or undefined when Spruce says 404: the endpoint is not there (any more). */
async function unlessGone<T>(request: Promise<T>): Promise<T | undefined> {
	const outcome = await request.then(
		(value) => ({ ok: true as const, value }),
		(error: unknown) => ({ ok: false as const, error }),
	);
	if (outcome.ok) return outcome.value;
	if ((outcome.error as { httpCode?: string }).httpCode === '404') return undefined;
	// Already the transport's NodeApiError (with Spruce's answer): passed on unchanged.
	throw outcome.error;
}

const hasEndpoint = (body: IDataObject) =>
	typeof body.endpoint === 'object' && body.endpoint !== null;

async function deleteEndpoint(ctx: IHookFunctions, id: string): Promise<void> {
	await unlessGone(
		spruceApiRequest.call(ctx, {
			method: 'DELETE',
			path: `/webhooks/endpoints/${pathSegment(ctx.getNode(), id, 'webhook endpoint id')}`,
			action: 'remove the webhook endpoint this trigger registered',
		}),
	);
}

/**
 * An endpoint whose answer never reached us (a timeout, or a retry refused as a duplicate)
 * still delivers to our URL, signed with a secret we will never learn: every delivery would be
 * refused. Such endpoints are removed before registering. They are never adopted.
 */
async function removeUnverifiableEndpoints(ctx: IHookFunctions, url: string) {
	const { body } = await spruceApiRequest.call(ctx, {
		method: 'GET',
		path: '/webhooks/endpoints',
		action: 'list the webhook endpoints',
		understood: (answer) => Array.isArray(answer.endpoints),
	});
	for (const endpoint of (body as { endpoints?: Endpoint[] }).endpoints ?? []) {
		if (endpoint.url === url) await deleteEndpoint(ctx, endpoint.id);
	}
}

export async function checkEndpoint(this: IHookFunctions): Promise<boolean> {
	const registration = registrationOf(this);
	if (
		typeof registration.endpointId !== 'string' ||
		typeof registration.signingSecret !== 'string'
	) {
		return false;
	}
	const url = this.getNodeWebhookUrl('default');
	const found = await unlessGone(
		spruceApiRequest.call(this, {
			method: 'GET',
			path: `/webhooks/endpoints/${pathSegment(this.getNode(), registration.endpointId, 'webhook endpoint id')}`,
			action: 'check the webhook endpoint this trigger registered',
			understood: hasEndpoint,
		}),
	);
	const endpoint = (found?.body as { endpoint?: Endpoint } | undefined)?.endpoint;
	if (endpoint?.url === url) return true;
	// Gone, or registered for an address n8n no longer has: register again.
	if (endpoint) await deleteEndpoint(this, registration.endpointId);
	forget(registration);
	return false;
}

export async function registerEndpoint(this: IHookFunctions): Promise<boolean> {
	const url = deliverableUrl(this);
	const events = this.getNodeParameter('events', []) as string[];
	if (!events.length) {
		throw new NodeOperationError(this.getNode(), 'Choose at least one event in "Trigger On"', {
			description: 'The trigger needs to know which Spruce events should start the workflow.',
		});
	}
	const registration = registrationOf(this);
	const name = `n8n: ${this.getWorkflow().name ?? 'workflow'} / ${this.getNode().name}`;
	await removeUnverifiableEndpoints(this, url);
	const { body } = await spruceApiRequest.call(this, {
		method: 'POST',
		path: '/webhooks/endpoints',
		body: { name, url },
		idempotencyKey: `n8n-webhook-${randomUUID()}`,
		action: 'register the webhook endpoint',
		understood: hasEndpoint,
	});
	const { endpoint } = body as { endpoint?: Endpoint };
	const secret = endpoint?.signingSecrets?.find(
		(s) => typeof s.value === 'string' && s.value,
	)?.value;
	if (!endpoint?.id || !secret) {
		if (endpoint?.id) await deleteEndpoint(this, endpoint.id);
		throw new NodeOperationError(
			this.getNode(),
			'Spruce registered the webhook without a signing secret',
			{
				description:
					'Without the secret no event could be checked, so the endpoint was removed again. Try activating the workflow again later.',
			},
		);
	}
	registration.endpointId = endpoint.id;
	registration.signingSecret = secret;
	return true;
}

export async function removeEndpoint(this: IHookFunctions): Promise<boolean> {
	const registration = registrationOf(this);
	if (typeof registration.endpointId === 'string') {
		await deleteEndpoint(this, registration.endpointId);
	}
	forget(registration);
	return true;
}
