// Rule table: what a single string value looks like. The first rule whose length bounds, pattern and digit
// count match wins; a field's semantic type is then decided from the votes (lib/profile/semantic.ts).
// Order matters: numbers before phones, dates before phones, uuids before identifiers.
// Each rule may carry a gate: a necessary condition of its pattern read from one scan of the value (which
// characters occur, how many digits, fixed positions), so most rules are rejected without running a regex.
// A gate never changes a result: it only skips a pattern that could not match (checked in the unit tests).

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
	/** Necessary condition of `pattern`, from the value's character mask (CH_* bits) and digit count. */
	gate?: (value: string, mask: number, digits: number) => boolean;
}

/** Character-class bits of a value's mask: what occurs somewhere in it. */
const CH_SPACE = 1; // ASCII whitespace
const CH_HIGH = 2; // beyond ASCII (may be a Unicode space for \s)
const CH_AT = 4;
const CH_COLON = 8;
const CH_DOT = 16;
const CH_NOT_NUMERIC = 32; // outside [0-9+\-.eE]
const CH_NOT_ID = 64; // outside [A-Za-z0-9_\-:.]
const CH_NOT_BASE64 = 128; // outside [A-Za-z0-9+/=]
const CH_HIGH_BITS = CH_HIGH | CH_NOT_NUMERIC | CH_NOT_ID | CH_NOT_BASE64;

const ASCII_BITS = ((): Uint8Array => {
	const bits = new Uint8Array(128);
	const isIn = (c: number, set: string) => set.includes(String.fromCharCode(c));
	const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	for (let c = 0; c < 128; c++) {
		let b = 0;
		if ((c >= 9 && c <= 13) || c === 32) b |= CH_SPACE;
		if (c === 64) b |= CH_AT;
		if (c === 58) b |= CH_COLON;
		if (c === 46) b |= CH_DOT;
		if (!isIn(c, '0123456789+-.eE')) b |= CH_NOT_NUMERIC;
		if (!isIn(c, `${alnum}_-:.`)) b |= CH_NOT_ID;
		if (!isIn(c, `${alnum}+/=`)) b |= CH_NOT_BASE64;
		bits[c] = b;
	}
	return bits;
})();

const isDigitAt = (v: string, i: number): boolean => {
	const c = v.charCodeAt(i);
	return c >= 48 && c <= 57;
};
/** `YYYY-` at the start: every date and timestamp pattern begins with it. */
const startsLikeDate = (v: string): boolean => isDigitAt(v, 0) && v.charCodeAt(4) === 45;
/** A letter's lower-case code (ASCII only). */
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$|^(?:[0-9a-f]{1,4}:){1,7}:$|^(?:[0-9a-f]{1,4}:){1,6}(?::[0-9a-f]{1,4}){1,6}$|^::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{0,4}$/i;
const DATE = '\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])';
const CLOCK = '(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:[.,]\\d{1,9})?)?';

