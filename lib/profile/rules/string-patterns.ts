// Rule table: what a single string value looks like. The first rule whose length bounds, pattern and digit
// count match wins; a field's semantic type is then decided from the votes (lib/profile/semantic.ts).
// Order matters: numbers before phones, dates before phones, uuids before identifiers.

import { COUNTRY_CODES, CURRENCY_CODES } from './vocabularies';

export type ValueClass =
	| 'boolean'
	| 'integer'
	| 'decimal'
	| 'uuid'
	| 'timestamp_tz'
	| 'timestamp'
	| 'date'
	| 'time'
	| 'email'
	| 'url'
	| 'ip'
	| 'phone'
	| 'country_code'
	| 'currency_code'
	| 'json'
	| 'identifier'
	| 'binary'
	| 'free_text'
	| 'text';

export interface StringRule {
	cls: ValueClass;
	pattern: RegExp;
	minLen?: number;
	maxLen?: number;
	/** Minimum count of ASCII digits in the value. */
	minDigits?: number;
	/** Value (as written) must be in this vocabulary. */
	vocabulary?: ReadonlySet<string>;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$|^(?:[0-9a-f]{1,4}:){1,7}:$|^(?:[0-9a-f]{1,4}:){1,6}(?::[0-9a-f]{1,4}){1,6}$|^::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{0,4}$/i;
const DATE = '\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])';
const CLOCK = '(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:[.,]\\d{1,9})?)?';

export const STRING_RULES: readonly StringRule[] = [
	{ cls: 'boolean', pattern: /^(?:true|false)$/i, maxLen: 5 },
	{ cls: 'integer', pattern: /^[+-]?\d{1,18}$/, maxLen: 19 },
	{ cls: 'decimal', pattern: /^[+-]?(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d{1,3})?$|^[+-]?\d+[eE][+-]?\d{1,3}$/, maxLen: 40 },
	{ cls: 'uuid', pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, minLen: 36, maxLen: 36 },
	{ cls: 'timestamp_tz', pattern: new RegExp(`^${DATE}[T ]${CLOCK} ?(?:Z|z|UTC|[+-](?:[01]\\d|2[0-3])(?::?[0-5]\\d)?)$`), minLen: 17, maxLen: 40 },
	{ cls: 'timestamp', pattern: new RegExp(`^${DATE}[T ]${CLOCK}$`), minLen: 16, maxLen: 32 },
	{ cls: 'date', pattern: new RegExp(`^${DATE}$`), minLen: 10, maxLen: 10 },
	{ cls: 'time', pattern: new RegExp(`^${CLOCK}(?:Z|[+-]\\d{2}:?\\d{2})?$`), minLen: 5, maxLen: 24 },
	{ cls: 'email', pattern: /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/, minLen: 6, maxLen: 254 },
	{ cls: 'url', pattern: /^(?:https?|ftp):\/\/[^\s/$.?#][^\s]*$|^www\.[^\s.]+\.[^\s]+$/i, minLen: 8, maxLen: 4096 },
	{ cls: 'ip', pattern: IPV4, minLen: 7, maxLen: 15 },
	{ cls: 'ip', pattern: IPV6, minLen: 2, maxLen: 39 },
	{ cls: 'phone', pattern: /^\+?\(?\d[\d\s().\-/]{5,22}\d(?:\s*(?:x|ext\.?|#)\s*\d{1,6})?$/i, minLen: 7, maxLen: 32, minDigits: 7 },
	{ cls: 'country_code', pattern: /^[A-Z]{2}$/, minLen: 2, maxLen: 2, vocabulary: COUNTRY_CODES },
	{ cls: 'currency_code', pattern: /^(?:[A-Z]{3}|[a-z]{3})$/, minLen: 3, maxLen: 3, vocabulary: CURRENCY_CODES },
	{ cls: 'json', pattern: /^\s*(?:\{[\s\S]*\}|\[[\s\S]*\])\s*$/, minLen: 2 },
	// Opaque ids: no spaces, word parts joined by _-:., with a digit or all upper case (cus_9s6XKz, VINET, A-102).
	{ cls: 'identifier', pattern: /^(?=[^\s]*\d|[A-Z0-9_\-:.]+$)[A-Za-z0-9]+(?:[_\-:.][A-Za-z0-9]+)*$/, minLen: 2, maxLen: 64 },
	// Encoded bytes: base64 (24+ chars) or Postgres hex escapes; ids without + / = matched above already.
	{ cls: 'binary', pattern: /^(?:[A-Za-z0-9+/]{4}){6,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$|^\\x(?:[0-9a-fA-F]{2})+$/, minLen: 24 },
	{ cls: 'free_text', pattern: /^(?:\S+\s+){7,}\S+/, minLen: 40 },
	{ cls: 'free_text', pattern: /[\s\S]/, minLen: 120 },
];

function digitCount(s: string): number {
	let n = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c >= 48 && c <= 57) n++;
	}
	return n;
}

/** Classifies one non-empty string value by the first matching rule ('text' when none matches). */
export function classifyString(value: string): ValueClass {
	const len = value.length;
	for (const rule of STRING_RULES) {
		if (rule.minLen !== undefined && len < rule.minLen) continue;
		if (rule.maxLen !== undefined && len > rule.maxLen) continue;
		if (!rule.pattern.test(value)) continue;
		if (rule.minDigits !== undefined && digitCount(value) < rule.minDigits) continue;
		if (rule.vocabulary && !rule.vocabulary.has(value.toUpperCase())) continue;
		if (rule.cls === 'json' && !isJson(value)) continue;
		return rule.cls;
	}
	return 'text';
}

function isJson(value: string): boolean {
	try {
		JSON.parse(value);
		return true;
	} catch {
		return false;
	}
}

/** Digits after the decimal point of a number (0 for integers), capped at 12. */
export function decimalScale(n: number): number {
	if (Number.isInteger(n) || !Number.isFinite(n)) return 0;
	const s = String(n);
	const e = s.indexOf('e-');
	if (e >= 0) return Math.min(12, Number(s.slice(e + 2)) + Math.max(0, e - s.indexOf('.') - 1));
	const dot = s.indexOf('.');
	return dot < 0 ? 0 : Math.min(12, s.length - dot - 1);
}
