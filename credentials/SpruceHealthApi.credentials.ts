import type {
	IAuthenticateRuleResponseSuccessBody,
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { bearerToken, tokenMayGoTo } from '../nodes/SpruceHealth/transport/connection';

const CHECK_BASE_URL =
	'Check the Base URL: for Spruce it is https://api.sprucehealth.com/v1 (and this n8n must reach it without a login page).';

/** Spruce's own error answers, `{ statusCode, type, message }`, in words a user can act on. */
const spruceErrorRules: IAuthenticateRuleResponseSuccessBody[] = [
	[403, 'Spruce rejected the token (403). Check that it was copied whole from Settings → API Access, belongs to this organization and has not been disabled.'],
	[401, 'Spruce rejected the credentials (401). Check the token, or the access ID and secret key.'],
	[404, `Spruce answered "not found" (404). ${CHECK_BASE_URL}`],
	[400, `Spruce refused the test request (400). ${CHECK_BASE_URL}`],
	[429, 'Spruce\'s rate limit for this organization is used up right now (429); try again in a minute.'],
	[500, 'Spruce had a server error (500); try again in a few minutes.'],
	[502, 'Spruce had a server error (502); try again in a few minutes.'],
	[503, 'Spruce had a server error (503); try again in a few minutes.'],
	[504, 'Spruce had a server error (504); try again in a few minutes.'],
].map(([value, message]) => ({
	type: 'responseSuccessBody' as const,
	properties: { key: 'statusCode', value, message: message as string },
}));

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
	 * Adds `Authorization: Bearer …`, but only to requests for the Base URL: the URL the request
	 * really goes to (an absolute `url`, or `url` below `baseURL`) must have the Base URL's scheme,
	 * host and port and lie under its path, and the Base URL must be https (plain http on loopback
	 * only, for the local sandbox). Any other request goes out without the token, so picking this
	 * credential in another node (HTTP Request) cannot send it elsewhere. Plain code rather than an
	 * expression: it runs for every request, and expressions cost far more to evaluate.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		if (!tokenMayGoTo(credentials.baseUrl, requestOptions.url, requestOptions.baseURL)) return requestOptions;
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${bearerToken(credentials)}` },
		};
	}

	/**
	 * GET /organization is cheap and needs only a valid token. n8n's declarative test can only
	 * compare a field of the answer's body with a value, so every rule below names what a body
	 * looked like; the last ones make success require Spruce's organization object. Redirects
	 * are never followed (the token must not travel to wherever they point), and HTTP errors are
	 * read from Spruce's error body rather than thrown: n8n 2.x drops the status of a thrown error
	 * before `responseCode` rules can see it.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ ($credentials.baseUrl || "https://api.sprucehealth.com/v1").trim().replace(/\\/+$/, "") }}',
			url: '/organization',
			method: 'GET',
			json: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
		},
		rules: [
			...spruceErrorRules,
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'length',
					value: 0,
					message: `The Base URL gave an empty answer, not Spruce's (often a redirect, which the test does not follow so the token stays put). ${CHECK_BASE_URL}`,
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: '0',
					value: '<',
					message: `The Base URL answered with a web page (HTML), not Spruce's API: a wrong address, a Wi-Fi or proxy login page, or a proxy's error page. ${CHECK_BASE_URL}`,
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'organization.id',
					value: undefined,
					message: `The Base URL answered, but not with Spruce's organization (the answer was not Spruce's JSON). ${CHECK_BASE_URL}`,
				},
			},
		],
	};
}
