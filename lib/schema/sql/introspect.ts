// The introspection query we emit (n8n's Postgres node runs it) and the parser for the rows it returns.
import { z } from 'zod';
import { quoteLiteral } from './quote';

export function introspectionQuery(schema: string): string {
	const s = quoteLiteral(schema);
	return `-- Introspection of schema ${schema.replace(/[\r\n]/g, ' ')} for the Schema Designer's Diff operation.
SELECT 'table' AS kind, c.relname AS table_name, c.relname AS name, c.relkind::text AS data_type, NULL::boolean AS not_null, NULL::text AS definition, pg_catalog.obj_description(c.oid, 'pg_class') AS description
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = ${s} AND c.relkind IN ('r', 'p', 'v', 'm')
UNION ALL
SELECT 'column', c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid), pg_catalog.col_description(c.oid, a.attnum)
  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE n.nspname = ${s} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'constraint', c.relname, k.conname, k.contype::text, NULL, pg_catalog.pg_get_constraintdef(k.oid), NULL
  FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = ${s} AND k.contype IN ('p', 'f', 'c', 'u')
UNION ALL
SELECT 'index', t.relname, i.relname, NULL, NULL, pg_catalog.pg_get_indexdef(i.oid), NULL
  FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname = ${s} AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = i.oid AND k.conrelid = t.oid)
ORDER BY 1, 2, 3`;
}

const rowSchema = z.object({
	kind: z.enum(['table', 'column', 'constraint', 'index']),
	table_name: z.string(),
	name: z.string(),
	data_type: z.string().nullable().optional(),
	not_null: z.boolean().nullable().optional(),
	definition: z.string().nullable().optional(),
	description: z.string().nullable().optional(),
});
export type IntrospectionRow = z.infer<typeof rowSchema>;

export interface DbTable {
	name: string;
	relkind: string;
	description: string | null;
	columns: Map<string, { type: string; notNull: boolean; description: string | null }>;
	constraints: Map<string, { type: string; definition: string }>;
	indexes: Map<string, string>;
}

export interface DbState {
	tables: Map<string, DbTable>;
}

/** Rows as n8n's Postgres node returns them (items' json), validated. */
export function parseIntrospection(rows: unknown[]): DbState {
	const tables = new Map<string, DbTable>();
	const parsed = rows.map((r, i) => {
		const res = rowSchema.safeParse(r);
		if (!res.success) throw new Error(`Introspection row ${i} is not from the Introspection Query: ${res.error.issues[0]?.message ?? ''}`);
		return res.data;
	});
	const table = (name: string) => {
		let t = tables.get(name);
		if (!t) {
			t = { name, relkind: 'r', description: null, columns: new Map(), constraints: new Map(), indexes: new Map() };
			tables.set(name, t);
		}
		return t;
	};
	for (const r of parsed) {
		const t = table(r.table_name);
		if (r.kind === 'table') {
			t.relkind = r.data_type ?? 'r';
			t.description = r.description ?? null;
		} else if (r.kind === 'column') t.columns.set(r.name, { type: r.data_type ?? '', notNull: !!r.not_null, description: r.description ?? null });
		else if (r.kind === 'constraint') t.constraints.set(r.name, { type: r.data_type ?? '', definition: r.definition ?? '' });
		else t.indexes.set(r.name, r.definition ?? '');
	}
	return { tables };
}
