// Reads back the tables a sync writes: destination-postgres 3.x direct-load layout, types, names, row counts,
// overwrite swap through airbyte_internal, and rows lost when a sync fails or is cancelled before a flush.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoSpecViolations } from '../../airbyte-emulator';
import { defaultDatasetsDir } from '../../airbyte-emulator/spec/reference';
import { countRows, emulatorFixture, syncAndWait, type EmulatorFixture } from './helpers';

jest.setTimeout(120_000);

const chinookDir = join(defaultDatasetsDir(), 'chinook');
const catalog = JSON.parse(readFileSync(join(chinookDir, 'airbyte_catalog.json'), 'utf8')) as { streams: Array<{ name: string }> };
const lineCount = (stream: string) => readFileSync(join(chinookDir, `${stream}.jsonl`), 'utf8').split('\n').filter((l) => l.trim()).length;

let fx: EmulatorFixture;

beforeAll(async () => {
	fx = await emulatorFixture({ seed: { faker: { count: 2000, seed: 3 }, datasets: { chinook: chinookDir } }, flushMaxRecords: 1000 });
}, 120_000);
afterAll(async () => fx?.close(), 60_000);
afterEach(() => {
	expectNoSpecViolations(fx.emulator);
	fx.emulator.setFaults({});
});

async function columns(schema: string, table: string) {
	const { rows } = await fx.db.client.query(
		'SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
		[schema, table],
	);
	return rows as Array<{ column_name: string; data_type: string; is_nullable: string }>;
}

async function tablesIn(schema: string): Promise<string[]> {
	const { rows } = await fx.db.client.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema]);
	return rows.map((r: { table_name: string }) => r.table_name);
}

async function connect(body: Record<string, unknown>) {
	const res = await fx.api.post('/connections', { destinationId: fx.emulator.destinations.postgres, ...body });
	expect(res.status).toBe(200);
	return res.data.connectionId as string;
}

describe('a full_refresh_overwrite sync of the chinook file source', () => {
	let connectionId: string;
	let firstJob: Record<string, any>;

	beforeAll(async () => {
		connectionId = await connect({ sourceId: fx.emulator.sources.chinook, namespaceDefinition: 'custom_format', namespaceFormat: 'chinook_raw', prefix: 'ab_' });
		firstJob = await syncAndWait(fx, connectionId);
	});

	it('writes one final table per stream in the namespace schema, with every row committed', async () => {
		expect(firstJob.status).toBe('succeeded');
		expect(await tablesIn('chinook_raw')).toEqual(catalog.streams.map((s) => `ab_${s.name}`).sort());
		let total = 0;
		for (const { name } of catalog.streams) {
			expect(await countRows(fx, 'chinook_raw', `ab_${name}`)).toBe(lineCount(name));
			total += lineCount(name);
		}
		expect(firstJob.rowsSynced).toBe(total);
		expect(await tablesIn('airbyte_internal')).toEqual([]);
	});

	it('has the four _airbyte_* system columns and Airbyte type mapping', async () => {
		const invoice = await columns('chinook_raw', 'ab_invoice');
		expect(invoice.slice(0, 4)).toEqual([
			{ column_name: '_airbyte_raw_id', data_type: 'character varying', is_nullable: 'NO' },
			{ column_name: '_airbyte_extracted_at', data_type: 'timestamp with time zone', is_nullable: 'NO' },
			{ column_name: '_airbyte_meta', data_type: 'jsonb', is_nullable: 'NO' },
			{ column_name: '_airbyte_generation_id', data_type: 'bigint', is_nullable: 'YES' },
		]);
		const types = Object.fromEntries(invoice.map((c) => [c.column_name, c.data_type]));
		expect(types).toMatchObject({
			invoice_id: 'bigint',
			billing_city: 'character varying',
			invoice_date: 'timestamp without time zone',
			total: 'numeric',
		});
		const { rows } = await fx.db.client.query('SELECT * FROM chinook_raw.ab_invoice ORDER BY invoice_id LIMIT 1');
		const source = JSON.parse(readFileSync(join(chinookDir, 'invoice.jsonl'), 'utf8').split('\n')[0]);
		expect(rows[0]._airbyte_meta).toEqual({ sync_id: firstJob.jobId, changes: [] });
		expect(Number(rows[0]._airbyte_generation_id)).toBe(1);
		expect(rows[0].invoice_id).toBe(String(source.invoice_id));
		expect(Number(rows[0].total)).toBe(source.total);
		const { rows: idx } = await fx.db.client.query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'chinook_raw' AND tablename = 'ab_invoice'");
		expect(idx.map((r: { indexdef: string }) => r.indexdef).join()).toMatch(/_airbyte_extracted_at/);
	});

	it('swaps a new generation in on the next overwrite sync, leaving no temp table behind', async () => {
		const { rows: before } = await fx.db.client.query('SELECT _airbyte_raw_id FROM chinook_raw.ab_genre ORDER BY genre_id');
		const second = await syncAndWait(fx, connectionId);
		expect(second.status).toBe('succeeded');
		const { rows: after } = await fx.db.client.query('SELECT _airbyte_raw_id, _airbyte_generation_id, _airbyte_meta FROM chinook_raw.ab_genre ORDER BY genre_id');
		expect(after).toHaveLength(before.length);
		expect(after.every((r: { _airbyte_generation_id: string }) => r._airbyte_generation_id === '2')).toBe(true);
		expect(after[0]._airbyte_meta.sync_id).toBe(second.jobId);
		expect(after[0]._airbyte_raw_id).not.toBe(before[0]._airbyte_raw_id);
		expect(await tablesIn('airbyte_internal')).toEqual([]);
	});

	it('never drops tables when the connection is deleted', async () => {
		expect((await fx.api.delete(`/connections/${connectionId}`)).status).toBe(204);
		expect(await countRows(fx, 'chinook_raw', 'ab_track')).toBe(lineCount('track'));
	});
});

