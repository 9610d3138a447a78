// Shapes of the two internal Config API calls the public API lacks (airbyte-platform config.yaml):
// POST /api/v1/sources/discover_schema and POST /api/v1/connections/sync_progress.
import type { JsonSchema } from './protocol';

export interface DiscoverSchemaRequest {
	sourceId: string;
	disable_cache?: boolean;
	connectionId?: string;
}

export interface ConfigApiStream {
	name: string;
	jsonSchema?: JsonSchema;
	supportedSyncModes?: Array<'full_refresh' | 'incremental'>;
	sourceDefinedCursor?: boolean;
	defaultCursorField?: string[];
	sourceDefinedPrimaryKey?: string[][];
	namespace?: string | null;
	isResumable?: boolean;
	isFileBased?: boolean;
}

export interface ConfigApiStreamConfig {
	syncMode?: string;
	cursorField?: string[];
	destinationSyncMode?: string;
	primaryKey?: string[][];
	aliasName?: string;
	selected?: boolean;
	suggested?: boolean;
	fieldSelectionEnabled?: boolean;
	selectedFields?: Array<{ fieldPath: string[] }>;
	[key: string]: unknown;
}

export interface ConfigApiCatalog {
	streams: Array<{ stream: ConfigApiStream; config?: ConfigApiStreamConfig }>;
}

export interface SynchronousJobRead {
	id?: string;
	configType?: string;
	succeeded: boolean;
	createdAt?: number;
	endedAt?: number;
	failureReason?: { failureOrigin?: string; externalMessage?: string; internalMessage?: string } | null;
	logs?: unknown;
	[key: string]: unknown;
}

export interface SourceDiscoverSchemaRead {
	/** Absent when discover failed: read jobInfo for the reason. */
	catalog?: ConfigApiCatalog;
	jobInfo: SynchronousJobRead;
	catalogId?: string;
	catalogDiff?: unknown;
	breakingChange?: boolean;
}

export interface StreamSyncProgress {
	streamName: string;
	streamNamespace?: string | null;
	recordsEmitted?: number;
	recordsCommitted?: number;
	bytesEmitted?: number;
	bytesCommitted?: number;
	configType?: string;
}

export interface ConnectionSyncProgressRead {
	connectionId?: string;
	jobId?: number | null;
	syncStartedAt?: number | null;
	recordsEmitted?: number | null;
	recordsCommitted?: number | null;
	bytesEmitted?: number | null;
	bytesCommitted?: number | null;
	configType?: string;
	streams: StreamSyncProgress[];
}
