// Identifier rules: Airbyte destination-postgres 3.x name normalisation (to find the tables Airbyte writes)
// and the modelled schema's own names (lower-case, unique, <= 63 bytes, never a system column).
import { utf8Length } from './utf8';
import { createHash } from 'crypto';
import { toAlphanumericAndUnderscore, toPostgresCompatibleName } from '../airbyte/naming';

export { toAlphanumericAndUnderscore, toPostgresCompatibleName };

export const MAX_IDENTIFIER_BYTES = 63;

/** Postgres system columns: a user column may not take these names. */
const SYSTEM_COLUMNS = new Set(['tableoid', 'xmin', 'cmin', 'xmax', 'cmax', 'ctid', 'oid']);

export const AIRBYTE_META_COLUMNS = ['_airbyte_raw_id', '_airbyte_extracted_at', '_airbyte_meta', '_airbyte_generation_id'];

/**
 * Airbyte's column-name collision resolution (bulk CDK ColumnNameResolver): names conflict case-insensitively;
 * a conflicting name is retried as `<original>_1`, `<original>_2`, ... through the same normalisation.
 */
export function airbyteColumnNames(originals: string[]): Map<string, string> {
	// The destination's own columns come first in every table, so a property cannot take their names.
	const taken = new Set<string>(AIRBYTE_META_COLUMNS);
	const out = new Map<string, string>();
	for (const original of originals) {
		if (out.has(original)) continue;
		let name = toPostgresCompatibleName(original);
		if (taken.has(name.toLowerCase())) {
			let counter = 1;
			let previous = name;
			for (;;) {
				const candidate = toPostgresCompatibleName(`${original}_${counter}`);
				if (candidate.toLowerCase() === previous.toLowerCase()) {
					name = superResolve(original, taken, name.length);
					break;
				}
				previous = candidate;
				counter++;
				if (!taken.has(candidate.toLowerCase())) {
					name = candidate;
					break;
				}
			}
		}
		taken.add(name.toLowerCase());
		out.set(original, name);
	}
	return out;
}

function superResolve(original: string, taken: Set<string>, maxLength: number): string {
	const affix = Math.floor((maxLength - 5) / 2);
	const prefix = original.slice(0, affix);
	const suffix = original.slice(original.length - affix);
	const candidate = toPostgresCompatibleName(`${prefix}${original.length - 2 * affix}${suffix}`);
	return taken.has(candidate.toLowerCase()) ? `${candidate}_${shortHash(original)}` : candidate;
}

export function shortHash(s: string, length = 8): string {
	return createHash('sha256').update(s, 'utf8').digest('hex').slice(0, length);
}

export function byteLength(s: string): number {
	return utf8Length(s);
}

/** Cut a name to <= 63 bytes, keeping it unique with a hash of the full name. */
export function fitIdentifier(name: string, max = MAX_IDENTIFIER_BYTES): string {
	if (byteLength(name) <= max) return name;
	const hash = shortHash(name);
	let head = name;
	while (byteLength(head) > max - hash.length - 1) head = head.slice(0, -1);
	return `${head}_${hash}`;
}

/** A modelled-schema name: Airbyte's normalisation, lower-cased, fitted to 63 bytes. */
export function modelName(source: string, fallback = 'unnamed'): string {
	const base = toAlphanumericAndUnderscore(source).toLowerCase().replace(/_+$/g, '') || fallback;
	const safe = /^[0-9]/.test(base) ? `_${base}` : base;
	return fitIdentifier(safe);
}

/** Hands out names unique within one namespace (case-insensitive, as our names are lower-case). */
export class NameAllocator {
	private readonly used = new Set<string>();

	constructor(reserved: Iterable<string> = []) {
		for (const r of reserved) this.used.add(r.toLowerCase());
	}

	has(name: string): boolean {
		return this.used.has(name.toLowerCase());
	}

	reserve(name: string): void {
		this.used.add(name.toLowerCase());
	}

	/** `wanted` if free, else `wanted_2`, `wanted_3`, ... (each fitted to 63 bytes). */
	allocate(wanted: string, options: { column?: boolean } = {}): string {
		let base = fitIdentifier(wanted);
		if (options.column && SYSTEM_COLUMNS.has(base.toLowerCase())) base = `${base}_`;
		let name = base;
		for (let n = 2; this.has(name); n++) name = fitIdentifier(`${base}_${n}`);
		this.reserve(name);
		return name;
	}
}
