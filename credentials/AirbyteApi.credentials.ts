import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { CLOUD_API_ROOT, normalizeBaseUrl } from '../lib/airbyte/urls';

/** The public API root the credential points at (Cloud or the self-hosted base URL). */
export function airbyteBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	return credentials.environment === 'selfHosted' ? normalizeBaseUrl(String(credentials.baseUrl ?? '')) : CLOUD_API_ROOT;
}

function tokenUrl(credentials: ICredentialDataDecryptedObject): string {
	const custom = String(credentials.tokenUrl ?? '').trim();
	if (credentials.environment === 'selfHosted' && custom !== '') return custom;
	return `${airbyteBaseUrl(credentials)}/applications/token`;
}

export class AirbyteApi implements ICredentialType {
	name = 'airbyteApi';

	displayName = 'Airbyte API';

	icon: Icon = { light: 'file:airbyte.svg', dark: 'file:airbyte.dark.svg' };

	documentationUrl = 'https://reference.airbyte.com/reference/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Airbyte Cloud', value: 'cloud', description: 'https://api.airbyte.com/v1' },
				{ name: 'Self-Hosted', value: 'selfHosted', description: 'Airbyte Community or Self-Managed Enterprise' },
			],
			default: 'cloud',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://localhost:8000/api/public/v1',
			placeholder: 'http://localhost:8000/api/public/v1',
			description: 'Root of the public API of your Airbyte instance: http(s)://<host>/api/public/v1',
			displayOptions: { show: { environment: ['selfHosted'] } },
			required: true,
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Client Credentials',
					value: 'clientCredentials',
					description: 'Application client ID and secret, exchanged for a short-lived access token',
				},
				{ name: 'Bearer Token', value: 'bearerToken', description: 'A ready-made access token' },
				{ name: 'None', value: 'none', description: 'Self-hosted Airbyte with authentication disabled' },
			],
			default: 'clientCredentials',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['clientCredentials'] } },
			description: 'From Airbyte: Settings > Applications (self-hosted Community: abctl local credentials)',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['clientCredentials'] } },
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: '',
			placeholder: 'http://localhost:8000/api/public/v1/applications/token',
			description:
				'Leave empty to use <Base URL>/applications/token. Some Self-Managed Enterprise installs serve it at <host>/api/v1/applications/token.',
			displayOptions: { show: { environment: ['selfHosted'], authentication: ['clientCredentials'] } },
		},
		{
			displayName: 'Access Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['bearerToken'] } },
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * Exchanges the client ID and secret for an access token. n8n runs this when the hidden expirable
	 * field is empty and again after a 401, so token lifetimes (3 or 15 minutes by Airbyte version) are
	 * never assumed.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		if (credentials.authentication !== 'clientCredentials') return {};
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: tokenUrl(credentials),
			body: {
				client_id: credentials.clientId,
				client_secret: credentials.clientSecret,
				'grant-type': 'client_credentials',
			},
			json: true,
		})) as IDataObject;
		const accessToken = response?.access_token;
		if (typeof accessToken !== 'string' || accessToken === '') {
			throw new Error(
				'Airbyte did not return an access token. Check the client ID and secret, and that the base URL (or token URL) points at your Airbyte instance.',
			);
		}
		return { sessionToken: accessToken };
	}

	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const token =
			credentials.authentication === 'clientCredentials'
				? credentials.sessionToken
				: credentials.authentication === 'bearerToken'
					? credentials.token
					: undefined;
		if (typeof token !== 'string' || token === '') return requestOptions;
		return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `Bearer ${token}` } };
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.environment === "selfHosted" ? String($credentials.baseUrl).replace(/\\/+$/, "") : "https://api.airbyte.com/v1"}}',
			url: '/workspaces',
			qs: { limit: 1 },
		},
	};
}