export const STRING_RULES: readonly StringRule[] = [
	{ cls: 'boolean', pattern: /^(?:true|false)$/i, maxLen: 5, gate: (v) => lower(v.charCodeAt(0)) === 116 || lower(v.charCodeAt(0)) === 102 },
	{ cls: 'integer', pattern: /^[+-]?\d{1,18}$/, maxLen: 19, gate: (v, _m, d) => d > 0 && d >= v.length - 1 },
	{
		cls: 'decimal',
		pattern: /^[+-]?(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d{1,3})?$|^[+-]?\d+[eE][+-]?\d{1,3}$/,
		maxLen: 40,
		gate: (_v, m, d) => d > 0 && (m & CH_NOT_NUMERIC) === 0,
	},
	{
		cls: 'uuid',
		pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
		minLen: 36,
		maxLen: 36,
		gate: (v) => v.charCodeAt(8) === 45 && v.charCodeAt(23) === 45,
	},
	{
		cls: 'timestamp_tz',
		pattern: new RegExp(`^${DATE}[T ]${CLOCK} ?(?:Z|z|UTC|[+-](?:[01]\\d|2[0-3])(?::?[0-5]\\d)?)$`),
		minLen: 17,
		maxLen: 40,
		gate: startsLikeDate,
	},
	{ cls: 'timestamp', pattern: new RegExp(`^${DATE}[T ]${CLOCK}$`), minLen: 16, maxLen: 32, gate: startsLikeDate },
	{ cls: 'date', pattern: new RegExp(`^${DATE}$`), minLen: 10, maxLen: 10, gate: startsLikeDate },
	{ cls: 'time', pattern: new RegExp(`^${CLOCK}(?:Z|[+-]\\d{2}:?\\d{2})?$`), minLen: 5, maxLen: 24, gate: (v) => v.charCodeAt(2) === 58 },
	{
		cls: 'email',
		pattern: /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/,
		minLen: 6,
		maxLen: 254,
		gate: (_v, m) => (m & CH_AT) !== 0,
	},
	{
		cls: 'url',
		pattern: /^(?:https?|ftp):\/\/[^\s/$.?#][^\s]*$|^www\.[^\s.]+\.[^\s]+$/i,
		minLen: 8,
		maxLen: 4096,
		gate: (v) => {
			const c = lower(v.charCodeAt(0));
			return c === 104 || c === 102 || c === 119;
		},
	},
	{ cls: 'ip', pattern: IPV4, minLen: 7, maxLen: 15, gate: (v, m) => (m & CH_DOT) !== 0 && isDigitAt(v, 0) },
	{ cls: 'ip', pattern: IPV6, minLen: 2, maxLen: 39, gate: (_v, m) => (m & CH_COLON) !== 0 },
	{ cls: 'phone', pattern: /^\+?\(?\d[\d\s().\-/]{5,22}\d(?:\s*(?:x|ext\.?|#)\s*\d{1,6})?$/i, minLen: 7, maxLen: 32, minDigits: 7, gate: (_v, _m, d) => d >= 7 },
	{ cls: 'country_code', pattern: /^[A-Z]{2}$/, minLen: 2, maxLen: 2, vocabulary: COUNTRY_CODES },
	{ cls: 'currency_code', pattern: /^(?:[A-Z]{3}|[a-z]{3})$/, minLen: 3, maxLen: 3, vocabulary: CURRENCY_CODES },
	{
		cls: 'json',
		pattern: /^\s*(?:\{[\s\S]*\}|\[[\s\S]*\])\s*$/,
		minLen: 2,
		gate: (v) => {
			const c = v.charCodeAt(0);
			return c === 123 || c === 91 || c >= 128 || (ASCII_BITS[c] & CH_SPACE) !== 0;
		},
	},
	// Opaque ids: no spaces, word parts joined by _-:., with a digit or all upper case (cus_9s6XKz, VINET, A-102).
	{
		cls: 'identifier',
		pattern: /^(?=[^\s]*\d|[A-Z0-9_\-:.]+$)[A-Za-z0-9]+(?:[_\-:.][A-Za-z0-9]+)*$/,
		minLen: 2,
		maxLen: 64,
		gate: (_v, m) => (m & CH_NOT_ID) === 0,
	},
	// Encoded bytes: base64 (24+ chars) or Postgres hex escapes; ids without + / = matched above already.
	{
		cls: 'binary',
		pattern: /^(?:[A-Za-z0-9+/]{4}){6,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$|^\\x(?:[0-9a-fA-F]{2})+$/,
		minLen: 24,
		gate: (v, m) => (m & CH_NOT_BASE64) === 0 || v.charCodeAt(0) === 92,
	},
	{ cls: 'free_text', pattern: /^(?:\S+\s+){7,}\S+/, minLen: 40, gate: (_v, m) => (m & (CH_SPACE | CH_HIGH)) !== 0 },
	{ cls: 'free_text', pattern: /[\s\S]/, minLen: 120 },
];

/** Classifies one non-empty string value by the first matching rule ('text' when none matches). */
export function classifyString(value: string): ValueClass {
	const len = value.length;
	let mask = 0;
	let digits = 0;
	for (let i = 0; i < len; i++) {
		const c = value.charCodeAt(i);
		if (c >= 48 && c <= 57) digits++;
		else mask |= c < 128 ? ASCII_BITS[c] : CH_HIGH_BITS;
	}
	for (const rule of STRING_RULES) {
		if (rule.minLen !== undefined && len < rule.minLen) continue;
		if (rule.maxLen !== undefined && len > rule.maxLen) continue;
		if (rule.gate !== undefined && !rule.gate(value, mask, digits)) continue;
		if (!rule.pattern.test(value)) continue;
		if (rule.minDigits !== undefined && digits < rule.minDigits) continue;
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
