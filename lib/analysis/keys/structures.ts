// Relationship structures beyond single foreign keys: junction streams (a key made of FKs to 2+ streams),
// arrays of ids inside records (many-to-many) and nested arrays of objects (child entities).

import type { FieldProfile, StreamProfile } from '../../profile/types';
import type { StreamFacts } from './facts';
import { bestReference, type KeyTarget } from './foreign-keys';
import type { ChildEntityInference, ForeignKeyInference, ManyToManyInference, PrimaryKeyInference } from './types';

export function inferJunctions(
	pks: Map<string, PrimaryKeyInference>,
	fks: readonly ForeignKeyInference[],
	profiles: readonly StreamProfile[],
): ManyToManyInference[] {
	const out: ManyToManyInference[] = [];
	for (const p of profiles) {
		const pk = pks.get(p.name);
		if (!pk || pk.columns.length < 2) continue;
		const keyFks = pk.columns
			.map((col) => fks.find((fk) => fk.fromStream === p.name && fk.fromColumns.length === 1 && fk.fromColumns[0] === col))
			.filter((fk): fk is ForeignKeyInference => fk !== undefined);
		const parents = new Set(keyFks.map((fk) => fk.toStream));
		if (keyFks.length < 2 || parents.size < 2) continue;
		const [a, b] = keyFks;
		const payload = p.fields.filter((f) => f.segments.length === 1 && !pk.columns.includes(f.segments[0])).map((f) => f.segments[0]);
		out.push({
			via: 'junction',
			stream: p.name,
			columns: keyFks.map((fk) => fk.fromColumns[0]),
			left: { stream: a.toStream, columns: a.toColumns },
			right: { stream: b.toStream, columns: b.toColumns },
			payloadColumns: payload,
			score: Math.round(Math.min(a.score, b.score) * 1000) / 1000,
			explanation: `${p.name}'s key (${pk.columns.join(', ')}) is made of references to ${[...parents].join(' and ')}`,
		});
	}
	return out;
}

export function inferIdArrays(facts: StreamFacts[], targets: KeyTarget[], pks: Map<string, PrimaryKeyInference>, minScore: number): ManyToManyInference[] {
	const out: ManyToManyInference[] = [];
	for (const f of facts) {
		for (const a of f.arrays.values()) {
			const m = bestReference(
				{
					stream: f.profile.name,
					column: a.column,
					values: a.values,
					typeClass: a.typeClass,
					semanticType: a.field.semanticType,
					coverage: f.profile.recordCount > 0 ? a.rows / f.profile.recordCount : 0,
					unique: false,
					isOwnPrimaryKey: false,
				},
				targets,
			);
			if (!m || m.score < minScore) continue;
			const pk = pks.get(f.profile.name);
			out.push({
				via: 'array_of_ids',
				stream: f.profile.name,
				columns: [a.column],
				left: { stream: f.profile.name, columns: pk?.columns ?? [] },
				right: { stream: m.target.stream, columns: [m.target.column] },
				payloadColumns: [],
				score: m.score,
				explanation: `array ${f.profile.name}.${a.column}[]: ${m.explanation}`,
			});
		}
	}
	return out;
}

function isObjectArray(f: FieldProfile): boolean {
	return f.segments[f.segments.length - 1] === '[]' && (f.jsonTypes.object ?? 0) > 0 && (f.jsonTypes.object ?? 0) >= (f.nonNull - (f.jsonTypes.object ?? 0));
}

export function inferChildEntities(profiles: readonly StreamProfile[], pks: Map<string, PrimaryKeyInference>): ChildEntityInference[] {
	const out: ChildEntityInference[] = [];
	for (const p of profiles) {
		for (const f of p.fields) {
			if (!isObjectArray(f)) continue;
			// Only arrays not nested in another array: deeper ones belong to their own child entity.
			if (f.segments.slice(0, -1).includes('[]')) continue;
			const prefix = `${f.path}.`;
			const elementFields = p.fields.filter((g) => g.path.startsWith(prefix) && !g.path.slice(prefix.length).includes('[]'));
			const direct = elementFields.filter((g) => !g.path.slice(prefix.length).includes('.'));
			const key = direct.find(
				(g) =>
					g.distinctExact &&
					g.nonNull === f.jsonTypes.object &&
					g.distinct === g.nonNull &&
					g.nonNull > 0 &&
					['integer', 'identifier', 'uuid', 'code'].includes(g.semanticType),
			);
			out.push({
				parentStream: p.name,
				path: f.path.slice(0, -2),
				parentKey: pks.get(p.name)?.columns ?? [],
				elementKey: key ? [key.path.slice(prefix.length)] : [],
				fields: elementFields.map((g) => g.path.slice(prefix.length)),
				elements: f.jsonTypes.object ?? 0,
			});
		}
	}
	return out;
}
