// Postgres types: the closed set our renderer accepts (a type from the profile never reaches SQL unchecked),
// canonicalised to what `format_type()` prints so a plan compares directly with introspection rows.

export type TypeFamily =
	| 'int'
	| 'decimal'
	| 'float'
	| 'bool'
	| 'text'
	| 'date'
	| 'timestamp'
	| 'timestamptz'
	| 'time'
	| 'timetz'
	| 'interval'
	| 'uuid'
	| 'jsonb'
	| 'json'
	| 'bytea'
	| 'inet';

interface TypeRule {
	pattern: RegExp;
	canonical: (m: RegExpMatchArray) => string;
	family: TypeFamily;
}

const int = (name: string) => () => name;
const TYPE_RULES: TypeRule[] = [
	{ pattern: /^(smallint|int2)$/, canonical: int('smallint'), family: 'int' },
	{ pattern: /^(integer|int|int4|serial)$/, canonical: int('integer'), family: 'int' },
	{ pattern: /^(bigint|int8|bigserial)$/, canonical: int('bigint'), family: 'int' },
	{
		pattern: /^(?:numeric|decimal)(?:\s*\(\s*(\d{1,4})\s*(?:,\s*(\d{1,4})\s*)?\))?$/,
		canonical: (m) => (m[1] ? `numeric(${m[1]},${m[2] ?? '0'})` : 'numeric'),
		family: 'decimal',
	},
	{ pattern: /^(real|float4)$/, canonical: int('real'), family: 'float' },
	{ pattern: /^(double precision|float8|float|double)$/, canonical: int('double precision'), family: 'float' },
	{ pattern: /^(boolean|bool)$/, canonical: int('boolean'), family: 'bool' },
	{ pattern: /^(text|string|varchar|character varying)$/, canonical: int('text'), family: 'text' },
	{
		pattern: /^(?:character varying|varchar)\s*\(\s*(\d{1,8})\s*\)$/,
		canonical: (m) => `character varying(${m[1]})`,
		family: 'text',
	},
	{ pattern: /^(?:character|char|bpchar)\s*\(\s*(\d{1,8})\s*\)$/, canonical: (m) => `character(${m[1]})`, family: 'text' },
	{ pattern: /^(character|char)$/, canonical: int('character(1)'), family: 'text' },
	{ pattern: /^date$/, canonical: int('date'), family: 'date' },
	{ pattern: /^(timestamp|timestamp without time zone)$/, canonical: int('timestamp without time zone'), family: 'timestamp' },
	{ pattern: /^(timestamptz|timestamp with time zone)$/, canonical: int('timestamp with time zone'), family: 'timestamptz' },
	{ pattern: /^(time|time without time zone)$/, canonical: int('time without time zone'), family: 'time' },
	{ pattern: /^(timetz|time with time zone)$/, canonical: int('time with time zone'), family: 'timetz' },
	{ pattern: /^interval$/, canonical: int('interval'), family: 'interval' },
	{ pattern: /^uuid$/, canonical: int('uuid'), family: 'uuid' },
	{ pattern: /^jsonb$/, canonical: int('jsonb'), family: 'jsonb' },
	{ pattern: /^json$/, canonical: int('jsonb'), family: 'jsonb' },
	{ pattern: /^bytea$/, canonical: int('bytea'), family: 'bytea' },
	{ pattern: /^(inet|cidr)$/, canonical: (m) => m[1], family: 'inet' },
];

export interface PgTypeInfo {
	canonical: string;
	family: TypeFamily;
}

/** The canonical type, or undefined when the text is not a type we render. */
export function parsePgType(text: string): PgTypeInfo | undefined {
	const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
	for (const rule of TYPE_RULES) {
		const m = t.match(rule.pattern);
		if (m) return { canonical: rule.canonical(m), family: rule.family };
	}
	return undefined;
}

export function typeFamily(canonical: string): TypeFamily {
	const info = parsePgType(canonical);
	if (!info) throw new Error(`Unsupported Postgres type: ${canonical}`);
	return info.family;
}

/** Integer ranges for guarded narrowing casts. */
export const INT_RANGES: Record<string, [string, string]> = {
	smallint: ['-32768', '32767'],
	integer: ['-2147483648', '2147483647'],
	bigint: ['-9223372036854775808', '9223372036854775807'],
};

/** Two column types an FK may join (same btree operator family). */
export function foreignKeyCompatible(a: string, b: string): boolean {
	const fa = typeFamily(a);
	const fb = typeFamily(b);
	if (fa === fb) return true;
	const numeric = new Set<TypeFamily>(['int', 'decimal']);
	return numeric.has(fa) && numeric.has(fb) && fa === fb;
}
