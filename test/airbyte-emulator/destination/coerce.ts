// Fits a record value to its column type the way direct load does: values that do not fit are NULLed and
// reported in _airbyte_meta.changes (DESTINATION_SERIALIZATION_ERROR).
import type { AirbyteType } from './types';

export interface MetaChange {
	field: string;
	change: 'NULLED' | 'TRUNCATED';
	reason: 'DESTINATION_SERIALIZATION_ERROR';
}

const INT64_MAX = 9223372036854775807;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP_NO_TZ = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;
const TIMESTAMP_TZ = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;
const TIME_NO_TZ = /^\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;
const TIME_TZ = /^\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;

const INVALID = Symbol('invalid');

/** Postgres text and jsonb cannot hold U+0000. */
function stripNul(value: unknown): unknown {
	if (typeof value === 'string') return value.includes('\u0000') ? value.replace(/\u0000/g, '') : value;
	if (Array.isArray(value)) return value.map(stripNul);
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) out[stripNul(k) as string] = stripNul(v);
		return out;
	}
	return value;
}

function validDate(s: string): boolean {
	return !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s));
}

function coerceValue(type: AirbyteType, value: unknown): unknown {
	switch (type) {
		case 'boolean':
			return typeof value === 'boolean' ? value : INVALID;
		case 'integer':
			return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= INT64_MAX ? value : INVALID;
		case 'number':
			return typeof value === 'number' && Number.isFinite(value) ? value : INVALID;
		case 'string':
			return stripNul(typeof value === 'string' ? value : JSON.stringify(value));
		case 'date':
			return typeof value === 'string' && DATE.test(value) && validDate(value) ? value : INVALID;
		case 'timestamp_with_timezone':
			return typeof value === 'string' && TIMESTAMP_TZ.test(value) && validDate(value.replace(' ', 'T')) ? value : INVALID;
		case 'timestamp_without_timezone':
			return typeof value === 'string' && TIMESTAMP_NO_TZ.test(value) ? value : INVALID;
		case 'time_with_timezone':
			return typeof value === 'string' && TIME_TZ.test(value) ? value : INVALID;
		case 'time_without_timezone':
			return typeof value === 'string' && TIME_NO_TZ.test(value) ? value : INVALID;
		default:
			return stripNul(value);
	}
}

/** Returns the column value (null when it does not fit) and records a change for NULLed values. */
export function coerce(field: string, type: AirbyteType, value: unknown, changes: MetaChange[]): unknown {
	if (value === null || value === undefined) return null;
	const out = coerceValue(type, value);
	if (out === INVALID) {
		changes.push({ field, change: 'NULLED', reason: 'DESTINATION_SERIALIZATION_ERROR' });
		return null;
	}
	return out;
}
