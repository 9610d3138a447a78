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
