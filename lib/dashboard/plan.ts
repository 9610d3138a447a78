// Dashboard plan: panels chosen from the analysis like Metabase X-rays (templates per entity type, bound to
// columns by role), each emitted as one read-only SQL query for n8n's built-in Postgres node. Every query
// returns exactly one row `{ query_id, panel, rows }`, so the Render step needs nothing but the results.
import { buildContext, humanise, type ColumnCtx, type DataContext, type TableCtx } from '../suggest/context';
import type { KpiInput, SuggestInput } from '../suggest/inputs';
import { aggregateSql, filterSql, kpisOf, kpiUnit, SqlParams, timeSql } from '../suggest/kpi';
import { collectChecks } from '../suggest/recipes/dataQualityMonitor';

export type PanelKind = 'kpi' | 'timeseries' | 'bar' | 'table' | 'quality';
export type ValueFormat = 'number' | 'integer' | 'money' | 'percent';

export interface Panel {
	id: string;
	kind: PanelKind;
	title: string;
	subtitle?: string;
	/** Unit shown with values: an ISO currency code, 'money' (no symbol), or a noun such as 'orders'. */
	unit?: string;
	format: ValueFormat;
	/** Columns of a table panel, in order: key in the row and header text. */
	columns?: Array<{ key: string; label: string; format?: ValueFormat }>;
	/** Evidence from the analysis shown with the panel (data-quality panel). */
	notes?: string[];
	/** Time bucket of a time series, for axis labels. */
	grain?: 'day' | 'week' | 'month' | 'quarter';
	emptyMessage: string;
	dashboardTitle: string;
	order: number;
}

export interface DashboardQuery {
	id: string;
	/** Read-only SQL; `$1` is the query id and `$2` the panel JSON, then the query's own parameters. */
	query: string;
	params: Array<string | number>;
	panel: Panel;
}

export interface DashboardPlan {
	title: string;
	queries: DashboardQuery[];
	warnings: string[];
}

export interface PlanOptions {
	title?: string;
	/** Schema of the modelled tables when no schema plan is given. */
	schema?: string;
	maxKpis?: number;
	maxCharts?: number;
}

type PanelDraft = Omit<Panel, 'dashboardTitle' | 'order'>;
type Build = (p: SqlParams) => string;

const GRAIN_BY_SPAN: Array<[number, 'day' | 'week' | 'month' | 'quarter']> = [
	[120, 'day'],
	[730, 'week'],
	[3650, 'month'],
	[Infinity, 'quarter'],
];

function spanDays(col: ColumnCtx): number | undefined {
	const lo = Date.parse(String(col.stats?.min ?? ''));
	const hi = Date.parse(String(col.stats?.max ?? ''));
	return Number.isNaN(lo) || Number.isNaN(hi) ? undefined : (hi - lo) / 86_400_000;
}

function grainFor(col: ColumnCtx, kpi?: KpiInput): 'day' | 'week' | 'month' | 'quarter' {
	const span = spanDays(col);
	if (span !== undefined) return GRAIN_BY_SPAN.find(([max]) => span <= max)?.[1] ?? 'month';
	const g = kpi?.grain;
	return g === 'day' || g === 'week' || g === 'quarter' ? g : 'month';
}

function formatOf(kpi: KpiInput, ctx: DataContext): ValueFormat {
	const col = kpi.measure ? ctx.column(kpi.stream, kpi.measure) : undefined;
	if (kpi.aggregation === 'count' || kpi.aggregation === 'count_distinct') return 'integer';
	if (col?.roles.has('money') || kpiUnit(kpi, ctx) === 'money') return 'money';
	return /int|bigint|smallint/.test(col?.pgType ?? '') && kpi.aggregation !== 'avg' ? 'integer' : 'number';
}

