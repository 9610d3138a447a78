// Foreign keys across streams: value inclusion (child values within parent key values) combined with name
// evidence, type compatibility, coverage and cardinality. Inclusion alone is a trap: small integer ids
// fit inside almost every integer key, so a reference needs a name that points at the parent, or values
// that only one parent key can hold (string ids, wide integer ranges).

import { hasToken, nameTokens, MEASURE_TOKENS } from '../../profile/rules/names';
import type { ColumnFacts, KeyTypeClass, StreamFacts } from './facts';
import { hasKeySuffix, nameEvidence, primaryKeyNameScore, type NameEvidence } from './names';
import type { ForeignKeyEvidence, ForeignKeyInference, PrimaryKeyInference } from './types';
import type { ValueSet } from './value-sets';

/** Acceptance rules: minimum inclusion for a given strength of name evidence. */
const ACCEPT: ReadonlyArray<{ minName: number; minInclusion: number }> = [
	{ minName: 0.8, minInclusion: 0.9 },
	{ minName: 0.4, minInclusion: 0.999 },
];
/** Without name evidence: string-like ids need this many distinct values, integers more and a unique parent. */
const NAMELESS = { minDistinctString: 3, minDistinctInteger: 20, minParentCoverage: 0.5, score: 0.55 };
const PARTIAL_MIN_NAME = 0.6;
/** Below this share of child values in the parent, a column is not a reference at all. */
const MIN_INCLUSION = 0.9;
const WEIGHTS = { name: 0.45, inclusion: 0.35, coverage: 0.1, type: 0.1 };

export interface KeyTarget {
	stream: string;
	column: string;
	facts: ColumnFacts;
	isPrimaryKey: boolean;
	/** Share of the parent stream's rows in the sample (1 when complete): a partial parent cannot hold every key. */
	completeness: number;
}

/** A partial sample of unknown size: assume this share of the parent's rows is present. */
const UNKNOWN_COMPLETENESS = 0.25;

export function completenessOf(facts: StreamFacts): number {
	const p = facts.profile;
	if (p.status !== 'partial') return 1;
	if (p.totalRecords && p.totalRecords > 0) return Math.min(1, p.recordCount / p.totalRecords);
	return UNKNOWN_COMPLETENESS;
}

export interface ReferenceSource {
	stream: string;
	column: string;
	values: ValueSet;
	typeClass: KeyTypeClass;
	semanticType: string;
	/** Rows with a value / rows. */
	coverage: number;
	unique: boolean;
	/** Single-column primary key of its own stream. */
	isOwnPrimaryKey: boolean;
}

/**
 * Share of the child's distinct values found in the parent. Stops early (returning 0) once more values are
 * missing than a reference could afford, so non-references cost a few lookups, not the whole value set.
 */
function inclusionOf(child: ValueSet, parent: ValueSet, minInclusion: number): { inclusion: number; checked: number; hits: number } {
	const values = child.values();
	const maxMisses = Math.floor(values.size * (1 - minInclusion));
	let hits = 0;
	let misses = 0;
	for (const v of values) {
		if (parent.has(v)) hits++;
		else if (++misses > maxMisses) return { inclusion: 0, checked: values.size, hits: 0 };
	}
	return { inclusion: values.size > 0 ? hits / values.size : 0, checked: values.size, hits };
}

/** Key columns other streams may reference: single-column PKs, and unique null-free id-like columns. */
export function keyTargets(facts: StreamFacts[], pks: Map<string, PrimaryKeyInference>): KeyTarget[] {
	const out: KeyTarget[] = [];
	const streams = facts.map((f) => f.profile.name);
	for (const f of facts) {
		const pk = pks.get(f.profile.name);
		for (const c of f.columns.values()) {
			const isPk = pk?.columns.length === 1 && pk.columns[0] === c.column;
			const idLike = ['integer', 'identifier', 'uuid', 'code', 'country_code', 'currency_code'].includes(c.field.semanticType);
			// Alternate keys: unique, null-free, id-like, and not named after another stream (a junction's column).
			const alternate =
				c.unique &&
				c.nullFree &&
				idLike &&
				nameTokens(c.column).some((t) => t === 'id' || t === 'key' || t === 'code' || t === 'uuid') &&
				primaryKeyNameScore(c.column, f.profile.name, streams).score >= 0.5;
			if (isPk || alternate) {
				if (c.values.nonNull > 0) out.push({ stream: f.profile.name, column: c.column, facts: c, isPrimaryKey: isPk, completeness: completenessOf(f) });
			}
		}
	}
	return out;
}

