// Per-stream facts for key inference: the profile plus value sets of key-candidate columns and of arrays of
// scalar ids, gathered in one pass over each stream's records.

import type { FieldProfile, SemanticType, StreamProfile } from '../../profile/types';
import type { StreamSample } from '../../sample/types';
import { keyOf, ValueSet } from './value-sets';

/** Semantic types whose columns can be keys or references. */
export const KEY_SEMANTICS: ReadonlySet<SemanticType> = new Set<SemanticType>(['integer', 'identifier', 'code', 'uuid', 'text', 'email', 'enum', 'country_code', 'currency_code']);
/** Semantic types that may only be part of a composite key (`salaries(emp_no, from_date)`). */
export const COMPOSITE_ONLY_SEMANTICS: ReadonlySet<SemanticType> = new Set<SemanticType>(['date', 'timestamp', 'timestamp_tz', 'epoch_seconds', 'epoch_millis']);

/** Longest value a key column may hold. */
const MAX_KEY_LENGTH = 200;

export type KeyTypeClass = 'int' | 'str' | 'uuid';

export interface ColumnFacts {
	stream: string;
	column: string;
	index: number;
	field: FieldProfile;
	values: ValueSet;
	typeClass: KeyTypeClass;
	/** Every record has a non-null, non-empty value. */
	nullFree: boolean;
	/** Usable only inside a composite key (time columns), never alone or as a reference. */
	compositeOnly: boolean;
	unique: boolean;
}

export interface ArrayFacts {
	stream: string;
	column: string;
	field: FieldProfile;
	values: ValueSet;
	typeClass: KeyTypeClass;
	rows: number;
}

export interface StreamFacts {
	profile: StreamProfile;
	records: ReadonlyArray<Record<string, unknown>>;
	columns: Map<string, ColumnFacts>;
	arrays: Map<string, ArrayFacts>;
}

export function typeClassOf(field: FieldProfile): KeyTypeClass {
	if (field.semanticType === 'uuid') return 'uuid';
	if (field.semanticType === 'integer') return 'int';
	return 'str';
}

function isKeyCandidate(field: FieldProfile): boolean {
	if (field.segments.length !== 1) return false;
	if (!KEY_SEMANTICS.has(field.semanticType) && !COMPOSITE_ONLY_SEMANTICS.has(field.semanticType)) return false;
	const t = field.jsonTypes;
	if (t.object || t.array || t.boolean || (t.number && !COMPOSITE_ONLY_SEMANTICS.has(field.semanticType))) return false;
	return (field.length?.max ?? 0) <= MAX_KEY_LENGTH;
}

function isIdArray(field: FieldProfile): boolean {
	return (
		field.segments.length === 2 &&
		field.segments[1] === '[]' &&
		(field.semanticType === 'integer' || field.semanticType === 'identifier' || field.semanticType === 'uuid' || field.semanticType === 'code')
	);
}

export function gatherStreamFacts(profile: StreamProfile, sample: StreamSample | undefined, cap: number): StreamFacts {
	const records = sample?.records ?? [];
	const columns = new Map<string, ColumnFacts>();
	const arrays = new Map<string, ArrayFacts>();
	const topLevel = profile.fields.filter((f) => f.segments.length === 1);
	const candidates = topLevel.filter(isKeyCandidate);
	const idArrays = profile.fields.filter(isIdArray);
	const expected = Math.max(records.length, 1);
	const sets = candidates.map(() => new ValueSet(cap, expected));
	const arraySets = idArrays.map((f) => new ValueSet(cap, Math.max(expected, f.containerCount)));
	const names = candidates.map((f) => f.segments[0]);
	const arrayNames = idArrays.map((f) => f.segments[0]);

	for (const r of records) {
		if (typeof r !== 'object' || r === null) continue;
		for (let i = 0; i < names.length; i++) {
			const k = keyOf(r[names[i]]);
			if (k !== undefined) sets[i].add(k);
		}
		for (let i = 0; i < arrayNames.length; i++) {
			const arr = r[arrayNames[i]];
			if (!Array.isArray(arr)) continue;
			for (const el of arr) {
				const k = keyOf(el);
				if (k !== undefined) arraySets[i].add(k);
			}
		}
	}

	candidates.forEach((field, i) => {
		const values = sets[i];
		columns.set(field.segments[0], {
			stream: profile.name,
			column: field.segments[0],
			index: topLevel.indexOf(field),
			field,
			values,
			typeClass: typeClassOf(field),
			nullFree: records.length > 0 && values.nonNull === profile.recordCount,
			compositeOnly: COMPOSITE_ONLY_SEMANTICS.has(field.semanticType),
			unique: values.nonNull > 0 && values.unique(),
		});
	});
	idArrays.forEach((field, i) => {
		arrays.set(field.segments[0], {
			stream: profile.name,
			column: field.segments[0],
			field,
			values: arraySets[i],
			typeClass: typeClassOf(field),
			rows: field.containerCount,
		});
	});
	return { profile, records, columns, arrays };
}
