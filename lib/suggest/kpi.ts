// KPIs as SQL: the aggregate, time expression and filters of a KPI definition rendered with quoted
// identifiers and positional parameters. Also derives KPIs from the data when the analysis names none.
import type { ColumnCtx, DataContext, TableCtx } from './context';
import { humanise } from './context';
import type { KpiInput } from './inputs';

/** Collects positional parameter values ($1, $2, …) while a query is rendered. */
export class SqlParams {
	readonly values: Array<string | number> = [];

	constructor(private readonly offset = 0) {}

	add(value: string | number | boolean): string {
		this.values.push(typeof value === 'boolean' ? String(value) : value);
		return `$${this.offset + this.values.length}`;
	}

	/** Text value, typed so Postgres never has to guess. */
	text(value: string): string {
		return `${this.add(value)}::text`;
	}

	numeric(value: number): string {
		return `${this.add(value)}::numeric`;
	}
}

const NUMERIC_PG = /^(numeric|decimal|money|real|double precision|float|integer|int|bigint|smallint)/i;
const TIME_PG = /^(date|timestamp)/i;

export function numericSql(col: ColumnCtx, alias = ''): string {
	const ref = alias ? `${alias}.${col.sql}` : col.sql;
	return NUMERIC_PG.test(col.pgType) ? ref : `(NULLIF(${ref}::text, ''))::numeric`;
}

export function timeSql(col: ColumnCtx, alias = ''): string {
	const ref = alias ? `${alias}.${col.sql}` : col.sql;
	if (TIME_PG.test(col.pgType)) return col.pgType.toLowerCase() === 'date' ? `${ref}::timestamp` : ref;
	if (/epoch.*ms|millis/i.test(col.semanticType)) return `to_timestamp(${ref}::double precision / 1000)`;
	if (/epoch/i.test(col.semanticType)) return `to_timestamp(${ref}::double precision)`;
	return `(NULLIF(${ref}::text, ''))::timestamptz`;
}

export function aggregateSql(kpi: KpiInput, table: TableCtx, alias = ''): string {
	const col = kpi.measure ? table.columns.find((c) => c.name === kpi.measure) : undefined;
	const ref = (c: ColumnCtx) => (alias ? `${alias}.${c.sql}` : c.sql);
	const product = kpi.measureProduct?.map((n) => table.columns.find((c) => c.name === n));
	if (product && product[0] && product[1] && kpi.aggregation !== 'count' && kpi.aggregation !== 'count_distinct') {
		return `${kpi.aggregation}(${numericSql(product[0], alias)} * ${numericSql(product[1], alias)})`;
	}
	switch (kpi.aggregation) {
		case 'count':
			return 'count(*)';
		case 'count_distinct':
			return col ? `count(DISTINCT ${ref(col)})` : 'count(*)';
		default:
			return col ? `${kpi.aggregation}(${numericSql(col, alias)})` : 'count(*)';
	}
}

/** WHERE conditions of the KPI's filters (without the keyword), or `TRUE`. */
export function filterSql(kpi: KpiInput, table: TableCtx, params: SqlParams, alias = ''): string {
	const parts: string[] = [];
	for (const f of kpi.filters ?? []) {
		const col = table.columns.find((c) => c.name === f.column);
		if (!col) continue;
		const ref = `${alias ? `${alias}.` : ''}${col.sql}`;
		if (f.op === 'is_null') parts.push(`${ref} IS NULL`);
		else if (f.op === 'is_not_null') parts.push(`${ref} IS NOT NULL`);
		else if (f.op === 'in' || f.op === 'not_in') {
			const values = Array.isArray(f.value) ? f.value : f.value === undefined ? [] : [f.value];
			const list = values.map((v) => params.text(String(v))).join(', ');
			if (f.op === 'in') parts.push(values.length ? `${ref}::text IN (${list})` : 'FALSE');
			else if (values.length) parts.push(`(${ref} IS NULL OR ${ref}::text NOT IN (${list}))`);
		} else if (f.value !== undefined && !Array.isArray(f.value)) {
			const v = f.value;
			parts.push(
				typeof v === 'number' ? `${numericSql(col, alias)} ${f.op} ${params.numeric(v)}` : `${ref}::text ${f.op} ${params.text(String(v))}`,
			);
		}
	}
	return parts.length ? parts.join(' AND ') : 'TRUE';
}

/** Unit for display: money columns carry a currency-neutral unit, counts the entity's name. */
export function kpiUnit(kpi: KpiInput, ctx: DataContext): string {
	if (kpi.unit) return kpi.unit;
	const col = kpi.measure ? ctx.column(kpi.stream, kpi.measure) : undefined;
	const productMoney = kpi.measureProduct?.some((c) => ctx.column(kpi.stream, c)?.roles.has('money'));
	if ((col?.roles.has('money') || productMoney) && (kpi.aggregation === 'sum' || kpi.aggregation === 'avg')) return 'money';
	return '';
}

/**
 * KPIs read off the data when the analysis gives none: per transaction-like table, its record count and
 * the sum of its main money column, both over its time column.
 */
export function deriveKpis(ctx: DataContext): KpiInput[] {
	const out: KpiInput[] = [];
	const rank = (t: TableCtx) =>
		(t.entity === 'transaction' ? 0 : t.entity === 'subscription' ? 1 : t.entity === 'line_item' ? 2 : t.entity === 'event' ? 3 : 9) -
		Math.min(t.rows, 1e6) / 1e7;
	const candidates = ctx.tables.filter((t) => t.timeColumn && ['transaction', 'subscription', 'event', 'line_item'].includes(t.entity)).sort((a, b) => rank(a) - rank(b));
	for (const t of candidates.slice(0, 3)) {
		const time = t.timeColumn as ColumnCtx;
		out.push({ id: `${t.stream}_count`, name: `${humanise(t.stream)} count`, stream: t.stream, aggregation: 'count', timeColumn: time.name, grain: 'day' });
		const money = t.columns.find((c) => c.roles.has('money') && /total|amount|revenue|price/i.test(c.name)) ?? t.columns.find((c) => c.roles.has('money'));
		if (money) {
			out.push({
				id: `${t.stream}_${money.name}_sum`,
				name: `${humanise(money.name)} (sum of ${humanise(t.stream).toLowerCase()})`,
				stream: t.stream,
				measure: money.name,
				aggregation: 'sum',
				timeColumn: time.name,
				grain: 'day',
			});
		}
	}
	return out;
}

/** The analysis' KPIs when it has any, else derived ones. */
export function kpisOf(ctx: DataContext): { kpis: KpiInput[]; derived: boolean } {
	const valid = ctx.kpis.filter((k) => ctx.table(k.stream));
	return valid.length ? { kpis: valid, derived: false } : { kpis: deriveKpis(ctx), derived: true };
}

export function describeKpi(kpi: KpiInput): string {
	const what = kpi.aggregation === 'count' ? `count of ${kpi.stream}` : `${kpi.aggregation.replace('_', ' ')} of ${kpi.stream}.${kpi.measure}`;
	return `${kpi.name} (${what}${kpi.timeColumn ? ` by ${kpi.timeColumn}` : ''})`;
}
