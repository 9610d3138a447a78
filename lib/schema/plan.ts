// The SchemaPlan: the JSON contract between planning (deterministic, optionally edited by an LLM through
// validated edits) and SQL rendering. Everything the renderer emits is derived from a parsed plan.
import { utf8Length } from './utf8';
import { z } from 'zod';

const identifier = z
	.string()
	.min(1)
	.refine((s) => utf8Length(s) <= 63, 'identifier longer than 63 bytes')
	.refine((s) => !s.includes('\u0000'), 'identifier contains NUL');

/** Where a modelled column's value comes from in Airbyte's table (or the nested element). */
export const columnSourceSchema = z.discriminatedUnion('kind', [
	/** A top-level property: Airbyte's column `rawColumn` of type `rawType`. */
	z.object({
		kind: z.literal('property'),
		property: z.string(),
		rawColumn: z.string().min(1),
		rawType: z.string(),
		semanticType: z.string().optional(),
	}),
	/** A property of the element of a nested array (child tables). */
	z.object({
		kind: z.literal('element'),
		property: z.string(),
		/** JSON path inside the element (one key for a top-level element field). */
		path: z.array(z.string()).min(1),
		semanticType: z.string().optional(),
	}),
	/** The scalar element itself (junction tables). */
	z.object({ kind: z.literal('element_value') }),
	/** 0-based position in the nested array. */
	z.object({ kind: z.literal('ordinal') }),
	/** A parent-table key column, copied down to a child or junction table. */
	z.object({ kind: z.literal('parent'), column: z.string() }),
	z.object({ kind: z.literal('raw_id') }),
	z.object({ kind: z.literal('created_at') }),
	z.object({ kind: z.literal('updated_at') }),
	z.object({ kind: z.literal('synced_at') }),
	/** Declared by the model but absent from Airbyte's table: stays NULL. */
	z.object({ kind: z.literal('missing'), property: z.string() }),
]);
export type ColumnSource = z.infer<typeof columnSourceSchema>;

export const planColumnSchema = z.object({
	name: identifier,
	type: z.string(),
	notNull: z.boolean(),
	source: columnSourceSchema,
	description: z.string().optional(),
	pii: z.boolean().optional(),
	enumValues: z.array(z.string()).optional(),
	/** Column is an audit/system column added by the plan rather than a source property. */
	system: z.boolean().optional(),
});
export type PlanColumn = z.infer<typeof planColumnSchema>;

export const planForeignKeySchema = z.object({
	name: identifier,
	columns: z.array(identifier).min(1),
	refTable: identifier,
	refColumns: z.array(identifier).min(1),
	onDelete: z.enum(['no action', 'cascade']),
	score: z.number().min(0).max(1),
	reason: z.string(),
});
export type PlanForeignKey = z.infer<typeof planForeignKeySchema>;

export const planIndexSchema = z.object({
	name: identifier,
	columns: z.array(identifier).min(1),
	reason: z.string(),
});
export type PlanIndex = z.infer<typeof planIndexSchema>;

export const planCheckSchema = z.object({ name: identifier, column: identifier, values: z.array(z.string()).min(1) });
export type PlanCheck = z.infer<typeof planCheckSchema>;

export const planTableSchema = z.object({
	name: identifier,
	kind: z.enum(['stream', 'child', 'junction']),
	/** Source stream name (for child/junction tables: the parent's stream). */
	stream: z.string(),
	/** Airbyte's table for the stream, in the plan's raw schema. */
	rawTable: z.string().min(1),
	/** For child/junction tables: parent table, and the Airbyte column holding the nested array. */
	parent: z
		.object({ table: identifier, property: z.string(), rawColumn: z.string().min(1) })
		.optional(),
	description: z.string().optional(),
	columns: z.array(planColumnSchema).min(1),
	primaryKey: z.object({ name: identifier, columns: z.array(identifier).min(1) }),
	/** Whether the key came from the source/profile, or is Airbyte's `_airbyte_raw_id` (table mirrors Airbyte's). */
	keyKind: z.enum(['natural', 'raw_id', 'nested']),
	foreignKeys: z.array(planForeignKeySchema),
	indexes: z.array(planIndexSchema),
	checks: z.array(planCheckSchema),
});
export type PlanTable = z.infer<typeof planTableSchema>;

export const kpiFilterSchema = z.object({
	column: z.string(),
	op: z.enum(['=', '!=', '>', '>=', '<', '<=', 'in', 'not_in', 'is_null', 'not_null']),
	value: z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]).optional(),
});

export const planViewSchema = z.object({
	name: identifier,
	kpi: z.string(),
	description: z.string().optional(),
	table: identifier,
	aggregation: z.enum(['count', 'sum', 'avg', 'min', 'max', 'count_distinct']),
	column: identifier.optional(),
	/** Aggregate the product of two columns (e.g. unit price x quantity). */
	product: z.tuple([identifier, identifier]).optional(),
	timeColumn: identifier.optional(),
	/** The time column lives in a parent table reached through a foreign key. */
	timeJoin: z.object({ table: identifier, fromColumns: z.array(identifier).min(1), toColumns: z.array(identifier).min(1) }).optional(),
	grain: z.enum(['hour', 'day', 'week', 'month', 'quarter', 'year']).optional(),
	unit: z.string().optional(),
	groupBy: z.array(identifier),
	filters: z.array(kpiFilterSchema.extend({ column: identifier })),
});
export type PlanView = z.infer<typeof planViewSchema>;

export const schemaPlanSchema = z.object({
	version: z.literal(1),
	/** Modelled schema (the tenant's). */
	schema: identifier,
	/** Schema Airbyte writes to (the connection's custom namespace, after Airbyte's normalisation). */
	rawSchema: identifier,
	tables: z.array(planTableSchema).min(1),
	views: z.array(planViewSchema),
	warnings: z.array(z.string()),
});
export type SchemaPlan = z.infer<typeof schemaPlanSchema>;

/** Parse a plan (e.g. one that came back through a workflow); throws a ZodError naming the bad path. */
export function parseSchemaPlan(value: unknown): SchemaPlan {
	return schemaPlanSchema.parse(value);
}
