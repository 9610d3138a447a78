// Resolves the inputs into one view of the data both the Workflow Suggester and the Dashboard Builder
// work from: each stream's modelled table, its columns with their roles (bound by semantic type and name,
// like Metabase's X-ray entity and field types), its entity type, and the statistics the profile gave.
import type { DataModel, ModelColumn, ModelForeignKey, ModelStream } from '../analysis/model';
import type {
	AnalysisInput,
	ColumnStatsInput,
	JobInput,
	KpiInput,
	QualityIssueInput,
	SchemaPlanInput,
	SuggestInput,
	SyncPlanInput,
} from './inputs';
import { qualified, quoteIdent } from './sql';

export type ColumnRole =
	| 'time'
	| 'money'
	| 'quantity'
	| 'category'
	| 'label'
	| 'status'
	| 'end_date'
	| 'email'
	| 'key';

export type EntityType = 'transaction' | 'line_item' | 'subscription' | 'person' | 'product' | 'event' | 'reference' | 'other';

export interface ColumnCtx {
	name: string;
	/** Quoted modelled column name, ready for SQL. */
	sql: string;
	pgType: string;
	semanticType: string;
	nullable: boolean;
	roles: Set<ColumnRole>;
	stats?: ColumnStatsInput;
	pii: boolean;
}

export interface TableCtx {
	stream: string;
	/** Quoted, schema-qualified modelled table. */
	sql: string;
	table: string;
	columns: ColumnCtx[];
	primaryKey: ColumnCtx[];
	entity: EntityType;
	rows: number;
	/** The column that tells when a record happened (cursor first, then the best-named time column). */
	timeColumn?: ColumnCtx;
	cursor?: ColumnCtx;
	label?: ColumnCtx;
}

export interface DataContext {
	schema?: string;
	tables: TableCtx[];
	foreignKeys: ModelForeignKey[];
	kpis: KpiInput[];
	qualityIssues: QualityIssueInput[];
	sync?: SyncPlanInput;
	jobs: JobInput[];
	businessType?: string;
	transformSql?: string;
	table(stream: string): TableCtx | undefined;
	column(stream: string, column: string): ColumnCtx | undefined;
}

const TIME_SEMANTIC = /^(date|datetime|timestamp.*|epoch.*)$/i;
const TIME_PG = /^(date|timestamp.*|timestamptz)$/i;
const NUMERIC_PG = /^(numeric|decimal|money|real|double precision|float[48]?|integer|int[248]?|bigint|smallint)/i;
const TEXT_PG = /^(text|character varying|varchar|char|character|citext)/i;

/** Column-role rules: a role applies when every given test passes. Order matters only for readability. */
const ROLE_RULES: Array<{ role: ColumnRole; semantic?: RegExp; pg?: RegExp; name?: RegExp; notName?: RegExp }> = [
	{ role: 'time', semantic: TIME_SEMANTIC, notName: /birth|dob/i },
	{ role: 'time', pg: TIME_PG, notName: /birth|dob/i },
	{ role: 'money', semantic: /^(money|money_amount|currency_amount)$/i },
	{
		role: 'money',
		pg: NUMERIC_PG,
		name: /(price|amount|total|revenue|cost|freight|fee|balance|salary|spend|paid|subtotal|mrr|arr|value)$|^(price|amount|total|revenue)/i,
		notName: /(_id|id|count|qty|quantity)$/i,
	},
	{ role: 'quantity', pg: NUMERIC_PG, name: /(quantity|qty|units?|seats|items?_count|_count)$|^(quantity|qty)/i },
	{ role: 'email', semantic: /^email$/i },
	{ role: 'email', name: /e_?mail/i, pg: TEXT_PG },
	{ role: 'status', name: /(^|_)(status|state|stage)$/i },
	{ role: 'end_date', semantic: TIME_SEMANTIC, name: /(period_end|renew|expir|ends?_at|end_date|cancel_at|trial_end|valid_until|due_date|due_at)/i },
	{ role: 'end_date', pg: TIME_PG, name: /(period_end|renew|expir|ends?_at|end_date|cancel_at|trial_end|valid_until|due_date|due_at)/i },
	{ role: 'category', semantic: /^(enum|country|country_code|currency|currency_code|boolean)$/i },
	{
		role: 'category',
		pg: TEXT_PG,
		name: /(^|_)(status|type|category|kind|country|city|region|state|genre|segment|channel|plan|tier|gender|language|currency|source|title|nationality|occupation|degree|level)$/i,
	},
	{ role: 'label', pg: TEXT_PG, name: /(^|_)(name|title|company_name|full_name|display_name|label|subject|description)$|^name/i },
];