function explain(e: ForeignKeyEvidence, nameReason: string, src: ReferenceSource, t: KeyTarget): string {
	const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
	return [
		`${pct(e.inclusion)} of ${e.childDistinct} distinct ${src.stream}.${src.column} values found in ${t.stream}.${t.column}${e.approximate ? ' (Bloom filter past the exact cap)' : ''}${
			e.parentCompleteness !== undefined ? ` (relative to a partial sample holding ${pct(e.parentCompleteness)} of ${t.stream})` : ''
		}`,
		nameReason,
		`${pct(e.childCoverage)} of ${src.stream} rows have a value`,
		`references ${pct(e.parentCoverage)} of ${t.stream} keys`,
		e.childUnique ? 'child values unique (one-to-one)' : 'many-to-one',
	].join('; ');
}

export interface ReferenceMatch {
	source: ReferenceSource;
	target: KeyTarget;
	score: number;
	evidence: ForeignKeyEvidence;
	explanation: string;
}

/** Best parent key for one referencing column, or undefined when no candidate passes the rules. */
type Match = ReferenceMatch & { name: number };

/** Inclusion and score of one candidate parent key, or undefined when the values do not fit it. */
function measure(src: ReferenceSource, t: KeyTarget, name: NameEvidence): Match | undefined {
	// Against a partial parent, inclusion is measured relative to what the parent's sample can hold.
	const partial = t.completeness < 1;
	const { inclusion: raw, checked, hits } = inclusionOf(src.values, t.facts.values, MIN_INCLUSION * Math.min(1, t.completeness));
	const inclusion = partial ? Math.min(1, raw / Math.max(t.completeness, 0.01)) : raw;
	if (hits === 0 || inclusion < MIN_INCLUSION) return undefined;
	const parentDistinct = Math.max(1, t.facts.values.distinct());
	const evidence: ForeignKeyEvidence = {
		inclusion: Math.round(inclusion * 10000) / 10000,
		childDistinct: checked,
		childCoverage: Math.round(src.coverage * 10000) / 10000,
		parentCoverage: Math.round(Math.min(1, hits / parentDistinct) * 10000) / 10000,
		nameScore: name.score,
		typeCompatible: true,
		childUnique: src.unique,
		approximate: src.values.approximate || t.facts.values.approximate,
	};
	if (partial) evidence.parentCompleteness = Math.round(t.completeness * 10000) / 10000;
	const score =
		WEIGHTS.name * name.score +
		WEIGHTS.inclusion * Math.max(0, (inclusion - 0.9) / 0.1) +
		WEIGHTS.coverage * Math.min(1, evidence.parentCoverage * 2) +
		WEIGHTS.type * 1;
	return { source: src, target: t, score, evidence, explanation: explain(evidence, name.reason, src, t), name: name.score };
}

/**
 * Best parent key for one referencing column, or undefined when no candidate passes the rules. Parents the
 * name points at are measured first; only without one are all keys measured, stopping at the second key
 * that holds every value (ambiguous: the small-integer trap).
 */
