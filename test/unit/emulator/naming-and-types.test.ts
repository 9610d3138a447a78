// destination-postgres naming and type rules as the emulator's writer applies them.
import { airbyteTypeOf, javaStringHashCode, postgresTypeOf, tempTableName, toPostgresCompatibleName } from '../../airbyte-emulator';
import { coerce, type MetaChange } from '../../airbyte-emulator/destination/coerce';
import { concatenateRawTableName } from '../../airbyte-emulator/destination/naming';
import { paginate } from '../../airbyte-emulator/api/pagination';

describe('javaStringHashCode', () => {
	it.each([
		['', 0],
		['hello', 99162322],
		['Aa', 2112],
		['BB', 2112],
		['polygenelubricants', -2147483648],
	])('%s -> %d (Java String.hashCode)', (s, h) => expect(javaStringHashCode(s)).toBe(h));
});

describe('toPostgresCompatibleName', () => {
	it.each([
		['customer_id', 'customer_id'],
		['CustomerId', 'CustomerId'],
		['Café Name', 'Cafe_Name'],
		['über', 'uber'],
		['a-b.c', 'a_b_c'],
		['two  spaces\there', 'two_spaces_here'],
		['1st_place', '_1st_place'],
		['名前', '__'],
		['$ref', '_ref'],
	])('%s -> %s', (input, expected) => expect(toPostgresCompatibleName(input)).toBe(expected));

	it('truncates names over 63 chars to 54 chars + "_" + the last 8 chars of the Java hash', () => {
		const long = `${'very_long_column_name_'.repeat(4)}end`;
		const out = toPostgresCompatibleName(long);
		const hash = String(javaStringHashCode(long));
		expect(out).toBe(`${long.slice(0, 54)}_${hash.slice(-8)}`);
		expect(out.length).toBeLessThanOrEqual(63);
		expect(toPostgresCompatibleName('x'.repeat(63))).toBe('x'.repeat(63));
	});

	it('gives an empty name a default_name_ prefix', () => expect(toPostgresCompatibleName('')).toMatch(/^default_name_/));
});

describe('temp and raw table names', () => {
	it('uses a delimiter longer than any underscore run (TypingDedupingUtil)', () => {
		expect(concatenateRawTableName('dbo', 'vwlzs_asnaf')).toBe('dbo_raw__stream_vwlzs_asnaf');
		expect(concatenateRawTableName('public', 'customers')).toBe('public_raw__stream_customers');
		expect(concatenateRawTableName('a__b', 'c')).toBe('a__b_raw___stream_c');
	});

	it('builds temp names from the first/last 8 chars of namespace and name plus 32 hex chars', () => {
		const name = tempTableName('averylongnamespacewithmanycharacters', 'averylongstreamname');
		expect(name).toMatch(/^averylonaractersaverylonreamname[0-9a-f]{32}$/);
		expect(tempTableName('ns', 'users')).toMatch(/^nsusers[0-9a-f]{32}$/);
		expect(tempTableName('ns', 'users')).not.toBe(tempTableName('ns', 'user'));
	});
});

describe('JSON schema -> Airbyte type -> Postgres type', () => {
	it.each([
		[{ type: 'boolean' }, 'boolean'],
		[{ type: 'integer' }, 'bigint'],
		[{ type: ['null', 'integer'] }, 'bigint'],
		[{ type: 'number', airbyte_type: 'integer' }, 'bigint'],
		[{ type: 'number' }, 'decimal'],
		[{ type: 'string' }, 'varchar'],
		[{ type: 'string', format: 'date' }, 'date'],
		[{ type: 'string', format: 'date-time' }, 'timestamp with time zone'],
		[{ type: 'string', format: 'date-time', airbyte_type: 'timestamp_without_timezone' }, 'timestamp'],
		[{ type: 'string', format: 'time' }, 'time with time zone'],
		[{ type: 'string', format: 'time', airbyte_type: 'time_without_timezone' }, 'time'],
		[{ type: 'object', properties: { a: { type: 'string' } } }, 'jsonb'],
		[{ type: 'array', items: { type: 'string' } }, 'jsonb'],
		[{ type: ['string', 'integer'] }, 'jsonb'],
		[{ oneOf: [{ type: 'string' }, { type: 'integer' }] }, 'jsonb'],
		[{}, 'jsonb'],
		[{ $ref: 'WellKnownTypes.json#/definitions/Integer' }, 'bigint'],
		[{ $ref: 'WellKnownTypes.json#/definitions/TimestampWithoutTimezone' }, 'timestamp'],
	])('%j -> %s', (schema, pg) => expect(postgresTypeOf(schema as never)).toBe(pg));

	it('collapses ["null", X] unions to X', () => expect(airbyteTypeOf({ type: ['null', 'string'], format: 'date' })).toBe('date'));
});

describe('value coercion', () => {
	it('nulls values that do not fit their column and records DESTINATION_SERIALIZATION_ERROR changes', () => {
		const changes: MetaChange[] = [];
		expect(coerce('n', 'integer', 'abc', changes)).toBeNull();
		expect(coerce('n', 'integer', 3.5, changes)).toBeNull();
		expect(coerce('d', 'date', '2024-13-45', changes)).toBeNull();
		expect(coerce('t', 'timestamp_with_timezone', 'yesterday', changes)).toBeNull();
		expect(coerce('b', 'boolean', 'true', changes)).toBeNull();
		expect(changes).toHaveLength(5);
		expect(changes[0]).toEqual({ field: 'n', change: 'NULLED', reason: 'DESTINATION_SERIALIZATION_ERROR' });
		const ok: MetaChange[] = [];
		expect(coerce('n', 'integer', 42, ok)).toBe(42);
		expect(coerce('s', 'string', 12, ok)).toBe('12');
		expect(coerce('s', 'string', 'a\u0000b', ok)).toBe('ab');
		expect(coerce('t', 'timestamp_with_timezone', '2024-01-02T03:04:05+02:00', ok)).toBe('2024-01-02T03:04:05+02:00');
		expect(coerce('j', 'object', { a: [1] }, ok)).toEqual({ a: [1] });
		expect(coerce('x', 'integer', null, ok)).toBeNull();
		expect(ok).toEqual([]);
	});
});

describe('pagination', () => {
	const items = [1, 2, 3, 4, 5];
	const page = (offset: number) => paginate(items, { limit: 2, offset, includeDeleted: false }, 'http://h/api/public/v1', '/sources');
	it('sets next on every non-empty page, "" on the empty one, previous "" at offset 0', () => {
		expect(page(0)).toEqual({ previous: '', next: 'http://h/api/public/v1/sources?includeDeleted=false&limit=2&offset=2', data: [1, 2] });
		expect(page(4).data).toEqual([5]);
		expect(page(4).next).toContain('offset=6');
		expect(page(4).previous).toContain('offset=2');
		expect(page(6)).toMatchObject({ data: [], next: '' });
	});
});
