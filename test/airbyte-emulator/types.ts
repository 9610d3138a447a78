// Public types of the Airbyte emulator (a test double; never shipped).
import type { AirbyteStream } from '../../lib/airbyte/protocol';

/** A request fault: matching requests fail or stall instead of being served. */
export interface RequestFault {
	/** HTTP method to match (any when omitted). */
	method?: string;
	/** Path after the API prefix (`/jobs`, `/connections/<id>`, `/sources/discover_schema`): exact string or RegExp. */
	path?: string | RegExp;
	/**
	 * - `status`: answer `status` (default 500) with Airbyte's problem body.
	 * - `rate-limit`: 429 `{"message":"You are being rate limited."}` without Retry-After (PublicApiLoadShedFilter).
	 * - `timeout`: never answer; the socket is held until the client gives up (or `delayMs`, then destroyed).
	 * - `delay`: serve normally after `delayMs`.
	 */
	kind: 'status' | 'rate-limit' | 'timeout' | 'delay';
	status?: number;
	delayMs?: number;
	/** How many matching requests this fault applies to (default: all). */
	times?: number;
}

/** A job fault: the next matching sync fails after the source emitted `afterRecords` records. */
export interface JobFault {
	connectionId?: string;
	afterRecords: number;
	message?: string;
	/** How many jobs this fault applies to (default: 1). */
	times?: number;
}

export interface EmulatorFaults {
	requests?: RequestFault[];
	jobs?: JobFault[];
	/** Time a sync spends "starting pods" (status running, no data moving). Overrides the start option. */
	startupDelayMs?: number;
}

export interface EmulatorSeedOptions {
	/** Seed a faker source (default `{count: 100, seed: 42}`); `false` for none. */
	faker?: { count?: number; seed?: number } | false;
	/** Seed one `file` source per entry (name -> dataset folder). Default: every folder of `../shared/datasets`. */
	datasets?: Record<string, string> | false;
}

/**
 * - `enabled` (default): /tags served, connections carry tags, listConnections filters by `tagIds`.
 * - `absent`: an Airbyte without tags (older OSS): /tags answers 404, `tags` in connection create/patch and
 *   the `tagIds` filter are ignored, connections answer `tags: []`.
 * - `forbidden`: /tags answers 403 (a caller without access to tags); connections behave as `enabled`.
 */
export type TagsApiMode = 'enabled' | 'absent' | 'forbidden';

export interface EmulatorOptions {
	/** Postgres that the seeded destination writes to (host/port/db/user/password are taken from it). */
	databaseUrl: string;
	/** Port to listen on (default 0 = a free port). */
	port?: number;
	host?: string;
	/** `expires_in` of issued tokens (default 900 s, Airbyte's server default). */
	tokenExpiresInSeconds?: number;
	clientId?: string;
	clientSecret?: string;
	/** Sync start-up time before data moves (default 0; the `realistic` CLI profile uses 30 000). */
	startupDelayMs?: number;
	faults?: EmulatorFaults;
	seed?: EmulatorSeedOptions;
	/** destination-postgres flush trigger, rows per stream aggregate (default 100 000). */
	flushMaxRecords?: number;
	/** destination-postgres flush trigger, estimated bytes per stream aggregate (default 50 MB). */
	flushMaxBytes?: number;
	/** Directory with api.yaml, api_sdk.yaml, api-problems.yaml, airbyte_protocol_v0.yaml (default ../shared/reference/airbyte). */
	referenceDir?: string;
	/** Log sink (default: silent). */
	log?: (line: string) => void;
	/** Tag support of the emulated server (default `enabled`). */
	tagsApi?: TagsApiMode;
}

/** A request that did not match api.yaml (the emulator answered with a problem response). */
export interface SpecViolation {
	method: string;
	path: string;
	message: string;
	errors: unknown[];
	at: string;
}

export interface SeededIds {
	workspaceId: string;
	/** `faker` plus one entry per seeded dataset (`chinook`, `northwind`, ...). */
	sources: Record<string, string>;
	/** `postgres`: destination-postgres on `databaseUrl`, schema `public`. */
	destinations: { postgres: string } & Record<string, string>;
}

export interface EmulatorHandle extends SeededIds {
	/** `http://127.0.0.1:<port>` */
	url: string;
	/** `<url>/api/public/v1` (self-hosted style) */
	publicApiBaseUrl: string;
	/** `<url>/v1` (Cloud style, like https://api.airbyte.com/v1) */
	cloudStyleBaseUrl: string;
	/** `<url>/api/v1` (Config API root) */
	configApiBaseUrl: string;
	clientId: string;
	clientSecret: string;
	databaseUrl: string;
	/** Definition ids the emulator knows: `faker`, `file` (sources), `postgres` (destination). */
	definitionIds: { faker: string; file: string; postgres: string };
	/** A fresh valid access token (same as POST /applications/token). */
	issueToken(expiresInSeconds?: number): string;
	/** Make every token issued so far invalid (simulates expiry). */
	expireAllTokens(): void;
	setTokenExpiresInSeconds(seconds: number): void;
	/** Requests that failed validation against api.yaml since start (or the last clearViolations()). */
	violations(): SpecViolation[];
	clearViolations(): void;
	/** Replace the active faults. */
	setFaults(faults: EmulatorFaults): void;
	/** Switch the tag support of the emulated server at runtime (see EmulatorOptions.tagsApi). */
	setTagsApi(mode: TagsApiMode): void;
	/** Resolves with the job's final JobResponse (test convenience; clients should poll GET /jobs/{id}). */
	waitForJob(jobId: number, timeoutMs?: number): Promise<Record<string, unknown>>;
	/** What is still alive (for leak tests): source processes, emulator timers, open sockets. */
	activeResources(): { processes: number; timers: number; sockets: number };
	/** Cancels running jobs, kills source processes, closes sockets and Postgres pools, clears every timer. */
	stop(): Promise<void>;
}

/** Standalone destination-postgres 3.x writer input. */
export interface LoadStreamInput {
	stream: AirbyteStream;
	records: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>;
	/** `append` (default) writes into the final table; `overwrite` goes through a temp table swapped in at the end. */
	destinationSyncMode?: 'append' | 'overwrite' | 'append_dedup';
}

export interface LoadStreamsOptions {
	/** Target schema (the stream namespace after namespaceDefinition, or the destination's `schema`). */
	namespace: string;
	streams: LoadStreamInput[];
	/** Connection prefix prepended to table names. */
	prefix?: string;
	/** Internal schema for temp tables (default `airbyte_internal`). */
	internalSchema?: string;
	generationId?: number;
	syncId?: number;
	/** `_airbyte_extracted_at` (default now). */
	extractedAt?: Date;
	flushMaxRecords?: number;
	flushMaxBytes?: number;
}

export interface LoadedColumn {
	/** Property name in the record. */
	sourceName: string;
	/** Normalised Postgres column name. */
	name: string;
	/** Postgres type as created (`bigint`, `varchar`, `jsonb`, ...). */
	pgType: string;
}

export interface LoadedTable {
	stream: string;
	namespace: string;
	table: string;
	columns: LoadedColumn[];
	rowsWritten: number;
}

export interface LoadStreamsResult {
	tables: LoadedTable[];
}
