// inferKeys: keys and relationships for a dataset: primary keys, foreign keys, many-to-many (junctions and arrays of
// ids) and child entities, from the profile plus one focused pass over key-candidate columns.

import type { DatasetProfile } from '../../profile/types';
import type { StreamSample } from '../../sample/types';
import { gatherStreamFacts } from './facts';
import { inferCompositeForeignKeys } from './composite-foreign-keys';
import { inferForeignKeys, keyTargets } from './foreign-keys';
import { inferPrimaryKey } from './primary-key';
import { inferChildEntities, inferIdArrays, inferJunctions } from './structures';
import type { KeyInference, KeyOptions, PrimaryKeyInference } from './types';

export const DEFAULT_KEY_OPTIONS: Required<KeyOptions> = {
	exactValueCap: 20_000,
	minForeignKeyScore: 0.5,
	maxCompositeKey: 3,
};

export function inferKeys(profile: DatasetProfile, samples: StreamSample[], options: KeyOptions = {}): KeyInference {
	const opts = { ...DEFAULT_KEY_OPTIONS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
	const byName = new Map(samples.map((s) => [s.stream.name, s]));
	const facts = profile.streams.map((p) => gatherStreamFacts(p, byName.get(p.name), opts.exactValueCap));
	const names = profile.streams.map((p) => p.name);
	const pks = new Map<string, PrimaryKeyInference>();
	for (const f of facts) pks.set(f.profile.name, inferPrimaryKey(f, names, opts.maxCompositeKey));
	const foreignKeys = [
		...inferForeignKeys(facts, pks, opts.minForeignKeyScore),
		...inferCompositeForeignKeys(facts, pks, opts.exactValueCap, opts.minForeignKeyScore),
	];
	const junctions = inferJunctions(pks, foreignKeys, profile.streams);
	const idArrays = inferIdArrays(facts, keyTargets(facts, pks), pks, opts.minForeignKeyScore);
	return {
		primaryKeys: profile.streams.map((p) => pks.get(p.name)!),
		foreignKeys,
		manyToMany: [...junctions, ...idArrays],
		childEntities: inferChildEntities(profile.streams, pks),
	};
}
