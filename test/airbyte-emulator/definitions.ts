// Connector definitions the emulator knows. faker and destination-postgres use Airbyte's real ids
// (NameToDefinitionMapper.kt); `file` is the emulator's own JSONL-folder source.
export const DEFINITION_IDS = {
	faker: 'dfd88b22-b603-4c3d-aad7-3701784586b1',
	file: 'e3f1e0a1-5b8e-4c7a-9a51-6d2a0f1e1f11',
	postgres: '25c5221d-dce2-4163-ade9-739ef790f503',
} as const;
