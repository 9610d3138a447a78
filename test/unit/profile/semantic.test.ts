import type { AirbyteStream } from '../../../lib/airbyte/protocol';
import { pgTypeForField, profileStream } from '../../../lib/profile';
import { classifyString, STRING_RULES } from '../../../lib/profile/rules/string-patterns';
import type { FieldProfile, SemanticType } from '../../../lib/profile/types';

const stream = (name: string, properties: Record<string, unknown> = {}): AirbyteStream => ({
	name,
	json_schema: { type: 'object', properties: properties as never },
	supported_sync_modes: ['full_refresh'],
});

function fieldOf(column: string, values: unknown[], declared?: Record<string, unknown>): FieldProfile {
	const p = profileStream({
		stream: stream('s', declared ? { [column]: declared } : {}),
		records: values.map((v) => ({ [column]: v })),
		status: 'complete',
	});
	return p.fields.find((f) => f.path === column)!;
}

describe('string value rules', () => {
	it.each([
		['true', 'boolean'],
		['FALSE', 'boolean'],
		['12345', 'integer'],
		['-0042', 'integer'],
		['1500.00', 'decimal'],
		['1e5', 'decimal'],
		['123e4567-e89b-12d3-a456-426614174000', 'uuid'],
		['2024-03-01T10:00:00Z', 'timestamp_tz'],
		['2024-03-01 10:00:00+02:00', 'timestamp_tz'],
		['2004-10-28T02:16:07+00:00', 'timestamp_tz'],
		['1962-02-18T00:00:00', 'timestamp'],
		['2024-03-01 10:00:00.123', 'timestamp'],
		['1996-07-04', 'date'],
		['23:59:59', 'time'],
		['ana@example.com', 'email'],
		['https://example.com/a?b=c', 'url'],
		['192.168.0.1', 'ip'],
		['2001:db8::1', 'ip'],
		['+1 (780) 428-9482', 'phone'],
		['(206) 555-9857', 'phone'],
		['DE', 'country_code'],
		['usd', 'currency_code'],
		['{"a": 1}', 'json'],
		['cus_9s6XKzkNRiz8i3', 'identifier'],
		['VINET', 'identifier'],
		['aGVsbG8gd29ybGQsIHRoaXMgaXMgYmluYXJ5IGRhdGE=', 'binary'],
		['Education includes a BA in psychology from Colorado State University in 1970.', 'free_text'],
		['Adams', 'text'],
		['2024-13-45', 'phone'],
	])('%s -> %s', (value, cls) => {
		expect(classifyString(value)).toBe(cls);
	});

	it('is a table of rules with bounds, not code per type', () => {
		expect(STRING_RULES.length).toBeGreaterThan(15);
		for (const r of STRING_RULES) expect(r.pattern).toBeInstanceOf(RegExp);
	});
});

