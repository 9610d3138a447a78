// Plan edits an LLM may suggest: rename a table or column, add an index on existing columns, describe a
// table, column or view. Each is validated against the plan (and so the catalog it came from); never SQL.
import { z } from 'zod';
import { fitIdentifier, NameAllocator } from './names';
import type { SchemaPlan } from './plan';
import { schemaPlanSchema } from './plan';

const newName = z
	.string()
	.regex(/^[a-z_][a-z0-9_]{0,62}$/, 'names are lower-case letters, digits and underscores, at most 63 characters');
const text = z.string().min(1).max(2000);

export const planEditSchema = z.discriminatedUnion('op', [
	z.object({ op: z.literal('rename_table'), table: z.string(), newName }),
	z.object({ op: z.literal('rename_column'), table: z.string(), column: z.string(), newName }),
	z.object({ op: z.literal('add_index'), table: z.string(), columns: z.array(z.string()).min(1).max(4), reason: z.string().max(500).optional() }),
	z.object({ op: z.literal('describe_table'), table: z.string(), description: text }),
	z.object({ op: z.literal('describe_column'), table: z.string(), column: z.string(), description: text }),
	z.object({ op: z.literal('describe_view'), view: z.string(), description: text }),
]);
export type PlanEdit = z.infer<typeof planEditSchema>;

/** What a model is asked to return (for withStructuredOutput). */
export const planEditsResponseSchema = z.object({ edits: z.array(planEditSchema).max(200) });

export interface EditResult {
	plan: SchemaPlan;
	applied: PlanEdit[];
	rejected: Array<{ edit: unknown; reason: string }>;
}

const SYSTEM_COLUMNS = new Set(['tableoid', 'xmin', 'cmin', 'xmax', 'cmax', 'ctid', 'oid']);

function relationNames(plan: SchemaPlan): NameAllocator {
	return new NameAllocator([
		'_schema_migrations',
		...plan.tables.flatMap((t) => [t.name, t.primaryKey.name, ...t.indexes.map((i) => i.name)]),
		...plan.views.map((v) => v.name),
	]);
}

/** Apply each edit that validates; the rest come back in `rejected` with the reason. */
export function applyPlanEdits(input: SchemaPlan, edits: unknown[]): EditResult {
	const plan: SchemaPlan = structuredClone(input);
	const applied: PlanEdit[] = [];
	const rejected: EditResult['rejected'] = [];
	for (const raw of edits) {
		const parsed = planEditSchema.safeParse(raw);
		if (!parsed.success) {
			rejected.push({ edit: raw, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
			continue;
		}
		const edit = parsed.data;
		const reason = applyOne(plan, edit);
		if (reason) rejected.push({ edit, reason });
		else applied.push(edit);
	}
	return { plan: schemaPlanSchema.parse(plan), applied, rejected };
}

function applyOne(plan: SchemaPlan, edit: PlanEdit): string | undefined {
	if (edit.op === 'describe_view') {
		const v = plan.views.find((x) => x.name === edit.view);
		if (!v) return `no view named ${edit.view}`;
		v.description = edit.description;
		return undefined;
	}
	const t = plan.tables.find((x) => x.name === edit.table);
	if (!t) return `no table named ${edit.table}`;
	switch (edit.op) {
		case 'describe_table':
			t.description = edit.description;
			return undefined;
		case 'describe_column': {
			const c = t.columns.find((x) => x.name === edit.column);
			if (!c) return `no column ${edit.column} in ${edit.table}`;
			c.description = edit.description;
			return undefined;
		}
		case 'add_index': {
			const missing = edit.columns.filter((c) => !t.columns.some((x) => x.name === c));
			if (missing.length) return `columns not in ${t.name}: ${missing.join(', ')}`;
			if (new Set(edit.columns).size !== edit.columns.length) return 'a column is listed twice';
			const same = (cols: string[]) => cols.length >= edit.columns.length && edit.columns.every((c, i) => cols[i] === c);
			if (same(t.primaryKey.columns) || t.indexes.some((i) => same(i.columns))) return 'an existing index already covers these columns';
			const name = relationNames(plan).allocate(fitIdentifier(`${t.name}_${edit.columns.join('_')}_idx`));
			t.indexes.push({ name, columns: edit.columns, reason: edit.reason ?? 'Suggested by the model.' });
			return undefined;
		}
		case 'rename_table': {
			if (edit.newName === t.name) return 'same name';
			if (relationNames(plan).has(edit.newName)) return `${edit.newName} is already used in the schema`;
			const old = t.name;
			t.name = edit.newName;
			for (const x of plan.tables) {
				for (const fk of x.foreignKeys) if (fk.refTable === old) fk.refTable = edit.newName;
				if (x.parent?.table === old) x.parent.table = edit.newName;
			}
			for (const v of plan.views) if (v.table === old) v.table = edit.newName;
			return undefined;
		}
		case 'rename_column': {
			const c = t.columns.find((x) => x.name === edit.column);
			if (!c) return `no column ${edit.column} in ${edit.table}`;
			if (c.system) return `${edit.column} is a system column`;
			if (SYSTEM_COLUMNS.has(edit.newName)) return `${edit.newName} is a Postgres system column name`;
			if (t.columns.some((x) => x.name.toLowerCase() === edit.newName)) return `${t.name} already has a column ${edit.newName}`;
			const old = c.name;
			const swap = (cols: string[]) => cols.map((x) => (x === old ? edit.newName : x));
			c.name = edit.newName;
			t.primaryKey.columns = swap(t.primaryKey.columns);
			for (const fk of t.foreignKeys) fk.columns = swap(fk.columns);
			for (const ix of t.indexes) ix.columns = swap(ix.columns);
			for (const ch of t.checks) if (ch.column === old) ch.column = edit.newName;
			for (const x of plan.tables) {
				for (const fk of x.foreignKeys) if (fk.refTable === t.name) fk.refColumns = swap(fk.refColumns);
				if (x.parent?.table === t.name)
					for (const pc of x.columns) if (pc.source.kind === 'parent' && pc.source.column === old) pc.source = { kind: 'parent', column: edit.newName };
			}
			for (const v of plan.views) {
				if (v.table !== t.name) continue;
				if (v.column === old) v.column = edit.newName;
				if (v.timeColumn === old) v.timeColumn = edit.newName;
				v.groupBy = swap(v.groupBy);
				for (const f of v.filters) if (f.column === old) f.column = edit.newName;
			}
			return undefined;
		}
	}
}