/** KPI tile: the total, and the last 30 days before the newest record against the 30 days before that. */
function kpiTile(ctx: DataContext, kpi: KpiInput): [PanelDraft, Build] | undefined {
	const t = ctx.table(kpi.stream);
	if (!t) return undefined;
	const time = kpi.timeColumn ? t.columns.find((c) => c.name === kpi.timeColumn) : undefined;
	const unit = kpiUnit(kpi, ctx);
	const panel: PanelDraft = {
		id: `kpi_${kpi.id}`,
		kind: 'kpi',
		title: kpi.name,
		subtitle: kpi.description ?? (time ? undefined : 'all records'),
		unit,
		format: formatOf(kpi, ctx),
		emptyMessage: `No ${humanise(kpi.stream).toLowerCase()} yet.`,
	};
	return [
		panel,
		(p) => {
			const where = filterSql(kpi, t, p);
			const agg = aggregateSql(kpi, t);
			if (!time) return `SELECT (${agg})::numeric AS value FROM ${t.sql} WHERE ${where}`;
			const ts = timeSql(time);
			return [
				`WITH bounds AS (SELECT max(${ts}) AS hi FROM ${t.sql} WHERE ${where})`,
				`SELECT (SELECT (${agg})::numeric FROM ${t.sql} WHERE ${where}) AS value,`,
				`(SELECT (${agg})::numeric FROM ${t.sql} WHERE ${where} AND ${ts} > b.hi - interval '30 days') AS current,`,
				`(SELECT (${agg})::numeric FROM ${t.sql} WHERE ${where} AND ${ts} > b.hi - interval '60 days' AND ${ts} <= b.hi - interval '30 days') AS previous,`,
				`b.hi AS latest FROM bounds AS b`,
			].join(' ');
		},
	];
}

function timeSeries(ctx: DataContext, kpi: KpiInput): [PanelDraft, Build] | undefined {
	const t = ctx.table(kpi.stream);
	const time = kpi.timeColumn ? t?.columns.find((c) => c.name === kpi.timeColumn) : undefined;
	if (!t || !time) return undefined;
	const grain = grainFor(time, kpi);
	return [
		{
			id: `ts_${kpi.id}`,
			kind: 'timeseries',
			title: `${kpi.name} by ${grain}`,
			grain,
			subtitle: `by ${humanise(time.name).toLowerCase()}`,
			unit: kpiUnit(kpi, ctx),
			format: formatOf(kpi, ctx),
			emptyMessage: `No dated ${humanise(kpi.stream).toLowerCase()} to chart yet.`,
		},
		(p) => {
			const ts = timeSql(time);
			return `SELECT bucket, value FROM (SELECT date_trunc(${p.text(grain)}, ${ts}) AS bucket, (${aggregateSql(kpi, t)})::numeric AS value FROM ${t.sql} WHERE ${filterSql(kpi, t, p)} AND ${ts} IS NOT NULL GROUP BY 1 ORDER BY 1 DESC LIMIT 240) AS s ORDER BY bucket`;
		},
	];
}

/** The measure a table is best summarised by: its money KPI when there is one, else its row count. */
function measureOf(t: TableCtx, kpis: KpiInput[]): KpiInput {
	const own = kpis.find((k) => k.stream === t.stream && k.aggregation === 'sum') ?? kpis.find((k) => k.stream === t.stream);
	if (own) return own;
	const money = t.columns.find((c) => c.roles.has('money') && /total|amount|revenue/i.test(c.name)) ?? t.columns.find((c) => c.roles.has('money'));
	return money
		? { id: `${t.stream}_${money.name}`, name: humanise(money.name), stream: t.stream, measure: money.name, aggregation: 'sum' }
		: { id: `${t.stream}_count`, name: humanise(t.stream), stream: t.stream, aggregation: 'count' };
}

function breakdown(ctx: DataContext, t: TableCtx, measure: KpiInput, cat: ColumnCtx, via?: { parent: TableCtx; from: ColumnCtx[]; to: ColumnCtx[] }): [PanelDraft, Build] {
	const where = (p: SqlParams) => filterSql(measure, t, p, 'c');
	const label = via ? `${humanise(via.parent.stream).toLowerCase()} ${humanise(cat.name).toLowerCase()}` : humanise(cat.name).toLowerCase();
	return [
		{
			id: `by_${t.stream}_${via ? `${via.parent.stream}_` : ''}${cat.name}`,
			kind: 'bar',
			title: `${measure.name} by ${label}`,
			subtitle: `top 10 of ${humanise(t.stream).toLowerCase()}`,
			unit: kpiUnit(measure, ctx),
			format: formatOf(measure, ctx),
			emptyMessage: 'Nothing to break down yet.',
		},
		(p) => {
			const agg = aggregateSql(measure, t, 'c');
			const from = via
				? `${t.sql} AS c JOIN ${via.parent.sql} AS p ON ${via.from.map((f, i) => `p.${via.to[i].sql}::text = c.${f.sql}::text`).join(' AND ')}`
				: `${t.sql} AS c`;
			const catRef = `${via ? 'p' : 'c'}.${cat.sql}`;
			return `SELECT COALESCE(${catRef}::text, ${p.text('(none)')}) AS label, (${agg})::numeric AS value FROM ${from} WHERE ${where(p)} GROUP BY 1 ORDER BY 2 DESC NULLS LAST LIMIT 10`;
		},
	];
}

