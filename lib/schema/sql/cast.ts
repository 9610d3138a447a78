// Converting Airbyte's column values to the modelled types without ever failing the load: every conversion
// that could raise is guarded, and a value that does not convert becomes NULL.
import type { TypeFamily } from '../pg-types';
import { INT_RANGES, parsePgType } from '../pg-types';
import { quoteLiteral } from './quote';

const L = quoteLiteral;
const NUMERIC_RE = '^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]{1,3})?$';
const DATE_RE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?\\s*(Z|z|UTC|[-+][0-9]{2}(:?[0-9]{2})?)?$';
const TIME_RE = '^[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?\\s*(Z|[-+][0-9]{2}(:?[0-9]{2})?)?$';
const UUID_RE = '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$';
const BASE64_RE = '^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';
const TRUE = `(${['true', 't', 'yes', 'y', '1'].map(L).join(', ')})`;
const FALSE = `(${['false', 'f', 'no', 'n', '0'].map(L).join(', ')})`;

export function familyOf(type: string): TypeFamily {
	return parsePgType(type)?.family ?? 'jsonb';
}

/** Text of a value, ISO for dates and times, unquoted for JSON strings. */
function asText(expr: string, from: TypeFamily): string {
	if (from === 'text') return expr;
	if (from === 'jsonb' || from === 'json') return `(${expr}::jsonb #>> '{}')`;
	if (['date', 'timestamp', 'timestamptz', 'time', 'timetz'].includes(from)) return `(pg_catalog.to_jsonb(${expr}) #>> '{}')`;
	return `(${expr})::text`;
}

function textToNumeric(t: string): string {
	return `(CASE WHEN pg_catalog.btrim(${t}) ~ ${L(NUMERIC_RE)} THEN pg_catalog.btrim(${t})::numeric END)`;
}

function numericToTarget(v: string, target: string, from: TypeFamily): string {
	const info = parsePgType(target)!;
	if (info.family === 'int') {
		const [lo, hi] = INT_RANGES[info.canonical];
		if (from === 'int' && info.canonical === 'bigint') return v;
		const integral = from === 'int' ? '' : ` AND ${v} = pg_catalog.trunc(${v})`;
		return `(CASE WHEN ${v} BETWEEN ${lo} AND ${hi}${integral} THEN (${v})::${info.canonical} END)`;
	}
	if (info.family === 'decimal') {
		const m = info.canonical.match(/^numeric\((\d+),(\d+)\)$/);
		if (!m) return `(${v})::numeric`;
		const limit = `1e${Number(m[1]) - Number(m[2])}`;
		return `(CASE WHEN pg_catalog.abs(${v}) < ${limit} THEN (${v})::${info.canonical} END)`;
	}
	if (info.family === 'float') {
		const limit = info.canonical === 'real' ? '3e38' : '1e307';
		return `(CASE WHEN pg_catalog.abs(${v}) < ${limit} THEN (${v})::${info.canonical} END)`;
	}
	if (info.family === 'bool') return `((${v}) <> 0)`;
	return `(${v})::${info.canonical}`;
}

/** Epoch numbers to timestamptz; the unit from the semantic type, else guessed from the magnitude. */
function epochToTimestamptz(v: string, semantic: string | undefined): string {
	const sem = semantic ?? '';
	const seconds = /millis|_ms$/.test(sem) ? `(${v}) / 1000.0` : /micro|_us$/.test(sem) ? `(${v}) / 1000000.0` : undefined;
	if (seconds) return `(CASE WHEN pg_catalog.abs(${seconds}) < 253402300799 THEN pg_catalog.to_timestamp(${seconds}) END)`;
	return `(CASE WHEN pg_catalog.abs(${v}) < 1e11 THEN pg_catalog.to_timestamp(${v}) WHEN pg_catalog.abs(${v}) < 1e14 THEN pg_catalog.to_timestamp((${v}) / 1000.0) END)`;
}

function fromTimestamptz(v: string, family: TypeFamily, canonical: string): string {
	if (family === 'timestamptz') return v;
	if (family === 'timestamp') return `((${v}) AT TIME ZONE 'UTC')`;
	if (family === 'date') return `((${v}) AT TIME ZONE 'UTC')::date`;
	if (family === 'time') return `((${v}) AT TIME ZONE 'UTC')::time`;
	if (family === 'int') return `pg_catalog.floor(pg_catalog.date_part('epoch', ${v}))::${canonical}`;
	return `(${v})::${canonical}`;
}

