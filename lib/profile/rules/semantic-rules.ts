// Rule tables that turn a field's value votes and name into a semantic type. Data, read by semantic.ts.

import type { SemanticType } from '../types';
import type { ValueClass } from './string-patterns';
import { BINARY_TOKENS, CODE_TOKENS, ID_TOKENS, MEASURE_TOKENS, MONEY_TOKENS, TIME_TOKENS } from './names';

/** Share of classified values a class needs to name the field, without and with name evidence. */
export const VOTE_THRESHOLD = 0.9;
export const VOTE_THRESHOLD_WITH_NAME = 0.6;

/** Single-class string semantics: the class, the semantic type it gives, and the name tokens that back it. */
export const STRING_CLASS_RULES: ReadonlyArray<{ cls: ValueClass; type: SemanticType; nameTokens: ReadonlySet<string> }> = [
	{ cls: 'uuid', type: 'uuid', nameTokens: new Set(['uuid', 'guid', 'id']) },
	{ cls: 'email', type: 'email', nameTokens: new Set(['email', 'mail', 'e']) },
	{ cls: 'url', type: 'url', nameTokens: new Set(['url', 'uri', 'website', 'homepage', 'link', 'href', 'site', 'web']) },
	{ cls: 'ip', type: 'ip', nameTokens: new Set(['ip', 'ipv4', 'ipv6', 'address']) },
	{ cls: 'phone', type: 'phone', nameTokens: new Set(['phone', 'fax', 'mobile', 'tel', 'telephone', 'cell']) },
	{ cls: 'country_code', type: 'country_code', nameTokens: new Set(['country', 'nationality']) },
	{ cls: 'currency_code', type: 'currency_code', nameTokens: new Set(['currency']) },
	{ cls: 'time', type: 'time', nameTokens: new Set(['time', 'hour', 'clock']) },
	{ cls: 'json', type: 'json', nameTokens: new Set(['json', 'metadata', 'payload', 'data', 'properties']) },
	{ cls: 'identifier', type: 'identifier', nameTokens: ID_TOKENS },
	{ cls: 'binary', type: 'binary', nameTokens: BINARY_TOKENS },
];

/** Temporal string classes, from most to least specific, and the type a mix of them resolves to. */
export const TEMPORAL_CLASSES: ReadonlySet<ValueClass> = new Set(['timestamp_tz', 'timestamp', 'date']);

/** Plausible epoch ranges (1990-01-01 .. 2100-01-01). */
export const EPOCH_RANGES: ReadonlyArray<{ type: SemanticType; min: number; max: number }> = [
	{ type: 'epoch_seconds', min: 631152000, max: 4102444800 },
	{ type: 'epoch_millis', min: 631152000000, max: 4102444800000 },
];

export const NAME_VOCABULARIES = {
	time: TIME_TOKENS,
	money: MONEY_TOKENS,
	measure: MEASURE_TOKENS,
	code: CODE_TOKENS,
	id: ID_TOKENS,
	binary: BINARY_TOKENS,
};

/** Enum: few distinct values, each repeated on average at least this often, none longer than maxLength. */
export const ENUM_RULE = { minRepeats: 5, maxLength: 40 };

/** Free text: average length at least this, or this share of free_text votes. */
export const FREE_TEXT_RULE = { minMeanLength: 60, minVoteShare: 0.5 };
