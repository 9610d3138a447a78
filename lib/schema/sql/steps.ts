// A plan as an ordered list of migration steps, each naming the catalog object it creates, so the same list
// serves the guarded full migration and the diff against introspected state.
import type { SchemaPlan } from '../plan';
import {
	addCheckSql,
	addColumnSql,
	addForeignKeySql,
	addPrimaryKeySql,
	columnComment,
	commentOnColumnSql,
	commentOnTableSql,
	commentOnViewSql,
	createIndexSql,
	createTableSql,
	createViewSql,
	tableComment,
	viewComment,
} from './ddl';

export type StepObject =
	| { type: 'table'; table: string }
	| { type: 'column'; table: string; column: string }
	| { type: 'constraint'; table: string; name: string }
	| { type: 'index'; table: string; name: string }
	| { type: 'view'; name: string }
	| { type: 'table_comment'; table: string; text: string }
	| { type: 'column_comment'; table: string; column: string; text: string }
	| { type: 'view_comment'; name: string; text: string }
	/** Destructive steps the operator asked for: run unconditionally. */
	| { type: 'always'; table: string };

export interface MigrationStep {
	id: string;
	description: string;
	object: StepObject;
	sql: string;
	destructive: boolean;
}

export function planSteps(plan: SchemaPlan): MigrationStep[] {
	const s = plan.schema;
	const steps: MigrationStep[] = [];
	const add = (id: string, description: string, object: StepObject, sql: string) =>
		steps.push({ id, description, object, sql, destructive: false });
	for (const t of plan.tables) {
		add(`table:${t.name}`, `create table ${t.name}`, { type: 'table', table: t.name }, createTableSql(s, t));
		for (const c of t.columns)
			add(`column:${t.name}.${c.name}`, `add column ${t.name}.${c.name}`, { type: 'column', table: t.name, column: c.name }, addColumnSql(s, t, c));
		add(`pk:${t.name}`, `add primary key ${t.primaryKey.name}`, { type: 'constraint', table: t.name, name: t.primaryKey.name }, addPrimaryKeySql(s, t));
		for (const ch of t.checks)
			add(`check:${t.name}.${ch.name}`, `add check ${ch.name}`, { type: 'constraint', table: t.name, name: ch.name }, addCheckSql(s, t, ch));
	}
	for (const t of plan.tables)
		for (const fk of t.foreignKeys)
			add(`fk:${t.name}.${fk.name}`, `add foreign key ${fk.name}`, { type: 'constraint', table: t.name, name: fk.name }, addForeignKeySql(s, t, fk));
	for (const t of plan.tables)
		for (const ix of t.indexes)
			add(`index:${ix.name}`, `create index ${ix.name}`, { type: 'index', table: t.name, name: ix.name }, createIndexSql(s, t, ix));
	for (const v of plan.views) add(`view:${v.name}`, `create view ${v.name}`, { type: 'view', name: v.name }, createViewSql(plan, v));
	for (const t of plan.tables) {
		const text = tableComment(t);
		add(`comment:${t.name}`, `comment on table ${t.name}`, { type: 'table_comment', table: t.name, text }, commentOnTableSql(s, t, text));
		for (const c of t.columns) {
			const ct = columnComment(c);
			if (ct === undefined) continue;
			add(`comment:${t.name}.${c.name}`, `comment on column ${t.name}.${c.name}`, { type: 'column_comment', table: t.name, column: c.name, text: ct }, commentOnColumnSql(s, t, c, ct));
		}
	}
	for (const v of plan.views) {
		const text = viewComment(v);
		add(`comment:${v.name}`, `comment on view ${v.name}`, { type: 'view_comment', name: v.name, text }, commentOnViewSql(s, v, text));
	}
	return steps;
}