/**
 * SQL converting `expr` (of type `fromType`) to the modelled `targetType`, NULL where a value does not convert.
 * `semantic` is the profile's semantic type (e.g. epoch_seconds, base64).
 */
export function castExpression(expr: string, fromType: string, targetType: string, semantic?: string): string {
	const from = familyOf(fromType);
	const info = parsePgType(targetType);
	if (!info) throw new Error(`Unsupported target type ${targetType}`);
	const to = info.family;
	const T = info.canonical;
	if (to === 'jsonb' || to === 'json') {
		const j = from === 'jsonb' ? expr : from === 'json' ? `(${expr})::jsonb` : `pg_catalog.to_jsonb(${expr})`;
		return to === 'json' ? `(${j})::json` : j;
	}
	if (from === to && (to !== 'text' || T === 'text') && !['decimal', 'int', 'float'].includes(to)) return expr;
	switch (from) {
		case 'int':
		case 'decimal':
		case 'float':
			if (to === 'text') return `(${expr})::${T}`;
			if (['int', 'decimal', 'float', 'bool'].includes(to)) return numericToTarget(expr, T, from);
			if (['timestamptz', 'timestamp', 'date', 'time'].includes(to)) return fromTimestamptz(epochToTimestamptz(expr, semantic), to, T);
			break;
		case 'bool':
			if (to === 'int') return `(${expr})::integer::${T}`;
			if (to === 'text') return `(${expr})::text`;
			break;
		case 'timestamptz':
			if (['timestamptz', 'timestamp', 'date', 'time', 'int'].includes(to)) return fromTimestamptz(expr, to, T);
			break;
		case 'timestamp':
			if (to === 'timestamptz') return `((${expr}) AT TIME ZONE 'UTC')`;
			if (to === 'date') return `(${expr})::date`;
			if (to === 'int') return fromTimestamptz(`((${expr}) AT TIME ZONE 'UTC')`, to, T);
			break;
		case 'date':
			if (to === 'timestamp') return `(${expr})::timestamp`;
			if (to === 'timestamptz') return `((${expr})::timestamp AT TIME ZONE 'UTC')`;
			break;
		default:
			break;
	}
	return textTo(asText(expr, from), to, T, semantic);
}

function textTo(t: string, to: TypeFamily, T: string, semantic: string | undefined): string {
	switch (to) {
		case 'text':
			return T === 'text' ? t : `(${t})::${T}`;
		case 'int':
		case 'decimal':
		case 'float':
			return numericToTarget(textToNumeric(t), T, 'decimal');
		case 'bool':
			return `(CASE WHEN pg_catalog.lower(pg_catalog.btrim(${t})) IN ${TRUE} THEN true WHEN pg_catalog.lower(pg_catalog.btrim(${t})) IN ${FALSE} THEN false END)`;
		case 'timestamptz':
		case 'timestamp':
		case 'date': {
			if (/^epoch/.test(semantic ?? '')) return fromTimestamptz(epochToTimestamptz(textToNumeric(t), semantic), to, T);
			return `(CASE WHEN pg_catalog.btrim(${t}) ~ ${L(DATE_RE)} THEN pg_catalog.btrim(${t})::${T} END)`;
		}
		case 'time':
		case 'timetz':
			return `(CASE WHEN pg_catalog.btrim(${t}) ~ ${L(TIME_RE)} THEN pg_catalog.btrim(${t})::${T} END)`;
		case 'uuid':
			return `(CASE WHEN pg_catalog.btrim(${t}) ~ ${L(UUID_RE)} THEN pg_catalog.btrim(${t})::uuid END)`;
		case 'bytea':
			if (/base64/.test(semantic ?? '') || semantic === undefined)
				return `(CASE WHEN ${t} ~ ${L(BASE64_RE)} THEN pg_catalog.decode(${t}, 'base64') ELSE pg_catalog.convert_to(${t}, 'UTF8') END)`;
			return `pg_catalog.convert_to(${t}, 'UTF8')`;
		default:
			return `(${t})::${T}`;
	}
}
