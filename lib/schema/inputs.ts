// What planning takes: the analyzer's DataModel, the Airbyte catalog, optional analysis extras, options.
import type { AirbyteCatalog, AirbyteStream, DestinationSyncMode, SyncMode } from '../airbyte/protocol';
import type { DataModel } from '../analysis/model';

/** A KPI from the analysis; rendered as one view. Columns are source property names. */
export interface SchemaKpi {
	name: string;
	description?: string;
	stream: string;
	aggregation: 'count' | 'sum' | 'avg' | 'min' | 'max' | 'count_distinct';
	column?: string;
	/** Aggregate the product of these two columns instead of one column. */
	productColumns?: [string, string];
	timeColumn?: string;
	/** The time column belongs to this parent stream, joined on `stream.fromColumns = timeJoin.stream.toColumns`. */
	timeJoin?: { stream: string; fromColumns: string[]; toColumns: string[] };
	grain?: 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';
	unit?: string;
	groupBy?: string[];
	filters?: Array<{
		column: string;
		op: '=' | '!=' | '>' | '>=' | '<' | '<=' | 'in' | 'not_in' | 'is_null' | 'not_null';
		value?: string | number | boolean | Array<string | number | boolean>;
	}>;
}

/** Optional analysis output the plan uses when present. */
export interface SchemaAnalysisExtras {
	kpis?: SchemaKpi[];
	/** Descriptions keyed by stream name, and by stream then property name. */
	descriptions?: { streams?: Record<string, string>; columns?: Record<string, Record<string, string>> };
	syncModes?: Record<string, { syncMode?: SyncMode; destinationSyncMode?: DestinationSyncMode; cursorField?: string[] }>;
}

export interface SchemaPlanOptions {
	/** Modelled schema; default derived from tenantId. */
	schema?: string;
	/** Airbyte namespace for the tenant's raw tables; default `<schema>_raw`. */
	rawNamespace?: string;
	tenantId?: string;
	/** Stream prefix set on the Airbyte connection (prepended to raw table names). */
	streamPrefix?: string;
	/** Minimum FK score to enforce a relationship as a constraint (default 0.7). */
	minForeignKeyScore?: number;
	/** NOT NULL on non-key columns the profile saw always filled (default false: keys only). */
	strictNullability?: boolean;
	/** Max enum values for a CHECK constraint (default 50). */
	maxEnumValues?: number;
}

export interface SchemaPlanInput {
	model: DataModel;
	catalog?: AirbyteCatalog | { streams: Array<AirbyteStream | { stream: AirbyteStream }> };
	extras?: SchemaAnalysisExtras;
	options?: SchemaPlanOptions;
}

/** Error for input a plan cannot be built from; `description` says what to fix. */
export class SchemaPlanError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'SchemaPlanError';
	}
}
