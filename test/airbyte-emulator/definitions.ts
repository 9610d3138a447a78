// Connector definitions the emulator knows. faker and destination-postgres use Airbyte's real ids
// (NameToDefinitionMapper.kt); `file` is the emulator's own JSONL-folder source.
import { join } from 'node:path';

export const DEFINITION_IDS = {
	faker: 'dfd88b22-b603-4c3d-aad7-3701784586b1',
	file: 'e3f1e0a1-5b8e-4c7a-9a51-6d2a0f1e1f11',
	postgres: '25c5221d-dce2-4163-ade9-739ef790f503',
} as const;

export interface ConnectorDefinition {
	id: string;
	name: string;
	kind: 'source' | 'destination';
	/** `sourceType` / `destinationType` name that resolves to this definition. */
	type: string;
	version: string;
	/** Source program (Airbyte protocol CLI), sources only. */
	program?: string;
	/** Component name in api_sdk.yaml whose schema the configuration must satisfy. */
	sdkSchema?: string;
	/** Configuration fields Airbyte masks in responses (airbyte_secret). */
	secrets?: string[];
	documentationUrl: string;
	/** Icon URL (optional in the API; empty here). */
	icon?: string;
}

const SOURCES_DIR = join(__dirname, 'sources');

export const DEFINITIONS: ConnectorDefinition[] = [
	{
		id: DEFINITION_IDS.faker,
		name: 'Sample Data (Faker)',
		kind: 'source',
		type: 'faker',
		version: '6.2.0',
		program: join(SOURCES_DIR, 'faker-source.mjs'),
		sdkSchema: 'source-faker',
		documentationUrl: 'https://docs.airbyte.com/integrations/sources/faker',
	},
	{
		id: DEFINITION_IDS.file,
		name: 'File (JSONL folder, emulator)',
		kind: 'source',
		type: 'file',
		version: '0.1.0',
		program: join(SOURCES_DIR, 'file-source.mjs'),
		documentationUrl: 'https://docs.airbyte.com/integrations/sources/file',
	},
	{
		id: DEFINITION_IDS.postgres,
		name: 'Postgres',
		kind: 'destination',
		type: 'postgres',
		version: '3.0.10',
		sdkSchema: 'destination-postgres',
		secrets: ['password', 'ssh_key', 'tunnel_user_password', 'ca_certificate', 'client_key', 'client_key_password', 'client_certificate'],
		documentationUrl: 'https://docs.airbyte.com/integrations/destinations/postgres',
	},
];

export function definitionById(id: string): ConnectorDefinition | undefined {
	return DEFINITIONS.find((d) => d.id === id);
}

export function definitionByType(kind: 'source' | 'destination', type: string): ConnectorDefinition | undefined {
	return DEFINITIONS.find((d) => d.kind === kind && d.type === type);
}
