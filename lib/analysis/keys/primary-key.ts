// Primary key per stream: the catalog's source_defined_primary_key when present; else unique, null-free
// single columns or minimal composites (<= 3 columns), ranked by name and type evidence; for catalog-only
// streams, a name-only guess.

import { nameTokens } from '../../profile/rules/names';
import type { SemanticType } from '../../profile/types';
import type { KeyCandidate, PrimaryKeyInference } from './types';
import type { ColumnFacts, StreamFacts } from './facts';
import { entityTokens, hasKeySuffix, primaryKeyNameScore, streamTokens } from './names';
import { tupleUnique } from './value-sets';

/** Type evidence for a key column. */
const TYPE_SCORE: Partial<Record<SemanticType, number>> = {
	integer: 0.25,
	uuid: 0.25,
	identifier: 0.2,
	code: 0.15,
	country_code: 0.1,
	currency_code: 0.1,
	email: 0.05,
	text: -0.1,
	enum: -0.3,
};
const NAME_WEIGHT = 0.55;
const FIRST_COLUMN_BONUS = 0.1;
const DENSE_SEQUENCE_BONUS = 0.05;
/** A single column below this score yields to a composite of key-named columns. */
const STRONG_SINGLE = 0.6;
/** Below this, a single column is not a key (a unique name or timestamp in a log-like stream). */
const WEAK_SINGLE = 0.3;
const MAX_COMPOSITE_COLUMNS = 8;
/** primaryKeyNameScore of a column named after another stream. */
const REFERENCE_NAME_SCORE = 0.1;
const MAX_COMPOSITE_ROWS = 200_000;

function singleScore(c: ColumnFacts, facts: StreamFacts, streams: readonly string[]): KeyCandidate {
	const name = primaryKeyNameScore(c.column, facts.profile.name, streams);
	const reasons = [name.reason, `${c.field.semanticType} values`, 'unique and never null'];
	let score = NAME_WEIGHT * name.score + (TYPE_SCORE[c.field.semanticType] ?? -0.2);
	if (c.index === 0) {
		score += FIRST_COLUMN_BONUS;
		reasons.push('first column');
	}
	const num = c.field.numeric;
	if (c.field.semanticType === 'integer' && num && num.max - num.min + 1 <= 1.2 * c.values.distinct()) {
		score += DENSE_SEQUENCE_BONUS;
		reasons.push('dense sequence');
	}
	return { columns: [c.column], score: round(Math.max(0, Math.min(1, score))), reasons };
}

function round(n: number): number {
	return Math.round(n * 1000) / 1000;
}

function* combinations<T>(items: readonly T[], size: number, start = 0, acc: T[] = []): Generator<T[]> {
	if (acc.length === size) {
		yield [...acc];
		return;
	}
	for (let i = start; i < items.length; i++) {
		acc.push(items[i]);
		yield* combinations(items, size, i + 1, acc);
		acc.pop();
	}
}

function compositeCandidates(facts: StreamFacts, maxSize: number, streams: readonly string[]): KeyCandidate[] {
	// Minimal composites, except for references: a link stream's key is its set of references even when one
	// of them happens to be unique in the sample (each territory assigned to one employee).
	const pool = [...facts.columns.values()]
		.filter((c) => c.nullFree && (!c.unique || primaryKeyNameScore(c.column, facts.profile.name, streams).score <= REFERENCE_NAME_SCORE))
		.sort((a, b) => Number(hasKeySuffix(b.column)) - Number(hasKeySuffix(a.column)) || a.index - b.index)
		.slice(0, MAX_COMPOSITE_COLUMNS);
	const found: KeyCandidate[] = [];
	const rows = facts.profile.recordCount;
	for (let size = 2; size <= maxSize && found.length === 0; size++) {
		for (const combo of combinations(pool, size)) {
			const product = combo.reduce((p, c) => p * Math.max(1, c.values.distinct()), 1);
			if (product < rows) continue;
			if (!tupleUnique(facts.records, combo.map((c) => c.column), MAX_COMPOSITE_ROWS)) continue;
			const keyNamed = combo.filter((c) => hasKeySuffix(c.column)).length;
			const score = 0.35 + (0.3 * keyNamed) / size - 0.05 * (size - 2);
			const ordered = [...combo].sort((a, b) => a.index - b.index);
			found.push({
				columns: ordered.map((c) => c.column),
				score: round(score),
				reasons: [`${size} columns unique together`, `${keyNamed} of ${size} named like keys`],
				position: ordered.reduce((n, c) => n + c.index, 0),
			} as KeyCandidate & { position: number });
		}
	}
	// Best score first; ties go to the columns that come first in the stream.
	return (found as Array<KeyCandidate & { position: number }>)
		.sort((a, b) => b.score - a.score || a.position - b.position || a.columns.join().localeCompare(b.columns.join()))
		.map((c) => ({ columns: c.columns, score: c.score, reasons: c.reasons }));
}

