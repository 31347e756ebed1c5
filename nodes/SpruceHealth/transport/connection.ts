import { createHash } from 'crypto';
import type {
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { pacerFor, type RateLimitPacer } from './pacing';

export const CREDENTIAL_TYPE = 'spruceHealthApi';
export const DEFAULT_BASE_URL = 'https://api.sprucehealth.com/v1';

export type SpruceContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IPollFunctions
	| IWebhookFunctions;

/** What every request of one execution shares: where Spruce is, the org's pacer, what to hide. */
export interface SpruceConnection {
	baseUrl: string;
	/** A hash naming the organization's credential (base URL and identity), never the token. */
	key: string;
	/** One per organization (credential), shared by every execution in this running n8n. */
	pacer: RateLimitPacer;
	/** Secret strings that must never appear in anything we output or throw. */
	secrets: string[];
	/**
	 * The credential as n8n gave it to this execution, handed back to
	 * `httpRequestWithAuthentication` so n8n does not load, decrypt and resolve it again for
	 * every request (that cost more CPU than everything else we do per item).
	 */
	credentials: ICredentialsDecrypted;
}

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** https anywhere, plain http on loopback only: the only places the token may go. */
export function maySendToken(url: URL): boolean {
	return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.test(url.hostname));
}

/**
 * The base URL must be https, so the token never crosses the network in clear text. Plain http
 * is allowed for loopback only (the local sandbox). Anything else fails before a request is made.
 */
export function validateBaseUrl(node: INode, raw: unknown): string {
	const text = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : DEFAULT_BASE_URL;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new NodeOperationError(node, `The credential's Base URL "${text}" is not a valid URL`, {
			description: `Open the Spruce Health API credential and set Base URL to ${DEFAULT_BASE_URL}.`,
		});
	}
	if (!maySendToken(url)) {
		throw new NodeOperationError(node, 'The credential\'s Base URL must start with https://', {
			description: `Requests carry your Spruce token, so they are only sent over https (plain http is accepted for localhost test servers only). Open the Spruce Health API credential and set Base URL to ${DEFAULT_BASE_URL}.`,
		});
	}
	if (url.username || url.password || url.search || url.hash) {
		throw new NodeOperationError(node, 'The credential\'s Base URL must not contain a user name, password, query or fragment', {
			description: `Set Base URL to ${DEFAULT_BASE_URL}.`,
		});
	}
	return url.toString().replace(/\/+$/, '');
}

/**
 * Encodes one id for use as a path segment, so an id like `t_1/../../organization` or one with
 * `?` or `#` can never reach another endpoint.
 */
export function pathSegment(node: INode, value: string, what: string, itemIndex?: number): string {
	if (value === '' || value === '.' || value === '..') {
		throw new NodeOperationError(node, `The ${what} "${value}" is not a valid Spruce id`, {
			itemIndex,
			description: `Check the ${what}: it should look like the id shown in Spruce, e.g. t_0E5QDJJC03000.`,
		});
	}
	return encodeURIComponent(value);
}

const connections = new WeakMap<object, Promise<SpruceConnection>>();

/** Reads and checks the credential once per execution, not once per request. */
export async function connectionFor(ctx: SpruceContext): Promise<SpruceConnection> {
	let connection = connections.get(ctx);
	if (!connection) {
		connection = openConnection(ctx);
		connections.set(ctx, connection);
	}
	return await connection;
}

async function openConnection(ctx: SpruceContext): Promise<SpruceConnection> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const baseUrl = validateBaseUrl(ctx.getNode(), credentials.baseUrl);
	const secrets: string[] = [];
	let identity: string;
	if (credentials.authMethod === 'accessKeyPair') {
		const pair = `${String(credentials.accessId ?? '')}:${String(credentials.secretKey ?? '')}`;
		secrets.push(String(credentials.secretKey ?? ''), Buffer.from(pair).toString('base64'));
		identity = String(credentials.accessId ?? '');
	} else {
		secrets.push(String(credentials.apiToken ?? ''));
		identity = String(credentials.apiToken ?? '');
	}
	// The pacer is keyed by a hash, so the token itself is never kept as a map key.
	const key = createHash('sha256').update(`${baseUrl}\n${identity}`).digest('hex');
	const node = ctx.getNode();
	return {
		baseUrl,
		key,
		pacer: pacerFor(key),
		secrets: secrets.filter((s) => s.length >= 4),
		credentials: {
			id: node.credentials?.[CREDENTIAL_TYPE]?.id ?? '',
			name: node.credentials?.[CREDENTIAL_TYPE]?.name ?? '',
			type: CREDENTIAL_TYPE,
			data: credentials,
		},
	};
}

/** Replaces every secret in a string with "***". */
export function redact(connection: Pick<SpruceConnection, 'secrets'>, text: string): string {
	let out = text;
	for (const secret of connection.secrets) out = out.split(secret).join('***');
	return out;
}
