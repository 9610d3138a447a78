// DDL for plan objects. Every identifier goes through quoteIdent, every value through quoteLiteral/quoteValue.
import type { PlanColumn, PlanForeignKey, PlanIndex, PlanTable, PlanView, SchemaPlan } from '../plan';
import { qualified, quoteIdent, quoteLiteral, quoteValue } from './quote';

const cols = (names: string[]) => names.map(quoteIdent).join(', ');

function columnDefault(c: PlanColumn): string {
	return c.source.kind === 'created_at' || c.source.kind === 'updated_at' ? ' DEFAULT pg_catalog.now()' : '';
}

/** Column type text: our canonical types are a closed, validated set (see pg-types). */
export function columnDefinition(c: PlanColumn): string {
	return `${quoteIdent(c.name)} ${c.type}${c.notNull ? ' NOT NULL' : ''}${columnDefault(c)}`;
}

export function createTableSql(schema: string, t: PlanTable): string {
	const lines = t.columns.map((c) => `  ${columnDefinition(c)}`);
	lines.push(`  CONSTRAINT ${quoteIdent(t.primaryKey.name)} PRIMARY KEY (${cols(t.primaryKey.columns)})`);
	return `CREATE TABLE ${qualified(schema, t.name)} (\n${lines.join(',\n')}\n)`;
}

export function addColumnSql(schema: string, t: PlanTable, c: PlanColumn): string {
	return `ALTER TABLE ${qualified(schema, t.name)} ADD COLUMN ${columnDefinition(c)}`;
}

export function addPrimaryKeySql(schema: string, t: PlanTable): string {
	return `ALTER TABLE ${qualified(schema, t.name)} ADD CONSTRAINT ${quoteIdent(t.primaryKey.name)} PRIMARY KEY (${cols(t.primaryKey.columns)})`;
}

export function addForeignKeySql(schema: string, t: PlanTable, fk: PlanForeignKey): string {
	return (
		`ALTER TABLE ${qualified(schema, t.name)} ADD CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY (${cols(fk.columns)}) ` +
		`REFERENCES ${qualified(schema, fk.refTable)} (${cols(fk.refColumns)}) ON DELETE ${fk.onDelete.toUpperCase()} DEFERRABLE INITIALLY DEFERRED`
	);
}

export function addCheckSql(schema: string, t: PlanTable, check: { name: string; column: string; values: string[] }): string {
	const list = check.values.map(quoteLiteral).join(', ');
	return `ALTER TABLE ${qualified(schema, t.name)} ADD CONSTRAINT ${quoteIdent(check.name)} CHECK (${quoteIdent(check.column)} IS NULL OR ${quoteIdent(check.column)}::text IN (${list}))`;
}

export function createIndexSql(schema: string, t: PlanTable, ix: PlanIndex): string {
	return `CREATE INDEX ${quoteIdent(ix.name)} ON ${qualified(schema, t.name)} USING btree (${cols(ix.columns)})`;
}

/** Comment text as Postgres stores it (text cannot hold NUL). */
const storable = (s: string) => s.split('\u0000').join('');

export function tableComment(t: PlanTable): string {
	const source = t.kind === 'stream' ? `Airbyte stream: ${t.stream}` : `Nested in Airbyte stream ${t.stream}, field ${t.parent?.property ?? ''}`;
	return storable([t.description, source].filter(Boolean).join('\n'));
}

export function columnComment(c: PlanColumn): string | undefined {
	const parts: string[] = [];
	if (c.description) parts.push(c.description);
	if (c.source.kind === 'property' || c.source.kind === 'element' || c.source.kind === 'missing') parts.push(`Source property: ${c.source.property}`);
	if (c.pii) parts.push('Contains personal data (PII).');
	return parts.length ? storable(parts.join('\n')) : undefined;
}

export function viewComment(v: PlanView): string {
	return storable([v.description, `KPI: ${v.kpi}`].filter(Boolean).join('\n'));
}

export function commentOnTableSql(schema: string, t: PlanTable, text: string): string {
	return `COMMENT ON TABLE ${qualified(schema, t.name)} IS ${quoteLiteral(text)}`;
}

export function commentOnColumnSql(schema: string, t: PlanTable, c: PlanColumn, text: string): string {
	return `COMMENT ON COLUMN ${qualified(schema, t.name)}.${quoteIdent(c.name)} IS ${quoteLiteral(text)}`;
}

export function commentOnViewSql(schema: string, v: PlanView, text: string): string {
	return `COMMENT ON VIEW ${qualified(schema, v.name)} IS ${quoteLiteral(text)}`;
}

/** The SELECT behind a KPI view: value per period (and group) with filters. */
export function viewSelectSql(plan: SchemaPlan, v: PlanView): string {
	const f = (c: string) => `f.${quoteIdent(c)}`;
	const time = v.timeColumn ? (v.timeJoin ? `j.${quoteIdent(v.timeColumn)}` : f(v.timeColumn)) : undefined;
	const select: string[] = [];
	const group: string[] = [];
	if (time) {
		select.push(`pg_catalog.date_trunc(${quoteLiteral(v.grain ?? 'month')}, ${time}) AS period`);
		group.push('1');
	}
	for (const g of v.groupBy) {
		select.push(f(g));
		group.push(f(g));
	}
	const measure = v.product ? `(${f(v.product[0])} * ${f(v.product[1])})` : v.column ? f(v.column) : undefined;
	const agg =
		v.aggregation === 'count'
			? measure
				? `count(${measure})`
				: 'count(*)'
			: v.aggregation === 'count_distinct'
				? `count(DISTINCT ${measure})`
				: `${v.aggregation}(${measure})`;
	select.push(`${agg} AS value`);
	const where = v.filters.map((flt) => {
		const c = f(flt.column);
		if (flt.op === 'is_null') return `${c} IS NULL`;
		if (flt.op === 'not_null') return `${c} IS NOT NULL`;
		if (flt.op === 'in' || flt.op === 'not_in') {
			const values = Array.isArray(flt.value) ? flt.value : flt.value === undefined ? [] : [flt.value];
			const list = values.map((x) => quoteLiteral(String(x))).join(', ');
			if (flt.op === 'in') return values.length ? `${c}::text IN (${list})` : 'false';
			return values.length ? `${c}::text NOT IN (${list})` : 'true';
		}
		if (flt.value === undefined || Array.isArray(flt.value)) throw new Error(`KPI filter on ${flt.column} needs one value`);
		const lhs = typeof flt.value === 'string' ? `${c}::text` : c;
		return `${lhs} ${flt.op === '!=' ? '<>' : flt.op} ${quoteValue(flt.value)}`;
	});
	if (time) where.push(`${time} IS NOT NULL`);
	const join = v.timeJoin
		? ` JOIN ${qualified(plan.schema, v.timeJoin.table)} j ON ${v.timeJoin.fromColumns.map((c, i) => `${f(c)} = j.${quoteIdent(v.timeJoin!.toColumns[i])}`).join(' AND ')}`
		: '';
	return (
		`SELECT ${select.join(', ')} FROM ${qualified(plan.schema, v.table)} f${join}` +
		(where.length ? ` WHERE ${where.join(' AND ')}` : '') +
		(group.length ? ` GROUP BY ${group.join(', ')}` : '')
	);
}

export function createViewSql(plan: SchemaPlan, v: PlanView): string {
	return `CREATE VIEW ${qualified(plan.schema, v.name)} AS ${viewSelectSql(plan, v)}`;
}
