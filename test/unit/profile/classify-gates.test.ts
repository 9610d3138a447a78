// The value rules' gates only skip patterns that could not match: classifyString must give exactly what the
// plain rule table gives (bounds, pattern, digits, vocabulary, JSON parse, first match wins) for any string.

import fc from 'fast-check';
import { classifyString, STRING_RULES, type ValueClass } from '../../../lib/profile/rules/string-patterns';

function classifyWithoutGates(value: string): ValueClass {
	const digits = [...value].filter((c) => c >= '0' && c <= '9').length;
	for (const rule of STRING_RULES) {
		if (rule.minLen !== undefined && value.length < rule.minLen) continue;
		if (rule.maxLen !== undefined && value.length > rule.maxLen) continue;
		if (!rule.pattern.test(value)) continue;
		if (rule.minDigits !== undefined && digits < rule.minDigits) continue;
		if (rule.vocabulary && !rule.vocabulary.has(value.toUpperCase())) continue;
		if (rule.cls === 'json') {
			try {
				JSON.parse(value);
			} catch {
				continue;
			}
		}
		return rule.cls;
	}
	return 'text';
}

/** Characters every rule cares about, plus Unicode spaces and letters that case-fold near ASCII. */
const ALPHABET = [...'0123456789abcdefxABCDEFXZTtrueFALSEhtpswfw .-:_/+=@#()[]{}"\\,\t\n\u00a0\u2028\ufeffſKé日'];
const tokens = fc.constantFrom(
	'2024-03-01',
	'T',
	' ',
	'10:00:00',
	'.123',
	'Z',
	'+02:00',
	'UTC',
	'https://',
	'www.',
	'ftp://',
	'@',
	'example.com',
	'123e4567-e89b-12d3-a456-426614174000',
	'192.168.0.1',
	'::',
	'fe80',
	'+1 (780) 428-9482',
	' ext. 12',
	'{"a": [1]}',
	'[1,2]',
	'true',
	'FALSE',
	'-0042',
	'1e5',
	'.5',
	'DE',
	'usd',
	'cus_9s6X',
	'aGVsbG8gd29ybGQsIHRoaXMg',
	'==',
	'\\x0a1b',
	'word ',
);

const soup = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 140 }).map((cs) => cs.join(''));
const assembled = fc.array(tokens, { minLength: 1, maxLength: 10 }).map((ts) => ts.join(''));

describe('value rule gates', () => {
	it('never change a classification (character soup)', () => {
		fc.assert(
			fc.property(soup, (v) => {
				if (v.length > 0) expect(classifyString(v)).toBe(classifyWithoutGates(v));
			}),
			{ numRuns: 20_000 },
		);
	});

	it('never change a classification (values assembled from rule-shaped parts)', () => {
		fc.assert(
			fc.property(assembled, (v) => expect(classifyString(v)).toBe(classifyWithoutGates(v))),
			{ numRuns: 20_000 },
		);
	});

	it('never change a classification (any Unicode string)', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), (v) => expect(classifyString(v)).toBe(classifyWithoutGates(v))),
			{ numRuns: 5_000 },
		);
	});

	it('covers every rule that has a gate with a matching example', () => {
		const examples = ['true', '12', '1.5', '123e4567-e89b-12d3-a456-426614174000', '2024-03-01T10:00:00Z', '2024-03-01 10:00:00', '2024-03-01', '23:59', 'a@b.co', 'https://x.y', '10.0.0.1', '::1', '(206) 555-9857', ' [1] ', 'A-102', '\\x0a0b0c0d0e0f0a0b0c0d0e0f', 'one two three four five six seven eight nine'];
		const hit = new Set(examples.map((v) => classifyString(v)));
		for (const rule of STRING_RULES) if (rule.gate) expect(hit).toContain(rule.cls);
	});
});
