// The deterministic profile: what one streaming pass over each stream's sample tells us, per field path.
// JSON-serialisable (no sets, no sketches inside) so nodes can output it and the LLM digest can read it.
// Produced by `profileStreams` (lib/profile/index.ts); consumed by key inference, the DataModel, the business
// analysis, PII classification and the prompt builder.

import type { AirbyteStream, JsonSchemaType } from '../airbyte/protocol';
import type { SampleStatus, StreamSample } from '../sample/types';

/** JSON types as observed in values. `integer` = a number with no fractional part. */
export type ObservedJsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'object' | 'array';

/**
 * What a field's values mean, beyond their JSON type. Decided from value patterns (rule tables in
 * lib/profile/rules/) plus name evidence and the catalog's declared type/format.
 * - integer / decimal / boolean also cover values carried in strings (see FieldProfile.stringEncoded).
 * - timestamp_tz: ISO-8601 with offset or Z; timestamp: without zone; epoch_*: numbers (or numeric strings)
 *   in a plausible epoch range with time-like name evidence.
 * - money: a number whose name says amount/price/total/... (decimal or integer minor units).
 * - identifier: opaque id-like strings (`cus_9s6XKz`, `VINET`), not free text.
 * - code: fixed-shape codes that must stay text even when all digits (postal codes, extensions, leading zeros).
 * - enum: few distinct short values that repeat; text: short free strings; free_text: long prose.
 * - json: objects and arrays (kept whole); empty: never a non-null value seen.
 * - binary: base64/hex-encoded bytes, or empty strings in a column named like binary data (photo, picture).
 */
export type SemanticType =
	| 'integer'
	| 'decimal'
	| 'boolean'
	| 'date'
	| 'timestamp_tz'
	| 'timestamp'
	| 'epoch_seconds'
	| 'epoch_millis'
	| 'time'
	| 'uuid'
	| 'email'
	| 'url'
	| 'phone'
	| 'ip'
	| 'country_code'
	| 'currency_code'
	| 'money'
	| 'identifier'
	| 'code'
	| 'enum'
	| 'text'
	| 'free_text'
	| 'json'
	| 'binary'
	| 'empty';

/** Numeric summary from exact min/max/sum and a KLL quantile sketch (rank error ~1% at k=200). */
export interface NumericStats {
	min: number;
	max: number;
	mean: number;
	/** Population standard deviation (Welford). */
	stddev: number;
	/** Keys: 'p01','p05','p25','p50','p75','p95','p99'. Approximate beyond the sketch's exact capacity. */
	quantiles: Record<string, number>;
	/** True when every numeric value is integral. */
	allIntegers: boolean;
	zeros: number;
	negatives: number;
	/** Max digits after the decimal point seen (capped at 12). */
	maxScale: number;
}

/** Min/max for date-like values, as ISO strings (UTC for zoned/epoch values). */
export interface TemporalStats {
	min: string;
	max: string;
}

/** String length (UTF-16 code units) or array length statistics. */
export interface LengthStats {
	min: number;
	max: number;
	mean: number;
	quantiles: Record<string, number>;
}

export interface TopValue {
	/** The value rendered as a string (strings truncated to 100 chars; numbers/booleans via String()). */
	value: string;
	/** Estimated count (Space-Saving: exact when distinct values <= capacity, else an upper bound). */
	count: number;
}