describe('field semantic types and Postgres types', () => {
	const cases: Array<[string, string, unknown[], SemanticType, string, Record<string, unknown>?]> = [
		['integers', 'quantity', [1, 2, 3, 10], 'integer', 'bigint'],
		['decimals', 'ratio', [0.5, 1.25, 2], 'decimal', 'numeric'],
		['money by name', 'unit_price', [18, 19.5, 10], 'money', 'numeric'],
		['money in minor units', 'amount', [2200, -800, 100], 'money', 'bigint'],
		['booleans', 'active', [true, false, true], 'boolean', 'boolean'],
		['booleans in strings', 'active', ['true', 'false', 'true'], 'boolean', 'boolean'],
		['integers in strings (HubSpot)', 'num_employees', ['25', '1200', '3'], 'integer', 'bigint'],
		['decimals in strings', 'height', ['1.50', '1.64', '1.8'], 'decimal', 'numeric'],
		['leading zeros stay text', 'territory_id', ['01581', '30346', '02116'], 'code', 'text'],
		['code names stay text', 'extension', ['5467', '3457', '3355'], 'code', 'text'],
		['epoch seconds', 'created', [1674211193, 1674211029, 1674200000], 'epoch_seconds', 'timestamptz'],
		['epoch milliseconds', 'updated_at', [1677521307744, 1677521307000], 'epoch_millis', 'timestamptz'],
		['epoch-sized numbers without a time name', 'bytes', [1674211193, 1674211029], 'integer', 'bigint'],
		['dates', 'order_date', ['1996-07-04', '1996-07-05'], 'date', 'date'],
		['timestamps without zone', 'hire_date', ['2002-08-14T00:00:00', '2002-05-01T00:00:00'], 'timestamp', 'timestamp'],
		['timestamps with zone', 'created_at', ['2004-10-28T02:16:07+00:00', '2000-12-15T08:46:51Z'], 'timestamp_tz', 'timestamptz'],
		['uuids', 'ref', ['123e4567-e89b-12d3-a456-426614174000', '00000000-0000-4000-8000-000000000000'], 'uuid', 'uuid'],
		['emails', 'email', ['a@b.co', 'c@d.org'], 'email', 'text'],
		['urls', 'homepage', ['https://a.com', 'http://b.org/x'], 'url', 'text'],
		['country codes', 'country', ['US', 'DE', 'FR', 'US'], 'country_code', 'text'],
		['currency codes', 'currency', ['usd', 'eur', 'usd'], 'currency_code', 'text'],
		['enums', 'status', Array.from({ length: 30 }, (_, i) => ['paid', 'open', 'void'][i % 3]), 'enum', 'text'],
		['objects', 'address', [{ city: 'Oslo' }, { city: 'Rome' }], 'json', 'jsonb'],
		['empty strings in a picture column', 'picture', ['', ''], 'binary', 'bytea'],
		['nothing but nulls, declared integer', 'x', [null, null], 'empty', 'bigint', { type: ['null', 'integer'] }],
		['nothing but nulls, declared date-time without zone', 'x', [null], 'empty', 'timestamp', { type: 'string', format: 'date-time', airbyte_type: 'timestamp_without_timezone' }],
		['declared number, few whole values', 'weight_kg', [3, 4], 'decimal', 'numeric', { type: 'number' }],
		['declared number, many whole values', 'weight', Array.from({ length: 40 }, (_, i) => 1990 + i), 'decimal', 'numeric', { type: 'number' }],
		['declared number ids', 'id', Array.from({ length: 40 }, (_, i) => i), 'integer', 'bigint', { type: 'number' }],
		['ip addresses', 'ip_address', ['10.0.0.1', '192.168.1.20', '2001:db8::1'], 'ip', 'inet'],
		['dates with one stray value stay text', 'order_date', [...Array.from({ length: 30 }, () => '1996-07-04'), 'soon'], 'date', 'text'],
		['uuids with a stray value stay text', 'uuid', ['123e4567-e89b-12d3-a456-426614174000', '00000000-0000-4000-8000-000000000000', 'n/a'], 'uuid', 'text'],
		['mixed strings and numbers', 'mixed', ['a', 1, 'b', 2], 'text', 'text'],
	];
	// Rows are wrapped: a test function taking more parameters than a row has would get jest's `done`.
	it.each(cases.map((c) => [c[0], c] as const))('%s', (_label, [, column, values, semantic, pg, declared]) => {
		const f = fieldOf(column, values, declared);
		expect(f.semanticType).toBe(semantic);
		expect(pgTypeForField(f)).toBe(pg);
	});

	it('counts numbers and booleans carried in strings', () => {
		const f = fieldOf('amount', ['1500.00', '20', '007', 'true']);
		expect(f.stringEncoded).toEqual({ integer: 2, decimal: 1, boolean: 1, leadingZeros: 1 });
	});

	it('lists enum values, sorted', () => {
		const f = fieldOf('status', Array.from({ length: 20 }, (_, i) => (i % 2 ? 'open' : 'closed')));
		expect(f.enumValues).toEqual(['closed', 'open']);
	});
});
