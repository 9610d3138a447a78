// Plan vs introspected state: the steps still missing (additive), and the destructive ones, listed and only
// included when asked for.
import { LEDGER_TABLE } from '../build-plan';
import { parsePgType } from '../pg-types';
import type { SchemaPlan } from '../plan';
import { qualified, quoteIdent } from './quote';
import type { DbState } from './introspect';
import type { MigrationOptions, MigrationScript } from './migration';
import { renderMigration } from './migration';
import type { MigrationStep } from './steps';
import { planSteps } from './steps';

export interface DiffOptions extends MigrationOptions {
	/** Include drops and type changes (default false: they are only listed). */
	allowDestructive?: boolean;
}

export interface DiffResult {
	/** Steps the migration contains (additive, plus destructive when allowed). */
	steps: MigrationStep[];
	/** Destructive changes found; included only with allowDestructive. */
	destructive: MigrationStep[];
	migration: MigrationScript | null;
	upToDate: boolean;
}

function missing(step: MigrationStep, state: DbState): boolean {
	const o = step.object;
	switch (o.type) {
		case 'table':
			return !state.tables.has(o.table);
		case 'column': {
			const t = state.tables.get(o.table);
			return !!t && !t.columns.has(o.column);
		}
		case 'constraint': {
			const t = state.tables.get(o.table);
			if (!t) return false;
			if (step.id.startsWith('pk:')) return ![...t.constraints.values()].some((c) => c.type === 'p');
			return !t.constraints.has(o.name);
		}
		case 'index': {
			const t = state.tables.get(o.table);
			return !t || !t.indexes.has(o.name);
		}
		case 'view':
			return !state.tables.has(o.name);
		case 'table_comment':
			return (state.tables.get(o.table)?.description ?? null) !== o.text;
		case 'view_comment':
			return (state.tables.get(o.name)?.description ?? null) !== o.text;
		case 'column_comment': {
			const t = state.tables.get(o.table);
			const c = t?.columns.get(o.column);
			return !t || !c || c.description !== o.text;
		}
		default:
			return true;
	}
}

function destructiveSteps(plan: SchemaPlan, state: DbState): MigrationStep[] {
	const s = plan.schema;
	const out: MigrationStep[] = [];
	const add = (id: string, description: string, sql: string, table: string) =>
		out.push({ id, description, sql, destructive: true, object: { type: 'always', table } });
	const planned = new Map(plan.tables.map((t) => [t.name, t]));
	const views = new Set(plan.views.map((v) => v.name));
	for (const [name, t] of state.tables) {
		if (name === LEDGER_TABLE) continue;
		const p = planned.get(name);
		if (!p) {
			if (t.relkind === 'v' && !views.has(name)) add(`drop-view:${name}`, `drop view ${name}`, `DROP VIEW ${qualified(s, name)}`, name);
			else if (t.relkind !== 'v') add(`drop-table:${name}`, `drop table ${name}`, `DROP TABLE ${qualified(s, name)} CASCADE`, name);
			continue;
		}
		const indexes = new Set(p.indexes.map((i) => i.name));
		for (const ix of t.indexes.keys())
			if (!indexes.has(ix)) add(`drop-index:${ix}`, `drop index ${ix}`, `DROP INDEX ${qualified(s, ix)}`, name);
		const constraints = new Set([p.primaryKey.name, ...p.foreignKeys.map((f) => f.name), ...p.checks.map((c) => c.name)]);
		for (const [cn, c] of t.constraints)
			if (!constraints.has(cn) && c.type !== 'p')
				add(`drop-constraint:${name}.${cn}`, `drop constraint ${name}.${cn}`, `ALTER TABLE ${qualified(s, name)} DROP CONSTRAINT ${quoteIdent(cn)}`, name);
		const cols = new Map(p.columns.map((c) => [c.name, c]));
		for (const [cn, c] of t.columns) {
			const pc = cols.get(cn);
			if (!pc) {
				add(`drop-column:${name}.${cn}`, `drop column ${name}.${cn}`, `ALTER TABLE ${qualified(s, name)} DROP COLUMN ${quoteIdent(cn)}`, name);
				continue;
			}
			const have = parsePgType(c.type)?.canonical ?? c.type;
			if (have !== pc.type)
				add(
					`alter-type:${name}.${cn}`,
					`change type of ${name}.${cn} from ${c.type} to ${pc.type}`,
					`ALTER TABLE ${qualified(s, name)} ALTER COLUMN ${quoteIdent(cn)} TYPE ${pc.type} USING ${quoteIdent(cn)}::${pc.type}`,
					name,
				);
			if (c.notNull !== pc.notNull)
				add(
					`nullability:${name}.${cn}`,
					`${pc.notNull ? 'set' : 'drop'} not null on ${name}.${cn}`,
					`ALTER TABLE ${qualified(s, name)} ALTER COLUMN ${quoteIdent(cn)} ${pc.notNull ? 'SET' : 'DROP'} NOT NULL`,
					name,
				);
		}
	}
	return out;
}

export function diffPlan(plan: SchemaPlan, state: DbState, options: DiffOptions = {}): DiffResult {
	const additive = planSteps(plan).filter((step) => missing(step, state));
	const destructive = destructiveSteps(plan, state);
	const steps = options.allowDestructive ? [...destructive, ...additive] : additive;
	return {
		steps,
		destructive,
		migration: steps.length ? renderMigration(plan, steps, options) : null,
		upToDate: additive.length === 0 && destructive.length === 0,
	};
}