export function bestReference(src: ReferenceSource, targets: readonly KeyTarget[]): ReferenceMatch | undefined {
	if (src.values.nonNull === 0) return undefined;
	const candidates = targets
		.filter((t) => !(t.stream === src.stream && t.column === src.column) && t.facts.typeClass === src.typeClass)
		.map((t) => ({ t, name: nameEvidence(src.column, src.stream, t.stream, t.column) }))
		// A stream's own single-column key refers elsewhere only with a strong name (shared-key one-to-one).
		.filter(({ t, name }) => !src.isOwnPrimaryKey || (t.stream !== src.stream && name.score >= 0.85));
	const minName = Math.min(...ACCEPT.map((r) => r.minName));
	const named: Match[] = [];
	for (const { t, name } of candidates) {
		if (name.score < minName) continue;
		const m = measure(src, t, name);
		if (m) named.push(m);
	}
	const accepted = named.filter(
		(m) =>
			ACCEPT.some((r) => m.name >= r.minName && m.evidence.inclusion >= r.minInclusion) &&
			// Partial parents: only a clear name can carry the reference.
			(m.target.completeness >= 1 || m.name >= PARTIAL_MIN_NAME),
	);
	if (accepted.length > 0) {
		accepted.sort(
			(a, b) =>
				b.name - a.name ||
				b.score - a.score ||
				Number(b.target.isPrimaryKey) - Number(a.target.isPrimaryKey) ||
				a.target.facts.values.distinct() - b.target.facts.values.distinct() ||
				a.target.stream.localeCompare(b.target.stream),
		);
		const best = accepted[0];
		return { source: best.source, target: best.target, score: round(best.score), evidence: best.evidence, explanation: best.explanation };
	}
	// No name evidence: accept only values that exactly one complete parent key holds.
	let containing = named.filter((m) => m.evidence.inclusion >= 0.999).length;
	let only: Match | undefined;
	for (const { t, name } of candidates) {
		if (name.score >= minName) continue;
		const m = measure(src, t, name);
		if (!m || m.evidence.inclusion < 0.999) continue;
		if (++containing > 1) return undefined;
		if (t.stream !== src.stream && t.completeness >= 1) only = m;
	}
	if (!only || containing !== 1) return undefined;
	const m = only;
	const stringLike = src.typeClass !== 'int';
	if (stringLike && m.evidence.childDistinct < NAMELESS.minDistinctString) return undefined;
	if (stringLike && src.semanticType === 'text') return undefined;
	if (!stringLike && (m.evidence.childDistinct < NAMELESS.minDistinctInteger || m.evidence.parentCoverage < NAMELESS.minParentCoverage)) return undefined;
	return { source: m.source, target: m.target, score: NAMELESS.score, evidence: m.evidence, explanation: `${m.explanation}; the only key holding these values` };
}

/** `order_count`, `units_in_stock`: a measure, not a reference (unless it also ends with a key suffix). */
function isMeasureName(column: string): boolean {
	const tokens = nameTokens(column);
	return hasToken(tokens, MEASURE_TOKENS) && !hasKeySuffix(column);
}

function round(n: number): number {
	return Math.round(n * 1000) / 1000;
}

export function inferForeignKeys(facts: StreamFacts[], pks: Map<string, PrimaryKeyInference>, minScore: number): ForeignKeyInference[] {
	const targets = keyTargets(facts, pks);
	const out: ForeignKeyInference[] = [];
	for (const f of facts) {
		if (f.profile.recordCount === 0) continue;
		const pk = pks.get(f.profile.name);
		for (const c of f.columns.values()) {
			if (c.compositeOnly || isMeasureName(c.column)) continue;
			const src: ReferenceSource = {
				stream: f.profile.name,
				column: c.column,
				values: c.values,
				typeClass: c.typeClass,
				semanticType: c.field.semanticType,
				coverage: f.profile.recordCount > 0 ? c.values.nonNull / f.profile.recordCount : 0,
				unique: c.unique,
				isOwnPrimaryKey: pk?.columns.length === 1 && pk.columns[0] === c.column,
			};
			const m = bestReference(src, targets);
			if (!m || m.score < minScore) continue;
			const kind = m.target.stream === src.stream ? 'self' : src.unique ? 'one_to_one' : 'many_to_one';
			out.push({
				fromStream: src.stream,
				fromColumns: [src.column],
				toStream: m.target.stream,
				toColumns: [m.target.column],
				score: m.score,
				kind,
				evidence: m.evidence,
				explanation: m.explanation,
			});
		}
	}
	return out;
}
