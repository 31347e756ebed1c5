import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { maySendToken } from '../nodes/SpruceHealth/transport/connection';

/**
 * Spruce expects `Authorization: Bearer <token>` on every request. The token is either the API
 * token an admin creates under Settings → API Access, or — for public integrations — the
 * base64 of `accessId:secretKey`. Field names are saved in users' credentials: never rename them.
 */
export class SpruceHealthApi implements ICredentialType {
	name = 'spruceHealthApi';

	displayName = 'Spruce Health API';

	icon: Icon = {
		light: 'file:../nodes/SpruceHealth/spruceHealth.svg',
		dark: 'file:../nodes/SpruceHealth/spruceHealth.dark.svg',
	};

	/** The README's Credentials section, on the package's npm page (package.json's homepage). */
	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-spruce-health#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authMethod',
			type: 'options',
			options: [
				{
					name: 'API Token',
					value: 'apiToken',
					description: 'The token an admin creates in Spruce under Settings → API Access',
				},
				{
					name: 'Access Key Pair',
					value: 'accessKeyPair',
					description: 'An access ID and secret key issued to a public Spruce integration',
				},
			],
			default: 'apiToken',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'In the Spruce app open Settings → API Access (admins only), create a token and paste it here',
			displayOptions: { show: { authMethod: ['apiToken'] } },
		},
		{
			displayName: 'Access ID',
			name: 'accessId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authMethod: ['accessKeyPair'] } },
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authMethod: ['accessKeyPair'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.sprucehealth.com/v1',
			description:
				'Leave as is for Spruce. Change it only to point at a test server; it must use https:// (plain http is accepted for localhost only).',
		},
	];

	/**
	 * Adds `Authorization: Bearer …` — but only when the request goes to an https URL (or plain
	 * http on loopback, for the local sandbox): a mistyped http:// address gets no token at all.
	 * The node also refuses such a URL with a clear error before sending anything; this guards
	 * the credential test and any other caller too. Plain code rather than an expression: it runs
	 * for every request, and expressions cost far more to evaluate.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		let target: URL | undefined;
		try {
			target = new URL(requestOptions.baseURL || requestOptions.url);
		} catch {
			target = undefined;
		}
		if (!target || !maySendToken(target)) return requestOptions;
		const token =
			credentials.authMethod === 'accessKeyPair'
				? Buffer.from(`${String(credentials.accessId ?? '')}:${String(credentials.secretKey ?? '')}`).toString('base64')
				: String(credentials.apiToken ?? '');
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${token}` },
		};
	}

	/**
	 * GET /organization is cheap and needs only a valid token. HTTP errors are read from Spruce's
	 * error body (`statusCode`) rather than thrown, so the editor shows our words: n8n 2.x drops
	 * the HTTP status of a thrown error before `responseCode` rules can see it.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ ($credentials.baseUrl || "https://api.sprucehealth.com/v1").replace(/\\/+$/, "") }}',
			url: '/organization',
			method: 'GET',
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 403,
					message:
						'Spruce rejected the token (403). Check that it was copied whole from Settings → API Access, belongs to this organization and has not been disabled.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 404,
					message: 'Spruce answered "not found": check the Base URL (it should be https://api.sprucehealth.com/v1)',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 429,
					message: 'Spruce\'s rate limit for this organization is used up right now; try again in a minute',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 401,
					message: 'Spruce rejected the credentials (401). Check the token, or the access ID and secret key.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 400,
					message: 'Spruce refused the test request (400): check the Base URL (normally https://api.sprucehealth.com/v1)',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 500,
					message: 'Spruce had a server error (500); try again in a few minutes',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 502,
					message: 'Spruce had a server error (502); try again in a few minutes',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 503,
					message: 'Spruce had a server error (503); try again in a few minutes',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'statusCode',
					value: 504,
					message: 'Spruce had a server error (504); try again in a few minutes',
				},
			},
		],
	};
}
