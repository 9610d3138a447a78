import {
	concatenateRawTableName,
	javaStringHashCode,
	rawTableName,
	tempTableName,
	toPostgresCompatibleName,
} from '../../../lib/airbyte/naming';

describe('destination-postgres naming', () => {
	it('hashes like Java String.hashCode', () => {
		expect(javaStringHashCode('')).toBe(0);
		expect(javaStringHashCode('hello')).toBe(99162322);
		// overflows to negative like Java's int arithmetic
		expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
	});

	it.each([
		['customers', 'customers'],
		['First Name', 'First_Name'],
		['a  b\tc', 'a_b_c'],
		['café', 'cafe'],
		['2fa', '_2fa'],
		['a-b.c', 'a_b_c'],
		['x😀y', 'x_y'],
		['Ünïcödé', 'Unicode'],
		['日本', '__'],
	])('normalises %j to %j', (input, expected) => {
		expect(toPostgresCompatibleName(input)).toBe(expected);
	});

	it('truncates names over 63 chars to 54 + _ + last 8 digits of the hash', () => {
		const long = 'a'.repeat(70);
		const out = toPostgresCompatibleName(long);
		expect(out).toHaveLength(63);
		expect(out.startsWith('a'.repeat(54) + '_')).toBe(true);
		expect(out.slice(55)).toBe(String(javaStringHashCode(long)).slice(-8));
		expect(toPostgresCompatibleName('b'.repeat(63))).toBe('b'.repeat(63));
	});

	it('builds temp table names like the bulk CDK (its own test vector)', () => {
		expect(tempTableName('averylongnamespacewithmanycharacters', 'similarlylongstreamnamewithlotsoftest')).toBe(
			'averylonaracterssimilarltsoftest81e041292e119a43ceaa439325d86a24',
		);
	});

	it('builds raw table names with a delimiter longer than any underscore run', () => {
		expect(concatenateRawTableName('public', 'users')).toBe('public_raw__stream_users');
		expect(concatenateRawTableName('public__ab', 'abab_users')).toBe('public__ab_raw___stream_abab_users');
		expect(rawTableName('Public', 'Users')).toBe('public_raw__stream_users');
	});
});
