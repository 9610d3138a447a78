// Keys and relationships (lib/analysis/keys): public entry.

export type * from './types';
export { DEFAULT_KEY_OPTIONS, inferKeys } from './infer-keys';
export { inferDataModel } from './data-model';
export { nameEvidence, primaryKeyNameScore, singular } from './names';
