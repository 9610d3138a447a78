// JSON schema -> Airbyte type (bulk CDK JsonSchemaToAirbyteType) -> Postgres type (destination-postgres toDialectType).
import type { JsonSchema } from '../../../lib/airbyte/protocol';

export type AirbyteType =
	| 'boolean'
	| 'integer'
	| 'number'
	| 'string'
	| 'date'
	| 'timestamp_with_timezone'
	| 'timestamp_without_timezone'
	| 'time_with_timezone'
	| 'time_without_timezone'
	| 'object'
	| 'array'
	| 'union'
	| 'unknown';

const WELL_KNOWN: Record<string, AirbyteType> = {
	String: 'string',
	BinaryData: 'string',
	Date: 'date',
	TimestampWithTimezone: 'timestamp_with_timezone',
	TimestampWithoutTimezone: 'timestamp_without_timezone',
	TimeWithTimezone: 'time_with_timezone',
	TimeWithoutTimezone: 'time_without_timezone',
	Number: 'number',
	Integer: 'integer',
	Boolean: 'boolean',
};

const POSTGRES_TYPES: Record<AirbyteType, string> = {
	boolean: 'boolean',
	integer: 'bigint',
	number: 'decimal',
	string: 'varchar',
	date: 'date',
	timestamp_with_timezone: 'timestamp with time zone',
	timestamp_without_timezone: 'timestamp',
	time_with_timezone: 'time with time zone',
	time_without_timezone: 'time',
	object: 'jsonb',
	array: 'jsonb',
	union: 'jsonb',
	unknown: 'jsonb',
};

function ofSingleType(type: string, schema: JsonSchema): AirbyteType {
	switch (type) {
		case 'boolean':
			return 'boolean';
		case 'integer':
			return 'integer';
		case 'number':
			return ['integer', 'int', 'big_integer'].includes(String(schema.airbyte_type)) ? 'integer' : 'number';
		case 'string':
			if (schema.format === 'date') return 'date';
			if (schema.format === 'date-time')
				return schema.airbyte_type === 'timestamp_without_timezone' ? 'timestamp_without_timezone' : 'timestamp_with_timezone';
			if (schema.format === 'time')
				return schema.airbyte_type === 'time_without_timezone' ? 'time_without_timezone' : 'time_with_timezone';
			return 'string';
		case 'object':
			return 'object';
		case 'array':
			return 'array';
		default:
			return 'unknown';
	}
}

export function airbyteTypeOf(schema: JsonSchema | boolean | undefined): AirbyteType {
	if (schema === undefined || typeof schema === 'boolean') return 'unknown';
	if (typeof schema.$ref === 'string') {
		const m = /WellKnownTypes\.json#\/definitions\/(\w+)$/.exec(schema.$ref);
		return (m && WELL_KNOWN[m[1]]) || 'unknown';
	}
	const options = schema.oneOf ?? schema.anyOf;
	if (Array.isArray(options)) {
		const nonNull = options.filter((o) => !(typeof o === 'object' && o.type === 'null'));
		return nonNull.length === 1 ? airbyteTypeOf(nonNull[0]) : 'union';
	}
	if (Array.isArray(schema.type)) {
		const nonNull = schema.type.filter((t) => t !== 'null');
		if (nonNull.length === 0) return 'unknown';
		return nonNull.length === 1 ? ofSingleType(nonNull[0], schema) : 'union';
	}
	if (schema.type === undefined) return 'object';
	return ofSingleType(schema.type, schema);
}

export function postgresTypeFor(type: AirbyteType): string {
	return POSTGRES_TYPES[type];
}

export function postgresTypeOf(schema: JsonSchema): string {
	return postgresTypeFor(airbyteTypeOf(schema));
}
