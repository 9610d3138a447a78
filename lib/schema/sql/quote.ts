// The only places text from outside becomes SQL: identifiers through quoteIdent, values through quoteLiteral.
import { utf8Length } from '../utf8';

// Our SQL runs in n8n's Postgres node, which evaluates `{{ … }}` in its query text as an expression and splices
// the result in with String.replace (where `$$`, `$&`, `$'` and `$\`` are special). So `{`, `}` and `$` from
// data never appear literally: identifiers become U&"…" and literals E'…' with Unicode escapes, which mean
// the same text to Postgres.
const SPLICE_HAZARDS = /[{}$]/;
const unicodeEscape = (ch: string, prefix: string) => `${prefix}${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** A double-quoted identifier; embedded quotes doubled. Rejects what Postgres cannot store. */
export function quoteIdent(name: string): string {
	if (typeof name !== 'string' || name.length === 0) throw new Error('Empty SQL identifier');
	if (name.includes('\u0000')) throw new Error('SQL identifier contains a NUL character');
	if (utf8Length(name) > 63) throw new Error(`SQL identifier longer than 63 bytes: ${name.slice(0, 80)}`);
	if (!SPLICE_HAZARDS.test(name)) return `"${name.replace(/"/g, '""')}"`;
	const body = Array.from(name, (ch) => (ch === '"' ? '""' : ch === '\\' ? '\\\\' : SPLICE_HAZARDS.test(ch) ? unicodeEscape(ch, '\\') : ch));
	return `U&"${body.join('')}"`;
}

/** `"schema"."name"` */
export function qualified(schema: string, name: string): string {
	return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/**
 * A string literal that means the same under any `standard_conforming_strings`: E'' syntax with quotes and
 * backslashes escaped. NUL (impossible in Postgres text) is removed.
 */
export function quoteLiteral(value: string): string {
	const clean = String(value).split('\u0000').join('');
	const escaped = clean.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/[{}$]/g, (ch) => unicodeEscape(ch, '\\u'));
	return `E'${escaped}'`;
}

/** A literal for a scalar filter value: numbers as numerals (finite only), booleans, else a string literal. */
export function quoteValue(value: string | number | boolean): string {
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new Error('Non-finite number in SQL literal');
		return String(value);
	}
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	return quoteLiteral(value);
}

/** A dollar-quote tag that does not occur in `body`. */
export function dollarTag(body: string, base = 'body'): string {
	for (let n = 0; ; n++) {
		const tag = `$${base}${n === 0 ? '' : n}$`;
		if (!body.includes(tag)) return tag;
	}
}

/** Wrap a PL/pgSQL body in a DO block with a tag the body cannot end early. */
export function doBlock(body: string): string {
	const tag = dollarTag(body, 'do');
	return `DO ${tag}\n${body}\n${tag};`;
}
