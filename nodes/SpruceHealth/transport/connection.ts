import { createHash } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
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

/** Parses the credential's Base URL (empty = Spruce's); undefined when it is not a URL. */
export function parseBaseUrl(raw: unknown): URL | undefined {
	const text = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : DEFAULT_BASE_URL;
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

/** Absolute URL as axios builds it: an absolute `url` wins, else `url` joined to `baseURL`. */
function finalRequestUrl(url: string | undefined, baseURL: string | undefined): URL | undefined {
	const path = url ?? '';
	const absolute = /^([a-z][a-z\d+\-.]*:)?\/\//i.test(path);
	const full = absolute || !baseURL ? path : `${baseURL.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
	try {
		return new URL(full);
	} catch {
		return undefined;
	}
}

/**
 * Whether a request may carry the token: only when the URL it really goes to (as axios resolves
 * `url` and `baseURL`) has the Base URL's scheme, host and port and lies under its path, and the
 * Base URL itself is https (or plain http on loopback). Dot segments are resolved first, so
 * `/v1/../admin` does not count as under `/v1`.
 */
export function tokenMayGoTo(baseUrl: unknown, url: string | undefined, baseURL?: string): boolean {
	const base = parseBaseUrl(baseUrl);
	const target = finalRequestUrl(url, baseURL);
	if (!base || !target || !maySendToken(base) || base.username || base.password) return false;
	if (target.origin !== base.origin || target.username || target.password) return false;
	const prefix = base.pathname.replace(/\/+$/, '');
	return target.pathname === prefix || target.pathname.startsWith(`${prefix}/`);
}

/**
 * The base URL must be https, so the token never crosses the network in clear text. Plain http
 * is allowed for loopback only (the local sandbox). Anything else fails before a request is made.
 * Errors never repeat the value: a token pasted here by mistake must not end up in an error.
 */
export function validateBaseUrl(node: INode, raw: unknown): string {
	const url = parseBaseUrl(raw);
	if (!url) {
		throw new NodeOperationError(node, 'The credential\'s Base URL is not a valid URL', {
			description: `Open the Spruce Health API credential and set Base URL to ${DEFAULT_BASE_URL} (a web address starting with https://).`,
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
	const secrets = secretForms(credentials);
	const identity =
		credentials.authMethod === 'accessKeyPair' ? String(credentials.accessId ?? '') : String(credentials.apiToken ?? '');
	// The pacer is keyed by a hash, so the token itself is never kept as a map key.
	const key = createHash('sha256').update(`${baseUrl}\n${identity}`).digest('hex');
	const node = ctx.getNode();
	return {
		baseUrl,
		key,
		pacer: pacerFor(key),
		secrets,
		credentials: {
			id: node.credentials?.[CREDENTIAL_TYPE]?.id ?? '',
			name: node.credentials?.[CREDENTIAL_TYPE]?.name ?? '',
			type: CREDENTIAL_TYPE,
			data: credentials,
		},
	};
}

/** The bearer token the credential sends: the API token, or base64 of `accessId:secretKey`. */
export function bearerToken(credentials: ICredentialDataDecryptedObject): string {
	return credentials.authMethod === 'accessKeyPair'
		? Buffer.from(`${String(credentials.accessId ?? '')}:${String(credentials.secretKey ?? '')}`).toString('base64')
		: String(credentials.apiToken ?? '');
}

/**
 * Every form in which the credential's secret could come back from a server: the token, the
 * secret key, the `accessId:secretKey` pair, and the base64 (and base64url) of each. Longest
 * first, so a longer form is hidden whole before a shorter one inside it.
 */
function secretForms(credentials: ICredentialDataDecryptedObject): string[] {
	const raw =
		credentials.authMethod === 'accessKeyPair'
			? [String(credentials.secretKey ?? ''), `${String(credentials.accessId ?? '')}:${String(credentials.secretKey ?? '')}`]
			: [String(credentials.apiToken ?? '')];
	const forms = new Set<string>();
	for (const value of raw) {
		forms.add(value);
		forms.add(Buffer.from(value).toString('base64'));
		forms.add(Buffer.from(value).toString('base64url'));
		forms.add(Buffer.from(value).toString('base64').replace(/=+$/, ''));
	}
	return [...forms].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

/** Replaces every secret in a string with "***". */
export function redact(connection: Pick<SpruceConnection, 'secrets'>, text: string): string {
	let out = text;
	for (const secret of connection.secrets) out = out.split(secret).join('***');
	return out;
}
