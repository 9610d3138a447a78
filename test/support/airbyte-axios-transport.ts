// The Airbyte client's transport outside n8n (tests, benchmarks, tools): axios, with the credential's auth
// modes done here (client-credentials token fetched on demand and refreshed once after a 401).
// Shipped code never imports this; inside nodes the transport is httpRequestWithAuthentication.
import axios, { type AxiosInstance } from 'axios';
import { sleep } from 'n8n-workflow';

import { AirbyteClient, type AirbyteClientOptions } from '../../lib/airbyte/client';
import { AirbyteTransportError } from '../../lib/airbyte/errors';
import { serializeQuery, type AirbyteHttpRequest, type AirbyteHttpResponse, type AirbyteTransport } from '../../lib/airbyte/transport';
import { normalizeBaseUrl } from '../../lib/airbyte/urls';

export type AirbyteAuth =
	| { type: 'clientCredentials'; clientId: string; clientSecret: string; tokenUrl?: string }
	| { type: 'bearer'; token: string }
	| { type: 'none' };

export class AxiosAirbyteTransport implements AirbyteTransport {
	private token?: string;
	readonly http: AxiosInstance;
	tokenRequests = 0;

	constructor(
		private readonly baseUrl: string,
		private readonly auth: AirbyteAuth,
	) {
		this.http = axios.create({ validateStatus: () => true });
	}

	private async accessToken(force: boolean): Promise<string | undefined> {
		if (this.auth.type === 'none') return undefined;
		if (this.auth.type === 'bearer') return this.auth.token;
		if (this.token && !force) return this.token;
		this.tokenRequests++;
		const url = this.auth.tokenUrl ?? `${normalizeBaseUrl(this.baseUrl)}/applications/token`;
		const response = await this.http.post(url, {
			client_id: this.auth.clientId,
			client_secret: this.auth.clientSecret,
			'grant-type': 'client_credentials',
		});
		if (response.status !== 200 || typeof response.data?.access_token !== 'string') {
			throw new Error(`Airbyte token request failed with ${response.status}`);
		}
		this.token = response.data.access_token as string;
		return this.token;
	}

	private async send(request: AirbyteHttpRequest, token: string | undefined): Promise<AirbyteHttpResponse> {
		try {
			const response = await this.http.request({
				method: request.method,
				url: request.url,
				params: serializeQuery(request.query),
				data: request.body,
				signal: request.signal,
				timeout: request.timeoutMs,
				headers: token ? { Authorization: `Bearer ${token}` } : {},
			});
			return { status: response.status, body: response.data === '' ? undefined : response.data };
		} catch (error) {
			const e = error as { code?: string; message?: string };
			const timedOut = e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT' || /timeout/i.test(e.message ?? '');
			throw new AirbyteTransportError(`Could not reach Airbyte: ${e.message}`, { code: e.code, timedOut, cause: error });
		}
	}

	async request(request: AirbyteHttpRequest): Promise<AirbyteHttpResponse> {
		const response = await this.send(request, await this.accessToken(false));
		if (response.status !== 401 || this.auth.type !== 'clientCredentials') return response;
		return await this.send(request, await this.accessToken(true));
	}
}

/** A client for tests and tools: axios transport, n8n-workflow's sleep. */
export function createAxiosAirbyteClient(
	baseUrl: string,
	auth: AirbyteAuth,
	options: Partial<AirbyteClientOptions> = {},
): { client: AirbyteClient; transport: AxiosAirbyteTransport } {
	const transport = new AxiosAirbyteTransport(baseUrl, auth);
	return { client: new AirbyteClient({ baseUrl, transport, sleep, ...options }), transport };
}
