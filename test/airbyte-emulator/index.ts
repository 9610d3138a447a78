// Airbyte emulator: a spec-validated test double of Airbyte's public API (+ two Config API calls), real
// Airbyte-protocol source programs, and a destination-postgres 3.x (direct load) writer. Never shipped.
export { startEmulator } from './emulator';
export { loadStreamsLikeAirbyte } from './destination/writer';
export { toPostgresCompatibleName, javaStringHashCode, tempTableName } from './destination/naming';
export { airbyteTypeOf, postgresTypeOf } from './destination/types';
export { expectNoSpecViolations } from './jest-helpers';
export { DEFINITION_IDS } from './definitions';
export type * from './types';
