// The Postgres type the schema will use for a field, from its profile: observed values first (numbers and
// booleans carried in strings become numeric/boolean, epochs become timestamptz), the catalog's declared
// type when there is no data. Rule tables, no per-table logic.

import type { FieldProfile, SemanticType } from './types';

/** Semantic type -> Postgres type, when the values decided the semantic type. */
const BY_SEMANTIC: Record<SemanticType, string> = {
	integer: 'bigint',
	decimal: 'numeric',
	money: 'numeric',
	boolean: 'boolean',
	date: 'date',
	timestamp: 'timestamp',
	timestamp_tz: 'timestamptz',
	epoch_seconds: 'timestamptz',
	epoch_millis: 'timestamptz',
	time: 'time',
	uuid: 'uuid',
	json: 'jsonb',
	binary: 'bytea',
	email: 'text',
	url: 'text',
	phone: 'text',
	ip: 'inet',
	country_code: 'text',
	currency_code: 'text',
	identifier: 'text',
	code: 'text',
	enum: 'text',
	text: 'text',
	free_text: 'text',
	empty: 'text',
};

/** Declared JSON-schema type (+ format / airbyte_type) -> Postgres type, for fields with no values. */
const BY_DECLARED: ReadonlyArray<{ type: string; format?: string; airbyteType?: string; pg: string }> = [
	{ type: 'string', airbyteType: 'timestamp_without_timezone', pg: 'timestamp' },
	{ type: 'string', airbyteType: 'timestamp_with_timezone', pg: 'timestamptz' },
	{ type: 'string', airbyteType: 'time_without_timezone', pg: 'time' },
	{ type: 'string', airbyteType: 'time_with_timezone', pg: 'timetz' },
	{ type: 'string', format: 'date-time', pg: 'timestamptz' },
	{ type: 'string', format: 'date', pg: 'date' },
	{ type: 'string', format: 'time', pg: 'time' },
	{ type: 'string', format: 'uuid', pg: 'uuid' },
	{ type: 'number', airbyteType: 'integer', pg: 'bigint' },
	{ type: 'integer', pg: 'bigint' },
	{ type: 'number', pg: 'numeric' },
	{ type: 'boolean', pg: 'boolean' },
	{ type: 'object', pg: 'jsonb' },
	{ type: 'array', pg: 'jsonb' },
	{ type: 'string', pg: 'text' },
];

export function pgTypeFromDeclared(declared: FieldProfile['declared']): string {
	const types = (declared?.type ?? []).filter((t) => t !== 'null');
	if (types.length !== 1) return types.length === 0 ? 'jsonb' : types.every((t) => t === 'integer' || t === 'number') ? 'numeric' : 'jsonb';
	const rule = BY_DECLARED.find(
		(r) =>
			r.type === types[0] &&
			(r.format === undefined || r.format === declared?.format) &&
			(r.airbyteType === undefined || r.airbyteType === declared?.airbyteType),
	);
	return rule?.pg ?? 'text';
}

export function pgTypeForField(field: FieldProfile): string {
	if (field.semanticType === 'empty') return pgTypeFromDeclared(field.declared);
	// Money in integer minor units (Stripe's amount in cents) stays an integer.
	if (field.semanticType === 'money' && field.numeric?.allIntegers && field.jsonTypes.number === undefined) {
		const declaredNumber = field.declared?.type?.includes('number') && !field.declared.type.includes('integer');
		if (!declaredNumber && !field.jsonTypes.string) return 'bigint';
	}
	// Mixed JSON types that are not all numbers: keep everything losslessly.
	const t = field.jsonTypes;
	const kinds = (['boolean', 'string', 'object', 'array'] as const).filter((k) => (t[k] ?? 0) > 0).length + (t.integer || t.number ? 1 : 0);
	if (kinds > 1 && field.semanticConfidence < 0.95) return t.object || t.array ? 'jsonb' : 'text';
	const pg = BY_SEMANTIC[field.semanticType];
	// Values carried in strings get a stricter type only when every classified value fits it: a transform
	// casting text to uuid/date/numeric must not fail on the one value that does not.
	if (t.string && pg !== 'text' && pg !== 'jsonb' && field.semanticConfidence < 1) return 'text';
	return pg;
}
