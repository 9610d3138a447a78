import type { JsonSchema } from '../../../lib/airbyte/protocol';
export type AirbyteType = string;
export function airbyteTypeOf(schema: JsonSchema): AirbyteType {
	void schema;
	throw new Error('being implemented');
}
export function postgresTypeOf(schema: JsonSchema): string {
	void schema;
	throw new Error('being implemented');
}