function topEntities(ctx: DataContext, child: TableCtx, measure: KpiInput, parent: TableCtx, from: ColumnCtx[], to: ColumnCtx[]): [PanelDraft, Build] {
	const label = parent.label;
	return [
		{
			id: `top_${parent.stream}_by_${child.stream}`,
			kind: 'table',
			title: `Top ${humanise(parent.stream).toLowerCase()} by ${measure.name.toLowerCase()}`,
			subtitle: `from ${humanise(child.stream).toLowerCase()}`,
			unit: kpiUnit(measure, ctx),
			format: formatOf(measure, ctx),
			columns: [
				{ key: 'label', label: humanise(label ? label.name : parent.primaryKey.map((c) => c.name).join(' / ')) },
				{ key: 'value', label: measure.name, format: formatOf(measure, ctx) },
				...(measure.aggregation === 'count' ? [] : [{ key: 'records', label: humanise(child.stream), format: 'integer' as const }]),
			],
			emptyMessage: `No ${humanise(child.stream).toLowerCase()} linked to ${humanise(parent.stream).toLowerCase()} yet.`,
		},
		(p) => {
			const agg = aggregateSql(measure, child, 'c');
			const join = from.map((f, i) => `p.${to[i].sql}::text = c.${f.sql}::text`).join(' AND ');
			const key = parent.primaryKey.map((c) => `p.${c.sql}`).join(', ');
			const labelSql = label ? `COALESCE(p.${label.sql}::text, concat_ws('/', ${parent.primaryKey.map((c) => `p.${c.sql}::text`).join(', ')}))` : `concat_ws('/', ${parent.primaryKey.map((c) => `p.${c.sql}::text`).join(', ')})`;
			return `SELECT ${labelSql} AS label, (${agg})::numeric AS value, count(*) AS records FROM ${child.sql} AS c JOIN ${parent.sql} AS p ON ${join} WHERE ${filterSql(measure, child, p, 'c')} GROUP BY ${key}${label ? `, p.${label.sql}` : ''} ORDER BY 2 DESC NULLS LAST LIMIT 10`;
		},
	];
}

function tableSizes(ctx: DataContext): [PanelDraft, Build] {
	const tables = ctx.tables.slice(0, 40);
	return [
		{ id: 'table_sizes', kind: 'bar', title: 'Records per table', subtitle: `${tables.length} tables`, unit: 'rows', format: 'integer', emptyMessage: 'No tables yet.' },
		(p) => tables.map((t) => `SELECT ${p.text(humanise(t.stream))} AS label, (SELECT count(*) FROM ${t.sql})::numeric AS value`).join(' UNION ALL ') + ' ORDER BY 2 DESC',
	];
}

function qualityPanel(ctx: DataContext): [PanelDraft, Build] | undefined {
	const checks = collectChecks(ctx);
	const notes = ctx.qualityIssues.slice(0, 8).map((i) => `${humanise(i.stream)}: ${i.evidence}`);
	if (!checks.length) return undefined;
	return [
		{
			id: 'data_quality',
			kind: 'quality',
			title: 'Data quality',
			subtitle: `${checks.length} live checks on keys, relationships and null rates`,
			format: 'integer',
			columns: [
				{ key: 'detail', label: 'Check' },
				{ key: 'violations', label: 'Rows failing', format: 'integer' },
			],
			notes,
			emptyMessage: 'No checks could run.',
		},
		(p) => `SELECT check_name, table_name, violations, detail FROM (${checks.map((c) => c.render(p)).join(' UNION ALL ')}) AS checks ORDER BY violations DESC, detail`,
	];
}