const ENTITY_RULES: Array<{ entity: EntityType; name?: RegExp; test?: (t: TableCtx) => boolean }> = [
	{ entity: 'subscription', name: /subscri|membership|contract|licen[cs]e|renewal|plan_assign/i },
	{ entity: 'subscription', test: (t) => t.columns.some((c) => c.roles.has('end_date') && /period|renew|expir/i.test(c.name)) },
	{ entity: 'line_item', name: /(detail|line|item)s?$/i, test: (t) => t.columns.some((c) => c.roles.has('money') || c.roles.has('quantity')) },
	{ entity: 'transaction', name: /order|invoice|payment|charge|purchase|transaction|sale|refund|booking|deal/i },
	{ entity: 'transaction', test: (t) => Boolean(t.timeColumn) && t.columns.some((c) => c.roles.has('money')) },
	{ entity: 'person', name: /customer|user|contact|member|employee|person|people|client|account|lead|subscriber/i },
	{ entity: 'person', test: (t) => t.columns.some((c) => c.roles.has('email')) },
	{ entity: 'product', name: /product|track|item|sku|catalog|article|service/i },
	{ entity: 'event', test: (t) => Boolean(t.timeColumn) },
	{ entity: 'reference', test: (t) => t.columns.length <= 4 },
];

/** Preference order for the time column that dates a record. */
const TIME_PREFERENCE: RegExp[] = [/^(created|inserted|occurred|purchased|ordered|placed)(_at|_on|_date)?$/i, /(order|invoice|purchase|payment|transaction|event|sale)_?(date|at|time)/i, /(_date|_at|date|time)$/i];

function rolesOf(column: ModelColumn, pk: string[], fkColumns: Set<string>): Set<ColumnRole> {
	const roles = new Set<ColumnRole>();
	if (pk.includes(column.name) || fkColumns.has(column.name) || /(^id$|_id$|Id$)/.test(column.name)) roles.add('key');
	for (const rule of ROLE_RULES) {
		if (rule.semantic && !rule.semantic.test(column.semanticType)) continue;
		if (rule.pg && !rule.pg.test(column.pgType)) continue;
		if (rule.name && !rule.name.test(column.name)) continue;
		if (rule.notName && rule.notName.test(column.name)) continue;
		roles.add(rule.role);
	}
	if (roles.has('key')) {
		roles.delete('money');
		roles.delete('quantity');
		roles.delete('category');
		roles.delete('label');
	}
	if (roles.has('label') && /title$/i.test(column.name) && roles.has('category')) roles.delete('category');
	return roles;
}

function isLowCardinality(stats: ColumnStatsInput | undefined, rows: number): boolean {
	if (!stats?.distinct) return false;
	const present = stats.count ?? rows;
	return stats.distinct >= 2 && stats.distinct <= 40 && (present === 0 || stats.distinct / Math.max(present, 1) <= 0.5);
}

