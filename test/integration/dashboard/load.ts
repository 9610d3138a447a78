// Loads a test dataset into a schema of a real Postgres database, one table per stream with the model's
// types (a stand-in for the Schema Designer's migration + transforms until those are wired in).
import type { Client } from 'pg';

import type { DataModel } from '../../../lib/analysis/model';

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function loadModel(client: Client, schema: string, model: DataModel, records: Record<string, Record<string, unknown>[]>): Promise<void> {
	await client.query(`CREATE SCHEMA IF NOT EXISTS ${q(schema)}`);
	for (const s of model.streams) {
		const cols = s.columns.map((c) => `${q(c.name)} ${c.pgType === 'jsonb' ? 'jsonb' : c.pgType}`).join(', ');
		await client.query(`CREATE TABLE ${q(schema)}.${q(s.name)} (${cols})`);
		const rows = records[s.name] ?? [];
		const chunk = Math.max(1, Math.floor(20000 / Math.max(1, s.columns.length)));
		for (let i = 0; i < rows.length; i += chunk) {
			const part = rows.slice(i, i + chunk);
			const values: unknown[] = [];
			const tuples = part.map((r) => `(${s.columns.map((c) => {
				const v = r[c.name];
				values.push(v === undefined ? null : c.pgType === 'jsonb' ? JSON.stringify(v) : typeof v === 'object' && v !== null ? JSON.stringify(v) : v);
				return `$${values.length}`;
			}).join(', ')})`);
			await client.query(`INSERT INTO ${q(schema)}.${q(s.name)} VALUES ${tuples.join(', ')}`, values);
		}
	}
}

/** Runs one query read-only, as the dashboard's Postgres node would, and returns its rows. */
export async function runReadOnly(client: Client, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
	await client.query('BEGIN READ ONLY');
	try {
		const res = await client.query(sql, params);
		return res.rows;
	} finally {
		await client.query('ROLLBACK');
	}
}