function parentsOf(ctx: DataContext, t: TableCtx): Array<{ parent: TableCtx; from: ColumnCtx[]; to: ColumnCtx[] }> {
	return ctx.foreignKeys
		.filter((f) => f.fromStream === t.stream && f.toStream !== t.stream)
		.flatMap((f) => {
			const parent = ctx.table(f.toStream);
			const from = f.fromColumns.map((c) => t.columns.find((x) => x.name === c));
			const to = f.toColumns.map((c) => parent?.columns.find((x) => x.name === c));
			if (!parent || from.some((c) => !c) || to.some((c) => !c) || !parent.primaryKey.length) return [];
			return [{ parent, from: from as ColumnCtx[], to: to as ColumnCtx[] }];
		});
}

const categoryRank = (c: ColumnCtx) =>
	(c.roles.has('status') ? 0 : /country|region|state|city|category|genre|type|segment|plan/i.test(c.name) ? 1 : 2) +
	(c.stats?.distinct && c.stats.distinct > 25 ? 2 : 0) +
	(c.stats?.nullRate !== undefined && c.stats.nullRate > 0.3 ? 3 : 0);

/** Tables that carry the business's activity, most important first. */
function factTables(ctx: DataContext, kpis: KpiInput[]): TableCtx[] {
	const withKpi = new Set(kpis.map((k) => k.stream));
	const rank = (t: TableCtx) => (withKpi.has(t.stream) ? 0 : 2) + (t.entity === 'transaction' ? 0 : t.entity === 'line_item' ? 0.5 : t.entity === 'subscription' ? 0.7 : t.entity === 'event' ? 1 : 3);
	return ctx.tables.filter((t) => withKpi.has(t.stream) || ['transaction', 'line_item', 'subscription', 'event'].includes(t.entity)).sort((a, b) => rank(a) - rank(b) || b.rows - a.rows);
}

export function planDashboard(input: SuggestInput, options: PlanOptions = {}): DashboardPlan {
	const ctx = buildContext(input, options.schema);
	const { kpis } = kpisOf(ctx);
	const maxKpis = options.maxKpis ?? 6;
	const maxCharts = options.maxCharts ?? 10;
	const title = options.title ?? (ctx.businessType ? `${humanise(ctx.businessType)} dashboard` : 'Data dashboard');
	const drafts: Array<[PanelDraft, Build]> = [];
	const warnings: string[] = [];

	for (const k of kpis.slice(0, maxKpis)) {
		const tile = kpiTile(ctx, k);
		if (tile) drafts.push(tile);
	}
	const charts: Array<[PanelDraft, Build]> = [];
	for (const k of kpis.filter((x) => x.timeColumn).slice(0, 3)) {
		const ts = timeSeries(ctx, k);
		if (ts) charts.push(ts);
	}
	for (const t of factTables(ctx, kpis).slice(0, 3)) {
		const measure = measureOf(t, kpis);
		const own = t.columns.filter((c) => c.roles.has('category') && !c.roles.has('key') && !c.pii).sort((a, b) => categoryRank(a) - categoryRank(b));
		for (const cat of own.slice(0, 2)) charts.push(breakdown(ctx, t, measure, cat));
		for (const via of parentsOf(ctx, t)) {
			const cat = via.parent.columns.filter((c) => c.roles.has('category') && !c.roles.has('key') && !c.pii).sort((a, b) => categoryRank(a) - categoryRank(b))[0];
			if (cat && own.length < 2) charts.push(breakdown(ctx, t, measure, cat, via));
			if (['person', 'product', 'other'].includes(via.parent.entity)) charts.push(topEntities(ctx, t, measure, via.parent, via.from, via.to));
		}
	}
	const seen = new Set<string>();
	for (const c of charts) {
		if (seen.has(c[0].id) || seen.size >= maxCharts) continue;
		seen.add(c[0].id);
		drafts.push(c);
	}
	drafts.push(tableSizes(ctx));
	const quality = qualityPanel(ctx);
	if (quality) drafts.push(quality);
	if (!kpis.length) warnings.push('No KPI could be defined from this data (no analysis KPIs and no dated transaction-like table); the dashboard shows table sizes and data quality only.');

	const queries = drafts.map(([draft, build], order): DashboardQuery => {
		const panel: Panel = { ...draft, dashboardTitle: title, order };
		const params = new SqlParams(2);
		const inner = build(params);
		return {
			id: panel.id,
			query: `SELECT $1::text AS "query_id", $2::jsonb AS "panel", COALESCE((SELECT json_agg(q) FROM (${inner}) AS q), '[]'::json) AS "rows"`,
			params: [panel.id, JSON.stringify(panel), ...params.values],
			panel,
		};
	});
	return { title, queries, warnings };
}
