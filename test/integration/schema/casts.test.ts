// Every conversion from Airbyte's column types to modelled types, evaluated by real Postgres: good values
// convert, bad ones become NULL instead of failing the load.
import { castExpression } from '../../../lib/schema/sql/cast';
import { quoteLiteral } from '../../../lib/schema/sql/quote';
import { createTestDatabase, type TestDatabase } from '../../support/database';

jest.setTimeout(60_000);

type Case = [rawType: string, literal: string | null, target: string, semantic: string | undefined, expected: string | null];

const CASES: Case[] = [
	['character varying', '42', 'bigint', undefined, '42'],
	['character varying', ' -7 ', 'integer', undefined, '-7'],
	['character varying', '3.5', 'integer', undefined, null],
	['character varying', 'abc', 'bigint', undefined, null],
	['character varying', '99999999999', 'integer', undefined, null],
	['character varying', '12.50', 'numeric', undefined, '12.50'],
	['character varying', '1e3', 'double precision', undefined, '1000'],
	['character varying', '123456.789', 'numeric(10,2)', undefined, '123456.79'],
	['character varying', '123456789012', 'numeric(10,2)', undefined, null],
	['character varying', 'TRUE', 'boolean', undefined, 'true'],
	['character varying', 'no', 'boolean', undefined, 'false'],
	['character varying', 'maybe', 'boolean', undefined, null],
	['character varying', '2024-02-03T04:05:06Z', 'timestamp with time zone', undefined, '2024-02-03 04:05:06+00'],
	['character varying', '2024-02-03', 'date', undefined, '2024-02-03'],
	['character varying', 'yesterday', 'timestamp with time zone', undefined, null],
	['character varying', '1700000000', 'timestamp with time zone', 'epoch_seconds', '2023-11-14 22:13:20+00'],
	['character varying', '123e4567-e89b-12d3-a456-426614174000', 'uuid', undefined, '123e4567-e89b-12d3-a456-426614174000'],
	['character varying', 'not-a-uuid', 'uuid', undefined, null],
	['character varying', 'aGVsbG8=', 'bytea', 'base64', '\\x68656c6c6f'],
	['character varying', 'x', 'character varying(3)', undefined, 'x'],
	['bigint', '1700000000', 'timestamp with time zone', 'epoch_seconds', '2023-11-14 22:13:20+00'],
	['bigint', '1700000000000', 'timestamp with time zone', 'epoch_millis', '2023-11-14 22:13:20+00'],
	['bigint', '1700000000000', 'timestamp with time zone', undefined, '2023-11-14 22:13:20+00'],
	['bigint', '40000', 'smallint', undefined, null],
	['bigint', '5', 'text', undefined, '5'],
	['bigint', '0', 'boolean', undefined, 'false'],
	['numeric', '2.0', 'integer', undefined, '2'],
	['numeric', '2.5', 'integer', undefined, null],
	['numeric', '2.5', 'real', undefined, '2.5'],
	['boolean', 'true', 'text', undefined, 'true'],
	['timestamp with time zone', "'2024-02-03 04:05:06+00'", 'date', undefined, '2024-02-03'],
	['timestamp without time zone', "'2024-02-03 04:05:06'", 'timestamp with time zone', undefined, '2024-02-03 04:05:06+00'],
	['timestamp with time zone', "'2024-02-03 04:05:06+00'", 'text', undefined, '2024-02-03T04:05:06+00:00'],
	['date', "'2024-02-03'", 'timestamp with time zone', undefined, '2024-02-03 00:00:00+00'],
	['jsonb', `'"12"'`, 'integer', undefined, '12'],
	['jsonb', `'{"a":1}'`, 'text', undefined, '{"a": 1}'],
	['jsonb', `'{"a":1}'`, 'jsonb', undefined, '{"a": 1}'],
	['jsonb', `'"hello"'`, 'text', undefined, 'hello'],
	['character varying', 'x', 'jsonb', undefined, '"x"'],
	['character varying', null, 'integer', undefined, null],
];

describe('guarded casts on real Postgres', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await createTestDatabase('schema_casts');
		await db.client.query("SET TIME ZONE 'UTC'");
	});
	afterAll(async () => db?.drop());

	it.each(CASES)('%s %s -> %s (%s)', async (rawType, literal, target, semantic, expected) => {
		const value = literal === null ? `NULL::${rawType}` : literal.startsWith("'") ? `${literal}::${rawType}` : `${quoteLiteral(literal)}::${rawType}`;
		const expr = castExpression('x.v', rawType, target, semantic);
		const { rows } = await db.client.query(`SELECT (${expr})::text AS out FROM (SELECT ${value} AS v) x`);
		expect(rows[0].out).toBe(expected);
	});
});
