// destination-postgres identifier rules (PostgresNamingUtils.kt + CDK Transformations) and the bulk CDK's
// temp-table naming (DefaultTempTableNameGenerator + TypingDedupingUtil.concatenateRawTableName).
import { createHash, randomUUID } from 'node:crypto';

const MAX_IDENTIFIER_LENGTH = 63;
const TRUNCATED_PREFIX_LENGTH = 54;

/** Java's String.hashCode() (UTF-16 code units, 32-bit wrap-around). */
export function javaStringHashCode(s: string): number {
	let h = 0;
	for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
	return h;
}

/** A Postgres-compatible identifier, as destination-postgres 3.x builds it. Case is kept (identifiers are quoted). */
export function toPostgresCompatibleName(name: string): string {
	let out = name
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.replace(/\s+/gu, '_')
		.replace(/[^A-Za-z0-9_]/g, '_');
	if (out.length === 0) return `default_name_${randomUUID().replace(/-/g, '_')}`;
	if (/^[0-9]/.test(out)) out = `_${out}`;
	if (out.length > MAX_IDENTIFIER_LENGTH) {
		const hash = String(javaStringHashCode(out));
		out = `${out.slice(0, TRUNCATED_PREFIX_LENGTH)}_${hash.slice(-8)}`;
	}
	return out;
}

/** `<namespace>_raw<underscores>stream_<name>` where the delimiter is longer than any underscore run in the parts. */
export function concatenateRawTableName(namespace: string, name: string): string {
	const runs = (namespace + name).match(/_+/g) ?? [];
	const longest = Math.max(1, ...runs.map((r) => r.length));
	return `${namespace}_raw${'_'.repeat(longest + 1)}stream_${name}`;
}

function firstAndLast(s: string, n: number): string {
	return s.length <= 2 * n ? s : s.slice(0, n) + s.slice(s.length - n);
}

/** Name of the overwrite temp table (it lives in the internal schema, `airbyte_internal` by default). */
export function tempTableName(namespace: string, name: string): string {
	const hash = createHash('sha256')
		.update(concatenateRawTableName(namespace, `${name}_airbyte_tmp`))
		.digest('hex')
		.slice(0, 32);
	return `${firstAndLast(namespace, 8)}${firstAndLast(name, 8)}${hash}`;
}

/** Double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}
