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
	/** 0..1 confidence in the primary key (1 when source-defined). */
	primaryKeyScore?: number;
	primaryKeyExplanation?: string;
	/** entity: a thing of its own; junction: its key is made of FKs to 2+ streams (many-to-many). */
	role?: 'entity' | 'junction';
}

export interface ModelForeignKey {
	fromStream: string;
	fromColumns: string[];
	toStream: string;
	toColumns: string[];
	/** 0..1 confidence from inclusion, name, type, coverage and cardinality evidence. */
	score: number;
	explanation?: string;
	/** many_to_one (the usual FK), one_to_one (child values unique), self (a stream referencing itself). */
	kind?: 'many_to_one' | 'one_to_one' | 'self';
}

/** Many-to-many: through a junction stream, or through an array of ids inside a stream's records. */
export interface ModelManyToMany {
	via: 'junction' | 'array_of_ids';
	stream: string;
	columns: string[];
	left: { stream: string; columns: string[] };
	right: { stream: string; columns: string[] };
	score: number;
	explanation?: string;
}

/** A nested array of objects inside a stream's records: a child table (`parent__field`) keyed back to it. */
export interface ModelChildEntity {
	parentStream: string;
	/** Path of the array inside the parent record, e.g. `line_items`. */
	path: string;
	parentKey: string[];
	/** Element field unique in the sample, if any. */
	elementKey: string[];
	/** Columns of the element (names are paths relative to the element). */
	columns: ModelColumn[];
}

export interface DataModel {
	streams: ModelStream[];
	foreignKeys: ModelForeignKey[];
	manyToMany?: ModelManyToMany[];
	childEntities?: ModelChildEntity[];
}
