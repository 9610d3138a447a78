// Value checks for personal data. Each returns true when one value has the shape (and, where the format
// has one, the checksum) of the kind. Used on samples of a column, never on single values alone.

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;
const PHONE_CHARS = /^\+?[\d\s().\-/]{7,24}(?:\s*(?:x|ext\.?)\s*\d{1,6})?$/i;
const DATE_SHAPE = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_CHARS = /^[0-9a-f:]+(?:%[\w.]+)?$/i;
const US_SSN = /^(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}$/;
const UK_NINO = /^[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]$/i;
const GENERIC_NATIONAL_ID = /^(?=.*\d)[A-Z0-9]{2,4}[-\s]?\d{2,8}[-\s]?[A-Z0-9]{1,6}$/i;

export function isEmail(value: string): boolean {
	return value.length <= 254 && EMAIL.test(value.trim());
}

/** Phone-number shape: 7-15 digits, optional +country, separators, parentheses, extension. */
export function isPhone(value: string): boolean {
	const text = value.trim();
	if (!PHONE_CHARS.test(text) || DATE_SHAPE.test(text)) return false;
	const digits = text.replace(/(?:x|ext\.?)\s*\d+$/i, '').replace(/\D/g, '');
	return digits.length >= 7 && digits.length <= 15;
}

/** Luhn (mod 10) checksum over a digit string. */
export function luhnValid(digits: string): boolean {
	let sum = 0;
	let double = false;
	for (let i = digits.length - 1; i >= 0; i--) {
		let digit = digits.charCodeAt(i) - 48;
		if (digit < 0 || digit > 9) return false;
		if (double) {
			digit *= 2;
			if (digit > 9) digit -= 9;
		}
		sum += digit;
		double = !double;
	}
	return digits.length > 0 && sum % 10 === 0;
}

/** Payment card number: 13-19 digits (spaces or dashes allowed), a known issuer prefix and a valid Luhn check. */
export function isCardNumber(value: string | number): boolean {
	const text = String(value).trim();
	if (!/^\d[\d -]{11,22}\d$/.test(text)) return false;
	const digits = text.replace(/[ -]/g, '');
	if (digits.length < 13 || digits.length > 19) return false;
	if (/^(\d)\1+$/.test(digits)) return false;
	return /^[2-6]/.test(digits) && luhnValid(digits);
}

/** IBAN: country code, check digits, BBAN; ISO 13616 mod-97 check. */
export function isIban(value: string): boolean {
	const compact = value.replace(/[\s-]/g, '').toUpperCase();
	if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) return false;
	const rearranged = compact.slice(4) + compact.slice(0, 4);
	let remainder = 0;
	for (const char of rearranged) {
		const code = char.charCodeAt(0);
		const chunk = code >= 65 ? String(code - 55) : char;
		for (const digit of chunk) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
	}
	return remainder === 1;
}

export function isIpV4(value: string): boolean {
	return IPV4.test(value.trim());
}

export function isIpV6(value: string): boolean {
	const text = value.trim();
	if (!text.includes(':') || !IPV6_CHARS.test(text)) return false;
	const address = text.split('%')[0];
	const doubleColons = address.split('::').length - 1;
	if (doubleColons > 1) return false;
	const groups = address.split(':').filter((group) => group.length > 0);
	if (groups.some((group) => group.length > 4)) return false;
	return doubleColons === 1 ? groups.length < 8 : groups.length === 8;
}

export function isIpAddress(value: string): boolean {
	return isIpV4(value) || isIpV6(value);
}

/** Shapes of national identifiers: US SSN, UK NI number, and generic letter/digit ids under an id-like name. */
export function isNationalIdShape(value: string, strictShapesOnly = true): boolean {
	const text = value.trim();
	if (US_SSN.test(text) || UK_NINO.test(text)) return true;
	return !strictShapesOnly && GENERIC_NATIONAL_ID.test(text);
}

/** ISO date or date-time that could be a birth date (year 1900..today-ish); used with birth-like names. */
export function isDateLike(value: string): boolean {
	return /^(19|20)\d\d-\d\d-\d\d/.test(value.trim()) || /^\d{1,2}[./-]\d{1,2}[./-](19|20)?\d\d$/.test(value.trim());
}

/** Decimal degrees. */
export function isCoordinate(value: string | number): boolean {
	const number = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(number) && Math.abs(number) <= 180 && !Number.isInteger(number);
}

/** Patterns used to scrub PII that hides inside free text (notes, descriptions) before it reaches a prompt. */
export const EMBEDDED_PII_PATTERNS: Array<{ kind: string; pattern: RegExp; check?: (match: string) => boolean }> = [
	{ kind: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g },
	{ kind: 'iban', pattern: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/g, check: isIban },
	{ kind: 'card_number', pattern: /\b\d(?:[ -]?\d){12,18}\b/g, check: isCardNumber },
	{ kind: 'national_id', pattern: /\b\d{3}-\d{2}-\d{4}\b/g, check: (match) => US_SSN.test(match) },
	{ kind: 'ip_address', pattern: /\b(?:\d{1,3}\.){3}\d{1,3}\b/g, check: isIpV4 },
	{ kind: 'phone', pattern: /(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,5}(?:[ .-]\d{2,8}){0,4}|\(\d{1,4}\)[ .-]?\d{2,5}(?:[ .-]\d{2,8}){1,4}|\d{2,5}(?:[ .-]\d{2,8}){2,4})\b/g, check: isPhone },
];
