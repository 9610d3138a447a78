// The Config API returns catalogs in camelCase ({stream: {name, jsonSchema, ...}, config}); every later
// stage reads the Airbyte protocol shape (json_schema, supported_sync_modes, ...). This converts.
import type { ConfigApiCatalog } from './config-api';
import type { AirbyteCatalog, AirbyteStream } from './protocol';

export function configCatalogToProtocol(catalog: ConfigApiCatalog): AirbyteCatalog {
	const streams: AirbyteStream[] = (catalog.streams ?? []).map(({ stream }) => {
		const out: AirbyteStream = {
			name: stream.name,
			json_schema: stream.jsonSchema ?? {},
			supported_sync_modes: stream.supportedSyncModes?.length ? stream.supportedSyncModes : ['full_refresh'],
		};
		if (stream.sourceDefinedCursor !== undefined) out.source_defined_cursor = stream.sourceDefinedCursor;
		if (stream.defaultCursorField?.length) out.default_cursor_field = stream.defaultCursorField;
		if (stream.sourceDefinedPrimaryKey?.length) out.source_defined_primary_key = stream.sourceDefinedPrimaryKey;
		if (stream.namespace) out.namespace = stream.namespace;
		if (stream.isResumable !== undefined) out.is_resumable = stream.isResumable;
		if (stream.isFileBased !== undefined) out.is_file_based = stream.isFileBased;
		return out;
	});
	return { streams };
}
