// The business analysis: what the data says about the business behind it. Built deterministically from the
// profile and the verified DataModel; an LLM may refine wording and add KPIs, always re-validated.

export type Provenance = 'rules' | 'llm';

export interface BusinessTypeInference {
	/** Vocabulary id, e.g. `ecommerce_retail`, `b2b_wholesale`, `saas_subscription`. */
	type: string;
	/** Human label, e.g. `E-commerce / digital media retail`. */
	label: string;
	/** Domain qualifier (what is sold or handled), when the names say so, e.g. `digital media`. */
	domain?: string;
	/** 0..1. */
	confidence: number;
	evidence: string[];
	/** Other types with support in the data, best first. */
	alternatives: Array<{ type: string; label: string; score: number }>;
	source: Provenance;
}

export interface BusinessModelDescription {
	/** e.g. `B2C`, `B2B`, `subscription`, `marketplace`, `internal`. */
	kind: string;
	/** One or two sentences. */
	description: string;
	/** How the business earns money, in terms of the data (e.g. `invoice.total`). */
	revenueSources: Array<{ stream: string; column: string | null; description: string }>;
	source: Provenance;
}

/** Roles of a stream in an analytical model (like Metabase's entity types plus fact/dimension). */
export type EntityRole = 'fact' | 'dimension' | 'junction' | 'event' | 'reference';

export interface BusinessEntity {
	stream: string;
	/** Vocabulary entity type, e.g. `customer`, `order`, `order_line`, `product`, `category`, `generic`. */
	entityType: string;
	/** Business words, singular, e.g. `invoice line`. */
	label: string;
	description: string;
	role: EntityRole;
	rows: number;
	primaryKey: string[];
	/** Column telling when a row happened or was created. */
	timeColumn: string | null;
	/** Numeric columns worth summing or averaging. */
	measures: string[];
	/** Low-cardinality columns worth grouping by. */
	dimensions: string[];
	/** Column holding the row's display name, if any. */
	nameColumn: string | null;
	containsPii: boolean;
	source: Provenance;
}

export interface BusinessRelationship {
	fromStream: string;
	fromColumns: string[];
	toStream: string;
	toColumns: string[];
	cardinality: 'many_to_one' | 'one_to_one' | 'many_to_many' | 'self' | 'parent_child';
	/** Role of the parent seen from the child, from the column name (`support rep` for `support_rep_id`). */
	role: string;
	/** Business words: `Each invoice belongs to one customer; a customer has many invoices.` */
	description: string;
	score: number;
	source: Provenance;
}

export type KpiAggregation = 'count' | 'count_distinct' | 'sum' | 'avg' | 'min' | 'max';
export type KpiGrain = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

export interface KpiFilter {
	column: string;
	op: '=' | '!=' | 'in' | 'not_in' | '>' | '>=' | '<' | '<=' | 'is_null' | 'is_not_null';
	value?: string | number | boolean | Array<string | number | boolean>;
}

export interface KpiDefinition {
	id: string;
	name: string;
	description: string;
	stream: string;
	/**
	 * What is aggregated: whole rows, one column, or the product of two columns (unit price x quantity).
	 * Columns are top-level column names of `stream`.
	 */
	measure: { kind: 'rows' } | { kind: 'column'; column: string } | { kind: 'product'; columns: [string, string] };
	aggregation: KpiAggregation;
	timeColumn: string | null;
	/**
	 * Set when `timeColumn` belongs to a parent stream reached through a verified foreign key (order lines
	 * dated by their order): join `stream.fromColumns = timeJoin.stream.toColumns`.
	 */
	timeJoin?: { stream: string; fromColumns: string[]; toColumns: string[] };
	grain: KpiGrain | null;
	filters: KpiFilter[];
	unit: 'count' | 'currency' | 'currency_minor' | 'number' | 'percent';
	/** Column holding the currency code, when amounts come in several currencies. */
	currencyColumn?: string;
	/** Why this KPI applies, from the data. */
	evidence: string;
	source: Provenance;
}

export type DataQualityKind =
	| 'duplicate_key'
	| 'unexpected_nulls'
	| 'mixed_types'
	| 'numbers_as_strings'
	| 'orphaned_reference'
	| 'stale_data'
	| 'skew'
	| 'empty_column'
	| 'constant_column';

export interface DataQualityIssue {
	kind: DataQualityKind;
	severity: 'info' | 'warning' | 'error';
	stream: string;
	columns: string[];
	message: string;
	/** Numbers behind the finding (counts, rates, dates); never raw personal data. */
	evidence: Record<string, string | number | boolean | null | Array<string | number>>;
}

/** Airbyte connection sync modes (public API `ConnectionSyncModeEnum`). */
export type ConnectionSyncMode = 'incremental_deduped_history' | 'incremental_append' | 'full_refresh_overwrite' | 'full_refresh_append';

export interface StreamSyncRecommendation {
	stream: string;
	syncMode: ConnectionSyncMode;
	cursorField: string[];
	primaryKey: string[][];
	/** Whether the cursor is the source's own (true) or one we picked from the data (false). */
	cursorSourceDefined: boolean;
	reason: string;
}

export interface SyncRecommendation {
	/** `cron`: a Quartz expression in UTC at least one hour apart; `manual`: sync on demand. */
	scheduleType: 'cron' | 'manual';
	/** Quartz cron (seconds minutes hours day-of-month month day-of-week), e.g. `0 0 0/6 * * ?` (every 6 hours). */
	cronExpression: string | null;
	timezone: 'UTC';
	reason: string;
	streams: StreamSyncRecommendation[];
}

export interface BusinessAnalysis {
	businessType: BusinessTypeInference;
	businessModel: BusinessModelDescription;
	entities: BusinessEntity[];
	relationships: BusinessRelationship[];
	kpis: KpiDefinition[];
	dataQuality: DataQualityIssue[];
	sync: SyncRecommendation;
	/** Plain-language summary. */
	summary: string;
	/** Extra observations (from the model when one is connected, validated as prose). */
	insights: string[];
}
