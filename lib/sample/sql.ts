// SQL the built-in Postgres node runs for a sample: read a bounded random sample of one stream's table as one
// JSON array (without Airbyte's system columns; a table that never landed yields an empty array, not an
// error), and drop everything a run left in the sample database. Only names we generated or normalised
// ourselves reach the SQL text, and each is checked against its expected shape first.
import { AIRBYTE_INTERNAL_SCHEMA, rawTableName, tempTableName } from '../airbyte/naming';
import { quoteIdent } from '../schema/sql/quote';
import { runIdOfNamespace } from './naming';
import { encodeTicket } from './ticket';
import type { SampleLimits, SampleTicket } from './types';

/** Columns destination-postgres adds to every table (direct load, raw-only and legacy layouts). */
export const AIRBYTE_SYSTEM_COLUMNS = [
	'_airbyte_raw_id',
	'_airbyte_extracted_at',
	'_airbyte_meta',
	'_airbyte_generation_id',
	'_airbyte_loaded_at',
	'_airbyte_data',
	'_airbyte_ab_id',
	'_airbyte_emitted_at',
	'_airbyte_normalized_at',
] as const;

const NORMALISED = /^[A-Za-z0-9_]{1,63}$/;

function assertSampleNamespace(namespace: string): void {
	if (runIdOfNamespace(namespace) === undefined) {
		throw new Error(`Refusing to build SQL for ${JSON.stringify(namespace)}: not a sample namespace (n8n_sample_<run id>)`);
	}
}

function assertNormalised(name: string): void {
	if (!NORMALISED.test(name)) throw new Error(`Not a normalised table name: ${JSON.stringify(name)}`);
}

/** Defines pg_temp.n8n_airbyte_sample_read (session-local, gone when the connection closes). */
const READ_FUNCTION = `CREATE OR REPLACE FUNCTION pg_temp.n8n_airbyte_sample_read(
  rel text, max_rows integer, max_record_bytes bigint, max_total_bytes bigint)
RETURNS TABLE (table_found boolean, total_rows bigint, records jsonb, oversized_records bigint, truncated_by_size boolean)
LANGUAGE plpgsql AS $n8n_sample_read$
DECLARE
  target regclass := to_regclass(rel);
BEGIN
  IF target IS NULL THEN
    RETURN QUERY SELECT false, 0::bigint, '[]'::jsonb, 0::bigint, false;
    RETURN;
  END IF;
  RETURN QUERY EXECUTE format(
    'WITH chosen AS (
       SELECT ctid AS id FROM %s ORDER BY random() LIMIT %s
     ), picked AS (
       SELECT to_jsonb(t) - %L::text[] AS r FROM %s t WHERE t.ctid = ANY (ARRAY(SELECT id FROM chosen))
     ), sized AS (
       SELECT r, octet_length(r::text)::bigint AS b, row_number() OVER (ORDER BY random()) AS n FROM picked
     ), fitting AS (
       SELECT r, n, sum(b) OVER (ORDER BY n) AS running FROM sized WHERE b <= %s
     )
     SELECT true,
       (SELECT count(*) FROM %s)::bigint,
       coalesce((SELECT jsonb_agg(r ORDER BY n) FROM fitting WHERE running <= %s), ''[]''::jsonb),
       (SELECT count(*) FROM sized WHERE b > %s)::bigint,
       EXISTS (SELECT 1 FROM fitting WHERE running > %s)',
    target, max_rows, '{${AIRBYTE_SYSTEM_COLUMNS.join(',')}}', target, max_record_bytes, target,
    max_total_bytes, max_record_bytes, max_total_bytes);
END
$n8n_sample_read$;`;

export interface ReadSqlInput {
	ticket: SampleTicket;
	limits: Pick<SampleLimits, 'sampleSize' | 'maxRecordBytes' | 'maxSampleBytes'>;
}

/**
 * One Postgres statement pair returning exactly one row:
 * `sample_ticket, table_found, total_rows, records (jsonb array), oversized_records, truncated_by_size`.
 */
export function readSql({ ticket, limits }: ReadSqlInput): string {
	assertSampleNamespace(ticket.namespace);
	assertNormalised(ticket.table);
	const rel = `${quoteIdent(ticket.namespace)}.${quoteIdent(ticket.table)}`;
	const int = (n: number) => String(Math.max(0, Math.floor(n)));
	return (
		`${READ_FUNCTION}\n` +
		`SELECT '${encodeTicket(ticket)}'::text AS sample_ticket, s.* ` +
		`FROM pg_temp.n8n_airbyte_sample_read('${rel}', ${int(limits.sampleSize)}, ${int(limits.maxRecordBytes)}, ` +
		`${int(limits.maxSampleBytes)}) AS s;`
	);
}

export interface CleanupTarget {
	namespace: string;
	/** Final table names of the run's streams: their temp/raw leftovers in airbyte_internal are dropped too. */
	tables: string[];
}

/** Drops the sample namespace and the run's leftover tables in airbyte_internal. Safe to run any number of times. */
export function cleanupSql(targets: CleanupTarget[]): string {
	const statements: string[] = [];
	for (const { namespace, tables } of targets) {
		assertSampleNamespace(namespace);
		statements.push(`DROP SCHEMA IF EXISTS ${quoteIdent(namespace)} CASCADE;`);
		const leftovers = new Set<string>();
		for (const table of tables) {
			assertNormalised(table);
			leftovers.add(tempTableName(namespace, table));
			leftovers.add(rawTableName(namespace, table));
		}
		for (const name of [...leftovers].sort()) {
			statements.push(`DROP TABLE IF EXISTS ${quoteIdent(AIRBYTE_INTERNAL_SCHEMA)}.${quoteIdent(name)};`);
		}
	}
	return statements.join('\n');
}
