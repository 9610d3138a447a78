// destination-postgres 3.x (direct load) writer: final tables with the four _airbyte_* columns and one
// column per top-level property, rows visible only at flushes, overwrite through a temp table swapped in.
import { randomUUID } from 'node:crypto';
import type { ClientBase } from 'pg';
import type { AirbyteStream } from '../../../lib/airbyte/protocol';
import type { LoadedColumn, LoadStreamsOptions, LoadStreamsResult } from '../types';
import { coerce, type MetaChange } from './coerce';
import { quoteIdent, tempTableName, toPostgresCompatibleName } from './naming';
import { airbyteTypeOf, postgresTypeFor, type AirbyteType } from './types';

export const DEFAULT_FLUSH_MAX_RECORDS = 100_000;
export const DEFAULT_FLUSH_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_INTERNAL_SCHEMA = 'airbyte_internal';
const INSERT_CHUNK_ROWS = 5000;

const SYSTEM_COLUMNS: Array<[string, string]> = [
	['_airbyte_raw_id', 'varchar NOT NULL'],
	['_airbyte_extracted_at', 'timestamp with time zone NOT NULL'],
	['_airbyte_meta', 'jsonb NOT NULL'],
	['_airbyte_generation_id', 'bigint'],
];

interface PlannedColumn extends LoadedColumn {
	airbyteType: AirbyteType;
}

/** One column per top-level property; names normalised and made unique (`_1`, `_2` on collisions). */
export function planColumns(stream: AirbyteStream): PlannedColumn[] {
	const taken = new Set(SYSTEM_COLUMNS.map(([n]) => n));
	const properties = (stream.json_schema?.properties ?? {}) as Record<string, AirbyteStream['json_schema']>;
	return Object.entries(properties).map(([sourceName, schema]) => {
		const base = toPostgresCompatibleName(sourceName);
		let name = base;
		for (let i = 1; taken.has(name); i++) name = `${base.slice(0, 60)}_${i}`;
		taken.add(name);
		const airbyteType = airbyteTypeOf(schema);
		return { sourceName, name, airbyteType, pgType: postgresTypeFor(airbyteType) };
	});
}

export interface StreamLoaderOptions {
	namespace: string;
	stream: AirbyteStream;
	prefix?: string;
	mode: 'append' | 'overwrite' | 'append_dedup';
	internalSchema?: string;
	generationId?: number;
	syncId?: number;
	flushMaxRecords?: number;
	flushMaxBytes?: number;
	/** Called after each committed flush with the rows and estimated bytes it made visible. */
	onFlush?: (rows: number, bytes: number) => void;
	/**
	 * A cancelled job: a flush in flight is rolled back between its chunks and throws, as when Airbyte kills the
	 * destination container mid-COPY (its rows never become visible), so a cancel does not wait for the flush.
	 */
	signal?: AbortSignal;
}

export class FlushAbortedError extends Error {
	constructor() {
		super('flush aborted: the job was cancelled');
		this.name = 'FlushAbortedError';
	}
}

interface BufferedRow {
	data: Record<string, unknown>;
	emittedAt: number;
}

/** Loads one stream. start() -> add()* -> finish(); abort() drops whatever was not flushed. */
export class PostgresStreamLoader {
	readonly namespace: string;
	readonly table: string;
	readonly columns: PlannedColumn[];
	private readonly target: { schema: string; table: string };
	private buffer: BufferedRow[] = [];
	private bufferedBytes = 0;
	rowsWritten = 0;
	bytesWritten = 0;
	private finished = false;

	constructor(
		private readonly client: ClientBase,
		private readonly options: StreamLoaderOptions,
	) {
		this.namespace = toPostgresCompatibleName(options.namespace);
		this.table = toPostgresCompatibleName(`${options.prefix ?? ''}${options.stream.name}`);
		this.columns = planColumns(options.stream);
		this.target =
			options.mode === 'overwrite'
				? { schema: options.internalSchema ?? DEFAULT_INTERNAL_SCHEMA, table: tempTableName(this.namespace, this.table) }
				: { schema: this.namespace, table: this.table };
	}

	private columnDdl(): string {
		return [...SYSTEM_COLUMNS.map(([n, t]) => `${quoteIdent(n)} ${t}`), ...this.columns.map((c) => `${quoteIdent(c.name)} ${c.pgType}`)].join(', ');
	}

