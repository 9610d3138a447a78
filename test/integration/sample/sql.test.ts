// readSql and cleanupSql on a real Postgres, with tables laid out like destination-postgres 3.x writes them.
import type { Client } from 'pg';
import { tempTableName } from '../../../lib/airbyte/naming';
import { assembleSamples } from '../../../lib/sample/assemble';
import { cleanupSql, readSql } from '../../../lib/sample/sql';
import { encodeTicket } from '../../../lib/sample/ticket';
import type { SampleLimits, SampleTicket } from '../../../lib/sample/types';
import { createTestDatabase, type TestDatabase } from '../../support/database';

jest.setTimeout(120_000);

const namespace = 'n8n_sample_0123456789ab';
const limits: SampleLimits = { sampleSize: 5, maxStreams: 10, maxRecordBytes: 4096, maxSampleBytes: 1024 * 1024 };
const ticket = (table: string, name = table): SampleTicket => ({
	v: 1,
	runId: '0123456789ab',
	connectionId: 'c',
	jobId: 1,
	namespace,
	table,
	sampleSize: limits.sampleSize,
	finished: true,
	stream: { name, json_schema: { properties: { id: { type: 'integer' }, 'First Name': { type: 'string' }, tags: { type: 'array' } } }, supported_sync_modes: ['full_refresh'] },
});

/** pg returns one result for a single statement and an array for several: the Postgres node flattens them. */
async function run(client: Client, sql: string): Promise<Record<string, unknown>[]> {
	const result = (await client.query(sql)) as unknown;
	const results = (Array.isArray(result) ? result : [result]) as Array<{ rows: Record<string, unknown>[] }>;
	return results.flatMap((r) => r.rows ?? []);
}

describe('sample SQL on real Postgres', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await createTestDatabase('sample_sql');
		await db.client.query(`CREATE SCHEMA "${namespace}"`);
		await db.client.query(`CREATE TABLE "${namespace}"."Customers" (
			_airbyte_raw_id varchar NOT NULL, _airbyte_extracted_at timestamptz NOT NULL, _airbyte_meta jsonb NOT NULL,
			_airbyte_generation_id bigint, id bigint, "First_Name" varchar, tags jsonb)`);
		for (let i = 1; i <= 20; i++) {
			const name = i === 7 ? 'x'.repeat(10_000) : `name ${i} '"{{ $env.X }}"`;
			await db.client.query(
				`INSERT INTO "${namespace}"."Customers" VALUES (gen_random_uuid()::text, now(), '{"changes":[]}', 0, $1, $2, $3)`,
				[i, name, JSON.stringify([i, 'a'])],
			);
		}
	});
	afterAll(async () => db.drop());

	it('reads a random sample of at most N records as one JSON array, without _airbyte_* columns', async () => {
		const rows = await run(db.client, readSql({ ticket: ticket('Customers'), limits: { ...limits, maxRecordBytes: 1024 * 1024 } }));
		expect(rows).toHaveLength(1);
		const [row] = rows;
		expect(row.table_found).toBe(true);
		expect(Number(row.total_rows)).toBe(20);
		expect(Array.isArray(row.records)).toBe(true);
		const records = row.records as Record<string, unknown>[];
		expect(records).toHaveLength(5);
		for (const r of records) {
			expect(Object.keys(r).sort()).toEqual(['First_Name', 'id', 'tags']);
			expect(r.tags).toEqual([r.id, 'a']);
		}
		const samples = assembleSamples(rows);
		expect(samples.streams[0].status).toBe('complete');
		expect(Object.keys(samples.streams[0].records[0]).sort()).toEqual(['First Name', 'id', 'tags']);
	});

	it('leaves out oversized records and cuts at the byte budget, saying so', async () => {
		const all = { ...limits, sampleSize: 20 };
		const [row] = await run(db.client, readSql({ ticket: { ...ticket('Customers'), sampleSize: 20 }, limits: all }));
		expect(Number(row.oversized_records)).toBe(1);
		expect((row.records as unknown[]).length).toBe(19);
		const [cut] = await run(db.client, readSql({ ticket: ticket('Customers'), limits: { ...all, maxSampleBytes: 200 } }));
		expect(cut.truncated_by_size).toBe(true);
		expect(JSON.stringify(cut.records).length).toBeLessThanOrEqual(400);
		expect(assembleSamples([{ ...cut, sample_ticket: cut.sample_ticket }]).streams[0].status).toBe('partial');
	});

	it('keeps a 20 MB record out of the sample with a clear warning instead of loading it', async () => {
		await db.client.query(`CREATE TABLE "${namespace}"."Blobs" (_airbyte_raw_id varchar, id bigint, payload varchar)`);
		await db.client.query(`INSERT INTO "${namespace}"."Blobs" VALUES ('a', 1, repeat('x', 20 * 1024 * 1024)), ('b', 2, 'small')`);
		const rows = await run(db.client, readSql({ ticket: ticket('Blobs'), limits: { ...limits, maxRecordBytes: 1024 * 1024 } }));
		expect(rows[0].records).toEqual([{ id: 2, payload: 'small' }]);
		const [sample] = assembleSamples(rows).streams;
		expect(sample.status).toBe('partial');
		expect(sample.warnings.join(' ')).toMatch(/1 sampled record\(s\) of "Blobs" exceed Max Record Size and were left out/);
	});

	it('reports a table that never landed as schema_only instead of failing', async () => {
		const rows = await run(db.client, readSql({ ticket: ticket('Missing'), limits }));
		expect(rows[0]).toMatchObject({ table_found: false, records: [] });
		expect(assembleSamples(rows).streams[0].status).toBe('schema_only');
		// and with the whole namespace missing
		const other = { ...ticket('x'), namespace: 'n8n_sample_ffffffffffff' };
		expect((await run(db.client, readSql({ ticket: other, limits })))[0].table_found).toBe(false);
	});

	it('runs several readSql statements concatenated, as the Postgres node does in single-query mode', async () => {
		const sql = [readSql({ ticket: ticket('Customers'), limits }), readSql({ ticket: ticket('Missing'), limits })].join('\n');
		const rows = await run(db.client, sql);
		expect(rows.map((r) => r.table_found)).toEqual([true, false]);
	});

	it('cleanupSql drops the namespace and airbyte_internal leftovers and is idempotent', async () => {
		const cleanup = cleanupSql([{ namespace, tables: ['Customers'] }]);
		await run(db.client, cleanup.replace(/DROP SCHEMA[^;]*;/, '')); // airbyte_internal absent: still fine
		await db.client.query('CREATE SCHEMA IF NOT EXISTS airbyte_internal');
		const temp = tempTableName(namespace, 'Customers');
		await db.client.query(`CREATE TABLE airbyte_internal."${temp}" (x int)`);
		await db.client.query('CREATE TABLE airbyte_internal.keep_me (x int)');
		await run(db.client, cleanup);
		await run(db.client, cleanup);
		const schemas = await db.client.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [namespace]);
		expect(schemas.rowCount).toBe(0);
		const left = await db.client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'airbyte_internal'`);
		expect(left.rows.map((r) => r.tablename)).toEqual(['keep_me']);
	});

	it('keeps the ticket intact through Postgres', async () => {
		const [row] = await run(db.client, readSql({ ticket: ticket('Missing'), limits }));
		expect(row.sample_ticket).toBe(encodeTicket(ticket('Missing')));
	});
});
