import type { AirbyteStream } from '../airbyte/protocol';

/** How much of a stream a sample holds. */
export type SampleStatus = 'complete' | 'partial' | 'schema_only';

/**
 * One stream's sample: the contract between the sampler (Airbyte Sample node, Finish Sample) and the
 * analyzer. A dataset folder (`airbyte_catalog.json` + `<stream>.jsonl`) maps to the same shape.
 */
export interface StreamSample {
	stream: AirbyteStream;
	/** The source's original records (no `_airbyte_*` columns). Empty when status is schema_only. */
	records: Record<string, unknown>[];
	status: SampleStatus;
	/** Rows the source had committed when the sample was taken, when known (may exceed records.length). */
	totalRecords?: number;
	runId?: string;
}

// ---- The sample run: plan, progress, stop decision and the per-stream ticket (added for the sampler) ----

/** The Airbyte sync modes a temporary sample connection uses: append writes straight into the final table. */
export type SampleSyncMode = 'full_refresh_append' | 'incremental_append';

/** Bounds the user sets on one sample (all enforced, none optional at run time). */
export interface SampleLimits {
	/** Rows to read per stream (also the stop rule's committed-rows threshold). */
	sampleSize: number;
	/** Streams one temporary connection selects. */
	maxStreams: number;
	/** A record whose JSON text exceeds this many bytes is left out of the sample and counted. */
	maxRecordBytes: number;
	/** The JSON text of one stream's sample is cut once it would exceed this many bytes. */
	maxSampleBytes: number;
}

export interface PlannedStream {
	stream: AirbyteStream;
	syncMode: SampleSyncMode;
	/** Set only when the source does not define the cursor itself (incremental_append needs one). */
	cursorField?: string[];
	/** Final table name in the sample namespace, after destination-postgres normalisation. */
	table: string;
}

export interface SkippedStream {
	name: string;
	reason: string;
}

export interface SamplePlan {
	runId: string;
	namespace: string;
	connectionName: string;
	streams: PlannedStream[];
	skipped: SkippedStream[];
	warnings: string[];
}

/** Per-stream progress from Config API sync_progress (or the job, when that is all there is). */
export interface StreamProgress {
	name: string;
	namespace?: string | null;
	recordsEmitted?: number;
	recordsCommitted: number;
	/** An explicit end-of-stream signal, when the progress source has one. */
	finished?: boolean;
}

export interface SampleProgress {
	jobStatus: string;
	/** False when per-stream progress could not be read (Config API unreachable): only the job status counts. */
	perStreamAvailable: boolean;
	streams: StreamProgress[];
	rowsSynced?: number;
}

export type StopAction = 'wait' | 'cancel' | 'done';
export type StopReason = 'job_succeeded' | 'job_failed' | 'job_cancelled' | 'enough_rows' | 'budget_expired' | 'running';

export interface StreamStopState {
	name: string;
	recordsCommitted: number;
	finished: boolean;
	/** Finished, or at least sampleSize rows committed (visible in the destination). */
	satisfied: boolean;
}

export interface StopDecision {
	action: StopAction;
	reason: StopReason;
	streams: StreamStopState[];
}

/**
 * What a readSql row carries back to Finish Sample (base64 JSON in the `sample_ticket` column), so the
 * Postgres node's output alone is enough to assemble the sample: no node references needed in the workflow.
 */
export interface SampleTicket {
	v: 1;
	runId: string;
	connectionId: string;
	jobId?: number;
	namespace: string;
	table: string;
	sampleSize: number;
	finished: boolean;
	recordsCommitted?: number;
	stream: AirbyteStream;
}

/** One row the Postgres node returns for a readSql. */
export interface SampleReadRow {
	sample_ticket: string;
	table_found: boolean;
	total_rows: number | string;
	records: unknown;
	oversized_records: number | string;
	truncated_by_size: boolean;
}
