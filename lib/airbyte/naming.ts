// destination-postgres 3.x (direct load) names: how a stream namespace, stream name or property becomes a
// Postgres identifier (`PostgresNamingUtils.kt` toPostgresCompatibleName + bulk-CDK
// `Transformations.toAlphanumericAndUnderscore`), and where its temp and raw tables live
// (`DefaultTempTableNameGenerator`, `TypingDedupingUtil.concatenateRawTableName`).
import { createHash } from 'crypto';

/** The schema destination-postgres keeps raw and temporary tables in (`raw_data_schema` default). */
export const AIRBYTE_INTERNAL_SCHEMA = 'airbyte_internal';

const POSTGRES_MAX_IDENTIFIER = 63;

/** Java's `String.hashCode()` over UTF-16 code units, as a signed 32-bit integer. */
export function javaStringHashCode(s: string): number {
	let h = 0;
	for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
	return h;
}

/**
 * NFKD, combining marks dropped, whitespace runs to `_`, every other code point outside `[A-Za-z0-9_]` to `_`
 * (Java's `\p{Alnum}` is ASCII-only; Java's `\s` is ASCII whitespace).
 */
export function toAlphanumericAndUnderscore(s: string): string {
	return s
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.replace(/[ \t\n\v\f\r]+/g, '_')
		.replace(/[^A-Za-z0-9_]/gu, '_');
}

/**
 * The identifier destination-postgres gives a namespace, table or column. Case is kept (it quotes).
 * An empty result becomes a random `default_name_<uuid>` in Airbyte, which nobody can predict: we return the
 * bare `default_name_` prefix for it.
 */
export function toPostgresCompatibleName(name: string): string {
	let transformed = toAlphanumericAndUnderscore(name);
	if (transformed.length > 0 && /^[0-9]/.test(transformed)) transformed = `_${transformed}`;
	if (transformed.length === 0) return 'default_name_';
	if (transformed.length > POSTGRES_MAX_IDENTIFIER) {
		const hash = String(javaStringHashCode(transformed)).slice(-8);
		transformed = `${transformed.slice(0, 54)}_${hash}`;
	}
	return transformed;
}

/** `<namespace>_raw<underscores>stream_<name>`: the delimiter is one underscore longer than any run inside. */
export function concatenateRawTableName(namespace: string, name: string): string {
	const runs = (namespace + name).match(/_+/g) ?? [];
	const longest = Math.max(1, ...runs.map((r) => r.length));
	return `${namespace}_raw${'_'.repeat(longest + 1)}stream_${name}`;
}

function firstAndLast(s: string, n: number): string {
	return s.length <= 2 * n ? s : s.slice(0, n) + s.slice(s.length - n);
}

/** The temp table an overwrite/dedup sync writes to before the swap (in `airbyte_internal`). */
export function tempTableName(namespace: string, name: string): string {
	const hash = createHash('sha256')
		.update(concatenateRawTableName(namespace, `${name}_airbyte_tmp`))
		.digest('hex')
		.slice(0, 32);
	return `${firstAndLast(namespace, 8)}${firstAndLast(name, 8)}${hash}`;
}

/** The legacy raw table (2.x typing/deduping or 3.x raw-only mode) in `airbyte_internal`: lower-cased. */
export function rawTableName(namespace: string, name: string): string {
	return toPostgresCompatibleName(concatenateRawTableName(namespace, name).toLowerCase());
}

/** Where destination-postgres puts a stream's final table: `{schema, table}` after normalisation. */
export function finalTableName(namespace: string, streamName: string, prefix = ''): { schema: string; table: string } {
	return { schema: toPostgresCompatibleName(namespace), table: toPostgresCompatibleName(`${prefix}${streamName}`) };
}
