// The data model the analyzer hands to the Schema Designer, Workflow Suggester and Dashboard Builder:
// what was verified in the data (types, keys, relationships), independent of any LLM.

/** Postgres type the schema will use, e.g. 'bigint', 'numeric', 'text', 'timestamptz', 'jsonb', 'uuid'. */
export type PgType = string;

export interface ModelColumn {
	/** Column name as the source sends it (top-level property name). */
	name: string;
	pgType: PgType;
	nullable: boolean;
	/** Semantic type from the profile, e.g. 'integer', 'email', 'timestamp_tz', 'epoch_seconds', 'enum'. */
	semanticType: string;
	/** Allowed values when the profile is certain the column is an enum. */
	enumValues?: string[];
	/** Column holds personal data (PII classifier). */
	pii?: boolean;
	description?: string;
}

export interface ModelStream {
	name: string;
	namespace?: string | null;
	primaryKey: string[];
	/** How the key was found: declared by the source, or inferred from the data. */
	primaryKeySource?: 'source_defined' | 'inferred' | 'none';
	cursorField?: string[];
	columns: ModelColumn[];
	/** Records profiled. */
	sampledRows: number;
}

export interface ModelForeignKey {
	fromStream: string;
	fromColumns: string[];
	toStream: string;
	toColumns: string[];
	/** 0..1 confidence from inclusion, name, type, coverage and cardinality evidence. */
	score: number;
	explanation?: string;
}

export interface DataModel {
	streams: ModelStream[];
	foreignKeys: ModelForeignKey[];
}
