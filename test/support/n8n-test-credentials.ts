// The credentials our e2e tests, benchmarks and `npm start` create in a real n8n through its public API.
import type { N8nApi } from './n8n-api';

export type CreatedCredential = Awaited<ReturnType<N8nApi['createCredential']>>;

/** n8n's own `postgres` credential for a database URL (no SSL, no tunnel: local test servers). */
export async function createPostgresCredential(api: N8nApi, name: string, databaseUrl: string): Promise<CreatedCredential> {
	const url = new URL(databaseUrl);
	return await api.createCredential(name, 'postgres', {
		host: url.hostname,
		port: Number(url.port),
		database: url.pathname.slice(1),
		user: decodeURIComponent(url.username),
		password: decodeURIComponent(url.password),
		ssl: 'disable',
		allowUnauthorizedCerts: false,
		maxConnections: 10,
		sshTunnel: false,
	});
}

/** Our `airbyteApi` credential for a self-hosted Airbyte API (the emulator) with client-credentials auth. */
export async function createAirbyteCredential(
	api: N8nApi,
	name: string,
	airbyte: { publicApiBaseUrl: string; clientId: string; clientSecret: string },
): Promise<CreatedCredential> {
	return await api.createCredential(name, 'airbyteApi', {
		environment: 'selfHosted',
		baseUrl: airbyte.publicApiBaseUrl,
		authentication: 'clientCredentials',
		clientId: airbyte.clientId,
		clientSecret: airbyte.clientSecret,
	});
}
