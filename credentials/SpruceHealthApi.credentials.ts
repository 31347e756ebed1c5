import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Spruce answers every request with `Authorization: Bearer <token>`. The token is either the API
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

	documentationUrl = 'https://developer.sprucehealth.com/docs/overview';

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

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization:
					'={{ "Bearer " + ($credentials.authMethod === "accessKeyPair" ? ($credentials.accessId + ":" + $credentials.secretKey).base64Encode() : $credentials.apiToken) }}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.replace(/\\/+$/, "") }}',
			url: '/organization',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Spruce rejected the token (403). Check that it was copied whole from Settings → API Access and has not been disabled.',
				},
			},
		],
	};
}
