// Keys and relationships inferred from the profile plus a focused pass over key-candidate columns.
// `inferKeys` (lib/analysis/keys/index.ts) returns these; `inferDataModel` (lib/analysis/keys/data-model.ts)
// folds them into the DataModel contract (lib/analysis/model.ts).

import type { DatasetProfile } from '../../profile/types';
import type { StreamSample } from '../../sample/types';
import type { DataModel, ModelForeignKey } from '../model';

export interface KeyCandidate {
	columns: string[];
	score: number;
	reasons: string[];
}

export interface PrimaryKeyInference {
	stream: string;
	/** Empty when no key was found (source-defined or inferred). */
	columns: string[];
	source: 'source_defined' | 'inferred' | 'none';
	/** 0..1. 1 for source-defined keys. */
	score: number;
	explanation: string;
	/** Other candidates considered, best first (at most 5). */
	candidates: KeyCandidate[];
}

export interface ForeignKeyEvidence {
	/** Share of the child's distinct non-null values found among the parent key's values (0..1). */
	inclusion: number;
	/** Distinct child values checked. */
	childDistinct: number;
	/** Share of child rows with a non-null value. */
	childCoverage: number;
	/** Share of parent key values referenced by the child (0..1). */
	parentCoverage: number;
	/** 0..1: how well the child column's name points at the parent stream/key. */
	nameScore: number;
	typeCompatible: boolean;
	/** Child values are unique: one-to-one rather than many-to-one. */
	childUnique: boolean;
	/** True when a value set hit its cap and inclusion used the sketch (Bloom filter) instead of exact sets. */
	approximate: boolean;
	/** Set when the parent's sample is partial: the share of its rows present. `inclusion` is then relative to it. */
	parentCompleteness?: number;
}

export interface ForeignKeyInference extends ModelForeignKey {
	kind: 'many_to_one' | 'one_to_one' | 'self';
	evidence: ForeignKeyEvidence;
	explanation: string;
}

/** Many-to-many through a junction stream (PK made of 2+ FKs) or through an array of ids inside records. */
export interface ManyToManyInference {
	via: 'junction' | 'array_of_ids';
	/** The junction stream, or the stream holding the array. */
	stream: string;
	/** Junction: the FK columns; array: the array path (e.g. `tag_ids`). */
	columns: string[];
	left: { stream: string; columns: string[] };
	right: { stream: string; columns: string[] };
	/** Junction columns beyond its key (payload), e.g. quantity. */
	payloadColumns: string[];
	score: number;
	explanation: string;
}

/** A nested array of objects: a child entity stored with its parent (`orders.line_items[]`). */
export interface ChildEntityInference {
	parentStream: string;
	/** Path of the array, e.g. `line_items` or `lines.data`. */
	path: string;
	/** Parent key the child table will reference. */
	parentKey: string[];
	/** Element field that is unique within the sample, if any (e.g. `id`). */
	elementKey: string[];
	/** Element field paths relative to the element (`sku`, `price.amount`). */
	fields: string[];
	elements: number;
}

export interface KeyInference {
	primaryKeys: PrimaryKeyInference[];
	foreignKeys: ForeignKeyInference[];
	manyToMany: ManyToManyInference[];
	childEntities: ChildEntityInference[];
}

export interface KeyOptions {
	/** Exact distinct values kept per candidate column before switching to a Bloom filter. Default 50,000. */
	exactValueCap?: number;
	/** Minimum FK score reported. Default 0.5. */
	minForeignKeyScore?: number;
	/** Largest composite key tried. Default 3. */
	maxCompositeKey?: number;
}

/** lib/analysis/keys/index.ts */
export type InferKeysFn = (profile: DatasetProfile, samples: StreamSample[], options?: KeyOptions) => KeyInference;

/** lib/analysis/keys/data-model.ts (exported from lib/analysis/keys): profile + keys + Postgres column types -> DataModel. */
export type InferDataModelFn = (
	profile: DatasetProfile,
	samples: StreamSample[],
	options?: KeyOptions & { keys?: KeyInference },
) => DataModel;
