import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server started by the integration project's globalSetup (or DATABASE_URL). */
export function serverUrl(): string {
	const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
	if (!url) throw new Error('No Postgres: run through `npm run test:integration` (globalSetup starts one) or set DATABASE_URL');
	return url;
}

export function withDatabase(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	return u.toString();
}

export interface TestDatabase {
	url: string;
	name: string;
	client: Client;
	drop(): Promise<void>;
}

/** A fresh database of its own for one test file or test; drop() removes it. */
export async function createTestDatabase(prefix = 't'): Promise<TestDatabase> {
	const admin = new Client({ connectionString: serverUrl() });
	await admin.connect();
	const name = `${prefix}_${randomBytes(6).toString('hex')}`.toLowerCase();
	await admin.query(`CREATE DATABASE "${name}"`);
	await admin.end();
	const url = withDatabase(serverUrl(), name);
	const client = new Client({ connectionString: url });
	await client.connect();
	return {
		url,
		name,
		client,
		async drop() {
			await client.end().catch(() => undefined);
			const a = new Client({ connectionString: serverUrl() });
			await a.connect();
			await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
			await a.end();
		},
	};
}