describe('flushes', () => {
	it('keeps only flushed rows when an append sync fails mid-stream', async () => {
		const connectionId = await connect({
			sourceId: fx.emulator.sources.faker,
			namespaceDefinition: 'custom_format',
			namespaceFormat: 'faker_fail',
			configurations: { streams: [{ name: 'users', syncMode: 'full_refresh_append' }] },
		});
		fx.emulator.setFaults({ jobs: [{ connectionId, afterRecords: 1500, message: 'boom' }] });
		const job = await syncAndWait(fx, connectionId);
		expect(job.status).toBe('failed');
		expect(job.rowsSynced).toBe(1000); // one flush of 1,000 rows; the 500 buffered rows are lost
		expect(await countRows(fx, 'faker_fail', 'users')).toBe(1000);
	});

	it('keeps the previous table when an overwrite sync fails (the temp table stays in airbyte_internal)', async () => {
		const connectionId = await connect({
			sourceId: fx.emulator.sources.faker,
			namespaceDefinition: 'custom_format',
			namespaceFormat: 'faker_ow',
			configurations: { streams: [{ name: 'users' }] },
		});
		expect((await syncAndWait(fx, connectionId)).status).toBe('succeeded');
		expect(await countRows(fx, 'faker_ow', 'users')).toBe(2000);
		fx.emulator.setFaults({ jobs: [{ connectionId, afterRecords: 1200 }] });
		const failed = await syncAndWait(fx, connectionId);
		expect(failed.status).toBe('failed');
		const { rows } = await fx.db.client.query('SELECT DISTINCT _airbyte_generation_id AS g FROM faker_ow.users');
		expect(rows).toEqual([{ g: '1' }]);
		expect(await countRows(fx, 'faker_ow', 'users')).toBe(2000);
		const leftovers = await tablesIn('airbyte_internal');
		expect(leftovers).toHaveLength(1);
		expect(await countRows(fx, 'airbyte_internal', leftovers[0])).toBe(1000);
		await fx.db.client.query(`DROP TABLE airbyte_internal."${leftovers[0]}"`);
	});

	it('loses unflushed rows on cancel: the table holds exactly the committed rows', async () => {
		const source = await fx.api.post('/sources', { name: 'big faker', workspaceId: fx.emulator.workspaceId, configuration: { sourceType: 'faker', count: 300_000, seed: 9 } });
		const connectionId = await connect({
			sourceId: source.data.sourceId,
			namespaceDefinition: 'custom_format',
			namespaceFormat: 'faker_cancel',
			configurations: { streams: [{ name: 'users', syncMode: 'full_refresh_append' }] },
		});
		const started = await fx.api.post('/jobs', { connectionId, jobType: 'sync' });
		for (;;) {
			const progress = await fx.config.post('/connections/sync_progress', { connectionId });
			if ((progress.data.recordsCommitted ?? 0) >= 2000) break;
			expect(progress.data.jobId).toBe(started.data.jobId); // still running
			await new Promise((r) => setTimeout(r, 50));
		}
		const cancelled = await fx.api.delete(`/jobs/${started.data.jobId}`);
		expect(cancelled.data.status).toBe('cancelled');
		expect(cancelled.data.rowsSynced % 1000).toBe(0);
		expect(cancelled.data.rowsSynced).toBeLessThan(300_000);
		expect(await countRows(fx, 'faker_cancel', 'users')).toBe(cancelled.data.rowsSynced);
	});
});

describe('namespaces', () => {
	it('writes to the destination schema by default and applies the prefix', async () => {
		const connectionId = await connect({ sourceId: fx.emulator.sources.faker, prefix: 'fk_', configurations: { streams: [{ name: 'products' }] } });
		expect((await syncAndWait(fx, connectionId)).status).toBe('succeeded');
		expect(await countRows(fx, 'public', 'fk_products')).toBe(100);
		const cols = Object.fromEntries((await columns('public', 'fk_products')).map((c) => [c.column_name, c.data_type]));
		expect(cols).toMatchObject({ id: 'numeric', make: 'character varying', year: 'numeric', created_at: 'timestamp with time zone' });
	});
});
