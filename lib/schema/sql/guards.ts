// Catalog predicates (SQL boolean expressions) that are true when a step still has work to do.
import { qualified, quoteLiteral } from './quote';
import type { StepObject } from './steps';

const L = quoteLiteral;

export function relationExists(schema: string, name: string): string {
	return `(${regclass(schema, name)} IS NOT NULL)`;
}

export function schemaExists(schema: string): string {
	return `EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ${L(schema)})`;
}

function regclass(schema: string, table: string): string {
	return `pg_catalog.to_regclass(${L(qualified(schema, table))})`;
}

function columnExists(schema: string, table: string, column: string): string {
	return `EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = ${regclass(schema, table)} AND a.attname = ${L(column)} AND a.attnum > 0 AND NOT a.attisdropped)`;
}

function constraintExists(schema: string, table: string, name: string): string {
	return `EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conrelid = ${regclass(schema, table)} AND k.conname = ${L(name)})`;
}

/** True when the table already has a primary key (of whatever name). */
function primaryKeyExists(schema: string, table: string): string {
	return `EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conrelid = ${regclass(schema, table)} AND k.contype = 'p')`;
}

export function stepNeeded(schema: string, o: StepObject, isPrimaryKey = false): string {
	switch (o.type) {
		case 'table':
			return `NOT ${relationExists(schema, o.table)}`;
		case 'column':
			return `NOT ${columnExists(schema, o.table, o.column)}`;
		case 'constraint':
			return isPrimaryKey ? `NOT ${primaryKeyExists(schema, o.table)}` : `NOT ${constraintExists(schema, o.table, o.name)}`;
		case 'index':
		case 'view':
			return `NOT ${relationExists(schema, o.name)}`;
		case 'table_comment':
			return `pg_catalog.obj_description(${regclass(schema, o.table)}, 'pg_class') IS DISTINCT FROM ${L(o.text)}`;
		case 'view_comment':
			return `pg_catalog.obj_description(${regclass(schema, o.name)}, 'pg_class') IS DISTINCT FROM ${L(o.text)}`;
		case 'always':
			return 'true';
		case 'column_comment':
			return `pg_catalog.col_description(${regclass(schema, o.table)}, (SELECT a.attnum FROM pg_catalog.pg_attribute a WHERE a.attrelid = ${regclass(schema, o.table)} AND a.attname = ${L(o.column)} AND NOT a.attisdropped)::integer) IS DISTINCT FROM ${L(o.text)}`;
	}
}