	async start(): Promise<void> {
		const { schema, table } = this.target;
		await this.client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.namespace)}`);
		if (this.options.mode === 'overwrite') {
			await this.client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
			await this.client.query(`DROP TABLE IF EXISTS ${quoteIdent(schema)}.${quoteIdent(table)}`);
		}
		const { rows } = await this.client.query<{ column_name: string }>(
			'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
			[schema, table],
		);
		const qualified = `${quoteIdent(schema)}.${quoteIdent(table)}`;
		if (rows.length === 0) {
			await this.client.query(`CREATE TABLE ${qualified} (${this.columnDdl()})`);
			await this.client.query(`CREATE INDEX ON ${qualified} ("_airbyte_extracted_at")`);
			return;
		}
		// Schema evolution on an existing final table: add missing columns.
		const existing = new Set(rows.map((r) => r.column_name));
		for (const c of this.columns) {
			if (!existing.has(c.name))
				await this.client.query(`ALTER TABLE ${quoteIdent(schema)}.${quoteIdent(table)} ADD COLUMN ${quoteIdent(c.name)} ${c.pgType}`);
		}
	}

	/** Buffers a record; flushes when the aggregate reaches the row or byte limit. */
	async add(data: Record<string, unknown>, emittedAt: number, estimatedBytes?: number): Promise<void> {
		this.buffer.push({ data, emittedAt });
		this.bufferedBytes += estimatedBytes ?? JSON.stringify(data).length;
		if (
			this.buffer.length >= (this.options.flushMaxRecords ?? DEFAULT_FLUSH_MAX_RECORDS) ||
			this.bufferedBytes >= (this.options.flushMaxBytes ?? DEFAULT_FLUSH_MAX_BYTES)
		)
			await this.flush();
	}

	get pendingRows(): number {
		return this.buffer.length;
	}

	async flush(): Promise<void> {
		if (this.buffer.length === 0) return;
		const rows = this.buffer;
		const bytes = this.bufferedBytes;
		this.buffer = [];
		this.bufferedBytes = 0;
		const generationId = this.options.generationId ?? 0;
		const payload = rows.map(({ data, emittedAt }) => {
			const changes: MetaChange[] = [];
			const row: Record<string, unknown> = {
				_airbyte_raw_id: randomUUID(),
				_airbyte_extracted_at: new Date(emittedAt).toISOString(),
				_airbyte_generation_id: generationId,
			};
			for (const c of this.columns) row[c.name] = coerce(c.sourceName, c.airbyteType, data[c.sourceName], changes);
			row._airbyte_meta = { sync_id: this.options.syncId ?? 0, changes };
			return row;
		});
		// One transaction per flush, so the flush's rows become visible together. Postgres' jsonb record functions
		// slow down super-linearly with the array size, so the payload goes in chunks.
		const defs = [...SYSTEM_COLUMNS.map(([n, t]) => [n, t.replace(' NOT NULL', '')]), ...this.columns.map((c) => [c.name, c.pgType])];
		const cols = defs.map(([n]) => quoteIdent(n)).join(', ');
		const recordType = defs.map(([n, t]) => `${quoteIdent(n)} ${t}`).join(', ');
		const target = `${quoteIdent(this.target.schema)}.${quoteIdent(this.target.table)}`;
		const sql = `INSERT INTO ${target} (${cols}) SELECT ${cols} FROM jsonb_to_recordset($1::jsonb) AS x(${recordType})`;
		await this.client.query('BEGIN');
		try {
			for (let i = 0; i < payload.length; i += INSERT_CHUNK_ROWS) {
				if (this.options.signal?.aborted) throw new FlushAbortedError();
				await this.client.query(sql, [JSON.stringify(payload.slice(i, i + INSERT_CHUNK_ROWS))]);
			}
			if (this.options.signal?.aborted) throw new FlushAbortedError();
			await this.client.query('COMMIT');
		} catch (error) {
			await this.client.query('ROLLBACK').catch(() => undefined);
			throw error;
		}
		this.rowsWritten += rows.length;
		this.bytesWritten += bytes;
		this.options.onFlush?.(rows.length, bytes);
	}

	/** End of stream: final flush, then (overwrite) swap the temp table in, in one transaction. */
	async finish(): Promise<void> {
		if (this.finished) return;
		this.finished = true;
		await this.flush();
		if (this.options.mode !== 'overwrite') return;
		const ns = quoteIdent(this.namespace);
		const internal = quoteIdent(this.target.schema);
		await this.client.query('BEGIN');
		try {
			await this.client.query(`DROP TABLE IF EXISTS ${ns}.${quoteIdent(this.table)}`);
			await this.client.query(`DROP TABLE IF EXISTS ${internal}.${quoteIdent(this.table)}`);
			await this.client.query(`ALTER TABLE ${internal}.${quoteIdent(this.target.table)} RENAME TO ${quoteIdent(this.table)}`);
			await this.client.query(`ALTER TABLE ${internal}.${quoteIdent(this.table)} SET SCHEMA ${ns}`);
			await this.client.query('COMMIT');
		} catch (error) {
			await this.client.query('ROLLBACK');
			throw error;
		}
	}

	/** Cancel or failure: unflushed rows are lost (an overwrite's temp table stays behind, as in Airbyte). */
	abort(): void {
		this.buffer = [];
		this.bufferedBytes = 0;
	}

	describe() {
		return {
			stream: this.options.stream.name,
			namespace: this.namespace,
			table: this.table,
			columns: this.columns.map(({ sourceName, name, pgType }) => ({ sourceName, name, pgType })),
			rowsWritten: this.rowsWritten,
		};
	}
}

/** Writes streams into Postgres exactly as destination-postgres 3.x (direct load) would. */
export async function loadStreamsLikeAirbyte(client: ClientBase, options: LoadStreamsOptions): Promise<LoadStreamsResult> {
	const tables = [];
	const emittedAt = (options.extractedAt ?? new Date()).getTime();
	for (const input of options.streams) {
		const loader = new PostgresStreamLoader(client, {
			namespace: options.namespace,
			stream: input.stream,
			prefix: options.prefix,
			mode: input.destinationSyncMode ?? 'append',
			internalSchema: options.internalSchema,
			generationId: options.generationId,
			syncId: options.syncId,
			flushMaxRecords: options.flushMaxRecords,
			flushMaxBytes: options.flushMaxBytes,
		});
		await loader.start();
		for await (const record of input.records) await loader.add(record, emittedAt);
		await loader.finish();
		tables.push(loader.describe());
	}
	return { tables };
}
