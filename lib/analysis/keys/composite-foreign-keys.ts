// Multi-column foreign keys: a child stream holding every column of another stream's composite key, under
// the same names (or the same names past a short table prefix: `l_partkey` ~ `ps_partkey`), with tuple
// inclusion. Tuples are held like single values: exact up to the cap, then a Bloom filter.

import { nameTokens } from '../../profile/rules/names';
import type { StreamFacts, ColumnFacts } from './facts';
import { completenessOf } from './foreign-keys';
import { singular } from './names';
import type { ForeignKeyInference, PrimaryKeyInference } from './types';
import { keyOf, ValueSet } from './value-sets';

/** Name of a column without a short table prefix (`ps_partkey` -> `partkey`, `OrderID` -> `order_id`). */
function roleName(column: string): string {
	const t = nameTokens(column).map(singular);
	while (t.length > 1 && t[0].length <= 2) t.shift();
	return t.join('_');
}

function nameMatch(parentColumn: string, childColumn: string): number {
	if (nameTokens(parentColumn).join('_') === nameTokens(childColumn).join('_')) return 1;
	return roleName(parentColumn) === roleName(childColumn) ? 0.8 : 0;
}

function tupleKey(r: Record<string, unknown>, columns: readonly string[]): string | undefined {
	let key = '';
	for (const c of columns) {
		const k = keyOf(r[c]);
		if (k === undefined) return undefined;
		key += `${k.length}:${k}|`;
	}
	return key;
}

function tupleSet(f: StreamFacts, columns: readonly string[], cap: number): ValueSet {
	const set = new ValueSet(cap, Math.max(1, f.records.length));
	for (const r of f.records) {
		const k = tupleKey(r, columns);
		if (k !== undefined) set.add(k);
	}
	return set;
}

export function inferCompositeForeignKeys(
	facts: readonly StreamFacts[],
	pks: Map<string, PrimaryKeyInference>,
	cap: number,
	minScore: number,
): ForeignKeyInference[] {
	const out: ForeignKeyInference[] = [];
	for (const parent of facts) {
		const pk = pks.get(parent.profile.name);
		if (!pk || pk.columns.length < 2 || parent.records.length === 0) continue;
		const parentCols = pk.columns.map((c) => parent.columns.get(c));
		if (parentCols.some((c) => c === undefined)) continue;
		let parentSet: ValueSet | undefined;
		for (const child of facts) {
			if (child === parent || child.records.length === 0) continue;
			const mapping: ColumnFacts[] = [];
			let nameTotal = 0;
			for (const p of parentCols as ColumnFacts[]) {
				const matches = [...child.columns.values()]
					.map((c) => ({ c, score: c.typeClass === p.typeClass ? nameMatch(p.column, c.column) : 0 }))
					.filter((m) => m.score > 0 && !mapping.includes(m.c));
				if (matches.length !== 1) break;
				mapping.push(matches[0].c);
				nameTotal += matches[0].score;
			}
			if (mapping.length !== parentCols.length) continue;
			parentSet ??= tupleSet(parent, pk.columns, cap);
			const childSet = tupleSet(child, mapping.map((c) => c.column), cap);
			const values = childSet.values();
			if (values.size === 0) continue;
			let hits = 0;
			for (const v of values) if (parentSet.has(v)) hits++;
			const completeness = completenessOf(parent);
			const inclusion = Math.min(1, hits / values.size / Math.max(completeness, 0.01));
			if (hits === 0 || inclusion < 0.9) continue;
			const name = nameTotal / mapping.length;
			const parentCoverage = Math.min(1, hits / Math.max(1, parentSet.distinct()));
			const score = Math.round((0.45 * name + 0.35 * ((inclusion - 0.9) / 0.1) + 0.1 * Math.min(1, parentCoverage * 2) + 0.1) * 1000) / 1000;
			if (score < minScore) continue;
			const childPk = pks.get(child.profile.name)?.columns ?? [];
			const childUnique = childSet.unique() && childSet.nonNull === child.records.length;
			const from = mapping.map((c) => c.column);
			const evidence = {
				inclusion: Math.round(inclusion * 10000) / 10000,
				childDistinct: values.size,
				childCoverage: Math.round((childSet.nonNull / child.records.length) * 10000) / 10000,
				parentCoverage: Math.round(parentCoverage * 10000) / 10000,
				nameScore: name,
				typeCompatible: true,
				childUnique,
				approximate: childSet.approximate || parentSet.approximate,
				...(completeness < 1 ? { parentCompleteness: Math.round(completeness * 10000) / 10000 } : {}),
			};
			out.push({
				fromStream: child.profile.name,
				fromColumns: from,
				toStream: parent.profile.name,
				toColumns: pk.columns,
				score,
				kind: childUnique || from.join() === childPk.join() ? 'one_to_one' : 'many_to_one',
				evidence,
				explanation: `${Math.round(inclusion * 1000) / 10}% of ${values.size} distinct (${from.join(', ')}) tuples found in ${parent.profile.name}'s key (${pk.columns.join(', ')}); columns named like the key`,
			});
		}
	}
	return out;
}