function buildTable(
	stream: ModelStream,
	model: DataModel,
	plan: SchemaPlanInput | undefined,
	statsByKey: Map<string, ColumnStatsInput>,
	sync: SyncPlanInput | undefined,
): TableCtx {
	const mapped = plan?.tables.find((t) => t.stream === stream.name);
	const table = mapped?.table ?? stream.name;
	const fkColumns = new Set(model.foreignKeys.filter((f) => f.fromStream === stream.name).flatMap((f) => f.fromColumns));
	const columns: ColumnCtx[] = stream.columns.map((c) => {
		const stats = statsByKey.get(`${stream.name}\u0000${c.name}`);
		const roles = rolesOf(c, stream.primaryKey, fkColumns);
		if (!roles.has('key') && TEXT_PG.test(c.pgType) && isLowCardinality(stats, stream.sampledRows) && !roles.has('email')) {
			roles.add('category');
		}
		return {
			name: c.name,
			sql: quoteIdent(mapped?.columns?.[c.name] ?? c.name),
			pgType: c.pgType,
			semanticType: c.semanticType,
			nullable: c.nullable,
			roles,
			stats,
			pii: c.pii === true,
		};
	});
	const byName = (n: string | undefined) => columns.find((c) => c.name === n);
	const cursorName = sync?.streams.find((s) => s.stream === stream.name)?.cursorField?.[0] ?? stream.cursorField?.[0];
	const cursor = byName(cursorName);
	const timeCandidates = columns.filter((c) => c.roles.has('time') && !c.roles.has('end_date'));
	const timeColumn =
		(cursor?.roles.has('time') && !/updated|modified/i.test(cursor.name) ? cursor : undefined) ??
		TIME_PREFERENCE.map((re) => timeCandidates.find((c) => re.test(c.name) && !/updated|modified|shipped|required|hire/i.test(c.name))).find(Boolean) ??
		timeCandidates.find((c) => !/updated|modified|hire/i.test(c.name)) ??
		(cursor?.roles.has('time') ? cursor : undefined);
	// A label names one record: skip columns that repeat (a job title is not a name).
	const labels = columns.filter((c) => c.roles.has('label') && !c.pii && !(c.stats?.distinct && (c.stats.count ?? stream.sampledRows) > 0 && c.stats.distinct / ((c.stats.count ?? stream.sampledRows) * (1 - (c.stats.nullRate ?? 0)) || 1) < 0.8));
	const label =
		labels.find((c) => /^(name|title)$/i.test(c.name)) ??
		labels.find((c) => /(company_name|full_name|display_name|_name)$/i.test(c.name)) ??
		labels[0];
	const ctx: TableCtx = {
		stream: stream.name,
		sql: qualified(plan?.schema, table),
		table,
		columns,
		primaryKey: stream.primaryKey.map(byName).filter((c): c is ColumnCtx => c !== undefined),
		entity: 'other',
		rows: stream.sampledRows,
		timeColumn,
		cursor,
		label,
	};
	ctx.entity =
		ENTITY_RULES.find((r) => (!r.name || r.name.test(stream.name)) && (!r.test || r.test(ctx)))?.entity ?? 'other';
	return ctx;
}

export function buildContext(input: SuggestInput, schemaOverride?: string): DataContext {
	const model = input.model;
	const analysis: Partial<AnalysisInput> = input.analysis ?? {};
	const plan: SchemaPlanInput | undefined = input.schemaPlan
		? input.schemaPlan
		: schemaOverride
			? { schema: schemaOverride, tables: [] }
			: undefined;
	const statsByKey = new Map<string, ColumnStatsInput>();
	for (const s of input.profile?.columns ?? []) statsByKey.set(`${s.stream}\u0000${s.column}`, s);
	const tables = model.streams.map((s) => buildTable(s, model, plan, statsByKey, analysis.sync));
	const byStream = new Map(tables.map((t) => [t.stream, t]));
	return {
		schema: plan?.schema,
		tables,
		foreignKeys: model.foreignKeys.filter((f) => byStream.has(f.fromStream) && byStream.has(f.toStream)),
		kpis: analysis.kpis ?? [],
		qualityIssues: analysis.qualityIssues ?? [],
		sync: analysis.sync,
		jobs: input.jobs ?? [],
		businessType: analysis.businessType,
		transformSql: plan?.transformSql,
		table: (stream) => byStream.get(stream),
		column: (stream, column) => byStream.get(stream)?.columns.find((c) => c.name === column),
	};
}

/** Human title for a stream or column name: `order_details` → `Order details`, `InvoiceDate` → `Invoice date`. */
export function humanise(name: string): string {
	const spaced = name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/[_\-.]+/g, ' ')
		.trim()
		.toLowerCase();
	return spaced ? spaced[0].toUpperCase() + spaced.slice(1) : name;
}