export interface FieldProfile {
	/** Dotted path; array elements add `[]`: `customer.address.city`, `line_items[].sku`, `tags[]`. */
	path: string;
	/** Path segments, `[]` for an array level. */
	segments: string[];
	/** Top-level property name (segments[0]). */
	column: string;
	/** True when some ancestor is an array (values are per element, not per record). */
	inArray: boolean;
	/** Times the containing object (or array element) was seen: the denominator of presenceRate. */
	containerCount: number;
	/** Times the key was present (including explicit null). */
	present: number;
	/** Times the value was null (explicit null). */
	nulls: number;
	/** present / containerCount. */
	presenceRate: number;
	/** (nulls + missing) / containerCount: share of containers without a usable value. */
	nullRate: number;
	/** Non-null values seen. */
	nonNull: number;
	/** Counts of observed JSON types (non-null values plus 'null'). */
	jsonTypes: Partial<Record<ObservedJsonType, number>>;
	/** The catalog's declared schema for this path, when it has one. */
	declared?: { type?: JsonSchemaType[]; format?: string; airbyteType?: string };
	semanticType: SemanticType;
	/** Share of classified non-null values that support semanticType (0..1). */
	semanticConfidence: number;
	/** Rule hits over the classified values, e.g. { date: 120, text: 3 } (diagnostic, for the LLM digest). */
	semanticVotes: Record<string, number>;
	/** Empty strings seen (counted as present, not null, and left out of the value statistics). */
	emptyStrings?: number;
	/** Values carried in strings that parse as numbers/booleans (HubSpot-style). */
	stringEncoded?: { integer: number; decimal: number; boolean: number; leadingZeros: number };
	/** HyperLogLog estimate (exact when small: see distinctExact). */
	distinct: number;
	/** True when `distinct` is an exact count (few values). */
	distinctExact: boolean;
	/** distinct / nonNull (0..1). */
	uniqueness: number;
	numeric?: NumericStats;
	temporal?: TemporalStats;
	/** For string values. */
	length?: LengthStats;
	/** For arrays: element counts. */
	arrayLength?: LengthStats;
	/** Most frequent values, highest first (ties by value). Absent for json fields. */
	topK: TopValue[];
	/** Enum values when semanticType is 'enum' (sorted). */
	enumValues?: string[];
}

export interface StreamProfile {
	name: string;
	namespace?: string | null;
	status: SampleStatus;
	/** Records profiled. */
	recordCount: number;
	/** Source-reported total, when the sampler knew it. */
	totalRecords?: number;
	/** Catalog facts carried through. */
	sourceDefinedPrimaryKey?: string[][];
	defaultCursorField?: string[];
	supportedSyncModes: string[];
	/** Fields in a stable order: catalog property order first, then first-seen order; nested after parents. */
	fields: FieldProfile[];
	/** Records whose top-level value was not an object (skipped). */
	malformedRecords: number;
}

export interface DatasetProfile {
	/** Bumped when the shape or the rules change meaningfully. */
	profileVersion: 1;
	streams: StreamProfile[];
	options: Required<ProfileOptions>;
}

export interface ProfileOptions {
	/** Deepest nesting profiled; deeper values count as `json`. Default 6. */
	maxDepth?: number;
	/** Most distinct field paths per stream; extra paths are folded into their parent as json. Default 2000. */
	maxFieldsPerStream?: number;
	/** Top-k capacity (Space-Saving counters per field). Default 64; 10 reported. */
	topKCapacity?: number;
	topKReported?: number;
	/** KLL sketch parameter k. Default 200. */
	quantileK?: number;
	/** HyperLogLog precision p (2^p registers). Default 12 (~1.6% error, 4 KB per field). */
	hllPrecision?: number;
	/** Values classified by the pattern rules per field in full, then 1 in `classifyStride`. Default 2048 / 16. */
	classifyFirst?: number;
	classifyStride?: number;
	/** A string field with at most this many distinct values, each repeated, is an enum. Default 24. */
	enumMaxDistinct?: number;
	/** Distinct values counted exactly per field before switching to HyperLogLog + Misra-Gries. Default 1024. */
	exactDistinctCap?: number;
}

// ---- Function signatures exported by lib/profile and lib/analysis/keys ------------------------------------

/** lib/profile/index.ts: profile every stream, one streaming pass each, deterministic. */
export type ProfileStreamsFn = (samples: StreamSample[], options?: ProfileOptions) => DatasetProfile;

/** lib/profile/index.ts: incremental form for very large inputs (feed records one by one). */
export interface StreamProfiler {
	add(record: unknown): void;
	finish(): StreamProfile;
}
export type CreateStreamProfilerFn = (
	stream: AirbyteStream,
	options?: ProfileOptions,
	meta?: { status?: SampleStatus; totalRecords?: number },
) => StreamProfiler;

/** lib/profile/pg-types.ts: the Postgres type the schema will use for one field. */
export type PgTypeForFieldFn = (field: FieldProfile) => string;
