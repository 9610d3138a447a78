// What the Workflow Suggester and Dashboard Builder read from the earlier stages. Each interface names only
// the fields we use, so the analyzer's, profiler's and schema designer's richer outputs satisfy them
// structurally; `normalise.ts` turns loosely shaped JSON (node input) into these.
import type { DataModel } from '../analysis/model';

export type Aggregation = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'count_distinct';
export type TimeGrain = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

export interface KpiFilter {
	column: string;
	op: '=' | '!=' | '>' | '>=' | '<' | '<=' | 'is_null' | 'is_not_null' | 'in' | 'not_in';
	value?: string | number | boolean | Array<string | number>;
}

/** A KPI as a definition over real columns. */
export interface KpiInput {
	id: string;
	name: string;
	description?: string;
	stream: string;
	/** Column aggregated; absent for a row count. */
	measure?: string;
	/** Two columns whose product is aggregated (unit price × quantity); takes precedence over measure. */
	measureProduct?: [string, string];
	aggregation: Aggregation;
	timeColumn?: string;
	grain?: TimeGrain;
	filters?: KpiFilter[];
	/** Display unit, e.g. 'USD', '%', 'orders'. */
	unit?: string;
}

export type QualityKind =
	| 'duplicate_keys'
	| 'unexpected_nulls'
	| 'orphaned_references'
	| 'stale_data'
	| 'mixed_types'
	| 'numbers_as_strings'
	| 'skew'
	| 'other';

export interface QualityIssueInput {
	kind: QualityKind;
	stream: string;
	columns: string[];
	/** Human-readable evidence, e.g. "12 of 2,155 rows (0.6 %) have no ship_region". */
	evidence: string;
	severity: 'info' | 'warning' | 'error';
	/** Observed rate (0..1) when the issue is a rate, e.g. the null rate. */
	rate?: number;
	/** Referenced stream for orphaned references. */
	toStream?: string;
	toColumns?: string[];
}

export interface StreamSyncInput {
	stream: string;
	syncMode?: string;
	cursorField?: string[];
	primaryKey?: string[];
}

export interface SyncPlanInput {
	/** Quartz cron expression (Airbyte's format) of the recommended schedule, or absent for manual. */
	cron?: string;
	/** Hours between syncs, derived from the cron when absent. */
	intervalHours?: number;
	streams: StreamSyncInput[];
	connectionId?: string;
}

export interface AnalysisInput {
	businessType?: string;
	kpis: KpiInput[];
	qualityIssues: QualityIssueInput[];
	sync?: SyncPlanInput;
}

/** Per-column statistics from the profile. Quantile keys are probabilities as strings: '0.5', '0.95', '0.99'. */
export interface ColumnStatsInput {
	stream: string;
	column: string;
	count?: number;
	nullRate?: number;
	distinct?: number;
	min?: number | string;
	max?: number | string;
	quantiles?: Record<string, number>;
	topValues?: Array<{ value: string; count: number }>;
}

export interface ProfileInput {
	columns: ColumnStatsInput[];
}

/** How a stream landed in the modelled schema. */
export interface TableInput {
	stream: string;
	table: string;
	/** Source column name → modelled column name, where they differ. */
	columns?: Record<string, string>;
}

export interface SchemaPlanInput {
	/** Postgres schema holding the modelled tables. */
	schema: string;
	tables: TableInput[];
	/** SQL that upserts modelled tables from Airbyte's raw tables (the Schema Designer's Transform SQL). */
	transformSql?: string;
	erDiagram?: { mermaid?: string; svg?: string };
}

/** One Airbyte job of the production connection. */
export interface JobInput {
	jobId: string | number;
	status: 'succeeded' | 'failed' | 'cancelled' | 'running' | 'pending' | 'incomplete';
	startTime?: string;
	durationSeconds?: number;
	rowsSynced?: number;
	bytesSynced?: number;
}

export interface SuggestInput {
	model: DataModel;
	analysis?: Partial<AnalysisInput>;
	profile?: ProfileInput;
	schemaPlan?: SchemaPlanInput;
	jobs?: JobInput[];
}