/** Name-only guess for a stream without data. */
function catalogOnlyKey(facts: StreamFacts): PrimaryKeyInference {
	const name = facts.profile.name;
	const cols = facts.profile.fields.filter((f) => f.segments.length === 1).map((f) => f.segments[0]);
	const target = streamTokens(name).join('_');
	const base = { stream: name, source: 'inferred' as const, candidates: [] };
	const exactId = cols.find((c) => nameTokens(c).join('_') === 'id');
	if (exactId) return { ...base, columns: [exactId], score: 0.6, explanation: `no data: "${exactId}" by name` };
	const named = cols.find((c) => hasKeySuffix(c) && entityTokens(c).join('_') === target);
	if (named) return { ...base, columns: [named], score: 0.55, explanation: `no data: "${named}" names the stream` };
	const keyCols = cols.filter((c) => hasKeySuffix(c));
	if (keyCols.length >= 2 && keyCols.length === cols.length) {
		return { ...base, columns: keyCols, score: 0.45, explanation: 'no data: every column is a key column (junction by name)' };
	}
	if (keyCols.length === 1) return { ...base, columns: keyCols, score: 0.4, explanation: `no data: "${keyCols[0]}" is the only key-named column` };
	return { ...base, columns: [], source: 'none', score: 0, explanation: 'no data and no key-named column' };
}

export function inferPrimaryKey(facts: StreamFacts, streams: readonly string[], maxComposite: number): PrimaryKeyInference {
	const p = facts.profile;
	if (p.sourceDefinedPrimaryKey?.length) {
		const columns = p.sourceDefinedPrimaryKey.map((path) => path.join('.'));
		return { stream: p.name, columns, source: 'source_defined', score: 1, explanation: 'declared by the source (source_defined_primary_key)', candidates: [] };
	}
	if (p.recordCount === 0) return catalogOnlyKey(facts);

	const singles = [...facts.columns.values()]
		.filter((c) => c.nullFree && c.unique && !c.compositeOnly)
		.map((c) => singleScore(c, facts, streams))
		.sort((a, b) => b.score - a.score || a.columns[0].localeCompare(b.columns[0]));
	const best = singles[0];
	let chosen: KeyCandidate | undefined = best;
	let composites: KeyCandidate[] = [];
	if (!best || best.score < STRONG_SINGLE) {
		composites = compositeCandidates(facts, maxComposite, streams);
		const comp = composites[0];
		if (comp && (!best || comp.score >= best.score || best.score < WEAK_SINGLE)) chosen = comp;
		else if (!comp && best && best.score < WEAK_SINGLE) chosen = undefined;
	}
	const candidates = [...singles, ...composites].filter((c) => c !== chosen).slice(0, 5);
	if (!chosen) {
		return { stream: p.name, columns: [], source: 'none', score: 0, explanation: 'no unique, never-null column or combination of up to 3 columns', candidates };
	}
	return {
		stream: p.name,
		columns: chosen.columns,
		source: 'inferred',
		score: chosen.score,
		explanation: chosen.reasons.join('; '),
		candidates,
	};
}
