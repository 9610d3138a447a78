// How destination-postgres 3.x types a top-level property (bulk CDK JsonSchemaToAirbyteType + toDialectType),
// so our transforms know the column types Airbyte created.
import type { JsonSchema, JsonSchemaType } from '../airbyte/protocol';

/** Non-null JSON types of a schema (`["null","X"]` collapses to X). */
export function nonNullTypes(schema: JsonSchema | undefined): JsonSchemaType[] {
	if (!schema) return [];
	const t = schema.type;
	const list = t === undefined ? [] : Array.isArray(t) ? t : [t];
	return list.filter((x) => x !== 'null');
}

/** The single non-null type, 'object' when untyped, or 'union' for several / oneOf / anyOf. */
export function jsonKind(schema: JsonSchema | undefined): JsonSchemaType | 'union' | 'unknown' {
	if (!schema || typeof schema !== 'object') return 'unknown';
	if (schema.oneOf || schema.anyOf) return 'union';
	const types = nonNullTypes(schema);
	if (types.length > 1) {
		const numbers = types.every((t) => t === 'number' || t === 'integer');
		return numbers ? 'number' : 'union';
	}
	if (types.length === 0) return schema.type === undefined && !schema.$ref ? 'object' : 'unknown';
	return types[0];
}

/** Postgres type of the column Airbyte creates for a top-level property (format_type spelling). */
export function airbyteColumnType(schema: JsonSchema | undefined): string {
	const kind = jsonKind(schema);
	const s = schema ?? {};
	switch (kind) {
		case 'boolean':
			return 'boolean';
		case 'integer':
			return 'bigint';
		case 'number':
			return s.airbyte_type === 'integer' || s.airbyte_type === 'int' ? 'bigint' : 'numeric';
		case 'string':
			if (s.format === 'date') return 'date';
			if (s.format === 'date-time')
				return s.airbyte_type === 'timestamp_without_timezone' ? 'timestamp without time zone' : 'timestamp with time zone';
			if (s.format === 'time')
				return s.airbyte_type === 'time_without_timezone' ? 'time without time zone' : 'time with time zone';
			return 'character varying';
		default:
			return 'jsonb';
	}
}

/** The item schema of an array property, when it is an array. */
export function arrayItems(schema: JsonSchema | undefined): JsonSchema | undefined {
	if (jsonKind(schema) !== 'array' || !schema) return undefined;
	const items = schema.items;
	if (Array.isArray(items)) return items.length === 1 ? items[0] : undefined;
	return items ?? {};
}

/** Properties of an array-of-objects item schema, when it declares some. */
export function objectArrayProperties(schema: JsonSchema | undefined): Record<string, JsonSchema> | undefined {
	const items = arrayItems(schema);
	if (!items || jsonKind(items) !== 'object') return undefined;
	const props = items.properties;
	return props && Object.keys(props).length > 0 ? props : undefined;
}

/** True for arrays whose items are scalars (ids). */
export function isScalarArray(schema: JsonSchema | undefined): boolean {
	const items = arrayItems(schema);
	if (!items) return false;
	const k = jsonKind(items);
	return k === 'string' || k === 'integer' || k === 'number';
}
