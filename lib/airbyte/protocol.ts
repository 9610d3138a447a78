// Airbyte protocol shapes (airbyte_protocol_v0.yaml): what sources emit and what discover returns.
// Every stage that reads a catalog uses these, whether it came from discover, a file or a dataset folder.

export type JsonSchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface JsonSchema {
	type?: JsonSchemaType | JsonSchemaType[];
	format?: string;
	airbyte_type?: string;
	properties?: Record<string, JsonSchema>;
	items?: JsonSchema | JsonSchema[];
	oneOf?: JsonSchema[];
	anyOf?: JsonSchema[];
	allOf?: JsonSchema[];
	enum?: unknown[];
	$ref?: string;
	description?: string;
	additionalProperties?: boolean | JsonSchema;
	[key: string]: unknown;
}

export type SyncMode = 'full_refresh' | 'incremental';
export type DestinationSyncMode = 'append' | 'overwrite' | 'append_dedup' | 'update' | 'soft_delete';

export interface AirbyteStream {
	name: string;
	json_schema: JsonSchema;
	supported_sync_modes: SyncMode[];
	source_defined_cursor?: boolean;
	default_cursor_field?: string[];
	source_defined_primary_key?: string[][];
	namespace?: string | null;
	is_resumable?: boolean;
	is_file_based?: boolean;
}

export interface AirbyteCatalog {
	streams: AirbyteStream[];
}

export interface ConfiguredAirbyteStream {
	stream: AirbyteStream;
	sync_mode: SyncMode;
	destination_sync_mode: DestinationSyncMode;
	cursor_field?: string[];
	primary_key?: string[][];
	generation_id?: number;
	minimum_generation_id?: number;
	sync_id?: number;
}

export interface ConfiguredAirbyteCatalog {
	streams: ConfiguredAirbyteStream[];
}

export interface AirbyteRecordMessage {
	stream: string;
	namespace?: string;
	data: Record<string, unknown>;
	emitted_at: number;
}
