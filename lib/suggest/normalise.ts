// Turns the loosely shaped JSON that arrives on a node's input (the analyzer's, profiler's and schema
// designer's outputs, Airbyte job lists) into the narrow input types, checking every stream and column
// against the data model. Anything that does not name a real stream/column is dropped with a warning.
import type { DataModel, ModelStream } from '../analysis/model';
import { schemaPlanSchema } from '../schema/plan';
import { renderTransform } from '../schema/sql/transform';
import type {
	Aggregation,
	AnalysisInput,
	ColumnStatsInput,
	JobInput,
	KpiFilter,
	KpiInput,
	ProfileInput,
	QualityIssueInput,
	QualityKind,
	SchemaPlanInput,
	SuggestInput,
	SyncPlanInput,
	TableInput,
	TimeGrain,
} from './inputs';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => {
	if (typeof v === 'number' && Number.isFinite(v)) return v;
	if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
	return undefined;
};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const first = (o: Obj, keys: string[]): unknown => {
	for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
	return undefined;
};
const strList = (v: unknown): string[] => {
	if (typeof v === 'string') return [v];
	return arr(v).flatMap((x) => (typeof x === 'string' ? [x] : Array.isArray(x) ? strList(x) : []));
};

export interface Normalised<T> {
	value: T;
	warnings: string[];
}

export function findStream(model: DataModel, name: string | undefined): ModelStream | undefined {
	if (!name) return undefined;
	return (
		model.streams.find((s) => s.name === name) ??
		model.streams.find((s) => s.name.toLowerCase() === name.toLowerCase())
	);
}

function findColumn(stream: ModelStream, name: string | undefined): string | undefined {
	if (!name) return undefined;
	const bare = name.includes('.') && !stream.columns.some((c) => c.name === name) ? name.split('.').pop() : name;
	return (
		stream.columns.find((c) => c.name === bare)?.name ??
		stream.columns.find((c) => c.name.toLowerCase() === String(bare).toLowerCase())?.name
	);
}

const AGGREGATIONS: Record<string, Aggregation> = {
	count: 'count',
	sum: 'sum',
	total: 'sum',
	avg: 'avg',
	average: 'avg',
	mean: 'avg',
	min: 'min',
	max: 'max',
	count_distinct: 'count_distinct',
	countdistinct: 'count_distinct',
	distinct_count: 'count_distinct',
	unique: 'count_distinct',
};
const GRAINS: TimeGrain[] = ['hour', 'day', 'week', 'month', 'quarter', 'year'];
const FILTER_OPS = new Set<KpiFilter['op']>(['=', '!=', '>', '>=', '<', '<=', 'is_null', 'is_not_null', 'in', 'not_in']);
const FILTER_ALIASES: Record<string, KpiFilter['op']> = { not_null: 'is_not_null', null: 'is_null', '==': '=', '<>': '!=' };
/** The analyzer's units mapped to display units; 'money' formats as an amount without a currency symbol. */
const UNITS: Record<string, string | undefined> = { currency: 'money', count: undefined, number: undefined, percent: '%', currency_minor: 'minor units' };

function slug(text: string): string {
	return (
		text
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '_')
			.replace(/^_+|_+$/g, '')
			.slice(0, 60) || 'kpi'
	);
}

function unitOf(raw: string | undefined): string | undefined {
	return raw !== undefined && raw in UNITS ? UNITS[raw] : raw;
}

export function normaliseKpis(model: DataModel, raw: unknown): Normalised<KpiInput[]> {
	const warnings: string[] = [];
	const out: KpiInput[] = [];
	const ids = new Set<string>();
	for (const item of arr(raw)) {
		if (!isObj(item)) continue;
		const measureRaw = first(item, ['measure', 'column', 'field']);
		const measureObj = isObj(measureRaw) ? measureRaw : undefined;
		const streamName = str(
			first(item, ['stream', 'table', 'entity']) ?? (measureObj ? first(measureObj, ['stream', 'table']) : undefined),
		);
		const name = str(first(item, ['name', 'title', 'label'])) ?? str(item.id) ?? 'KPI';
		const stream = findStream(model, streamName);
		if (!stream) {
			warnings.push(`KPI "${name}" dropped: stream "${streamName ?? '?'}" is not in the data model.`);
			continue;
		}
		const aggRaw = str(first(item, ['aggregation', 'agg', 'aggregate']) ?? measureObj?.aggregation) ?? 'count';
		const aggregation = AGGREGATIONS[aggRaw.toLowerCase().replace(/[\s-]/g, '_')];
		if (!aggregation) {
			warnings.push(`KPI "${name}" dropped: aggregation "${aggRaw}" is not supported.`);
			continue;
		}
		const productRaw = measureObj && measureObj.kind === 'product' ? strList(measureObj.columns) : [];
		const measureProduct = productRaw.length === 2 ? productRaw.map((c) => findColumn(stream, c)) : undefined;
		if (measureProduct && measureProduct.some((c) => !c)) {
			warnings.push(`KPI "${name}" dropped: a product column is not in stream "${stream.name}".`);
			continue;
		}
		const measureName = measureProduct ? undefined : measureObj ? (measureObj.kind === 'rows' ? undefined : str(first(measureObj, ['column', 'name', 'field']))) : str(measureRaw);
		const measure = measureName && measureName !== '*' ? findColumn(stream, measureName) : undefined;
		if (measureName && measureName !== '*' && !measure) {
			warnings.push(`KPI "${name}" dropped: column "${measureName}" is not in stream "${stream.name}".`);
			continue;
		}
		if (!measure && !measureProduct && aggregation !== 'count') {
			warnings.push(`KPI "${name}" dropped: ${aggregation} needs a measure column.`);
			continue;
		}
		const timeRaw = first(item, ['timeColumn', 'time_column', 'time', 'dateColumn']);
		const timeName = isObj(timeRaw) ? str(first(timeRaw, ['column', 'name'])) : str(timeRaw);
		// A time column on a parent stream (item.timeJoin) is not joined here: the KPI is kept without a time axis.
		const timeColumn = item.timeJoin ? undefined : findColumn(stream, timeName);
		if (timeName && !timeColumn && !item.timeJoin) warnings.push(`KPI "${name}": time column "${timeName}" ignored (not in "${stream.name}").`);
		const grainRaw = str(item.grain)?.toLowerCase();
		const grain = GRAINS.find((g) => g === grainRaw || `${g}ly` === grainRaw || (g === 'day' && grainRaw === 'daily'));
		const filters: KpiFilter[] = [];
		let badFilter = false;
		for (const f of arr(item.filters)) {
			if (!isObj(f)) continue;
			const column = findColumn(stream, str(first(f, ['column', 'field'])));
			const opRaw = str(first(f, ['op', 'operator'])) ?? '=';
			const op = (FILTER_ALIASES[opRaw] ?? opRaw) as KpiFilter['op'];
			if (!column || !FILTER_OPS.has(op)) badFilter = true;
			else {
				const value = f.value as KpiFilter['value'];
				filters.push(value === undefined ? { column, op } : { column, op, value });
			}
		}
		if (badFilter) {
			warnings.push(`KPI "${name}" dropped: a filter names an unknown column or operator.`);
			continue;
		}
		let id = slug(str(item.id) ?? name);
		while (ids.has(id)) id = `${id}_2`;
		ids.add(id);
		out.push({
			id,
			name,
			description: str(item.description),
			stream: stream.name,
			measure,
			...(measureProduct ? { measureProduct: measureProduct as [string, string] } : {}),
			aggregation,
			timeColumn,
			grain,
			filters,
			unit: unitOf(str(item.unit)),
		});
	}
	return { value: out, warnings };
}

const QUALITY_KINDS: Array<[RegExp, QualityKind]> = [
	[/dup/i, 'duplicate_keys'],
	[/orphan|referen|dangling/i, 'orphaned_references'],
	[/null|missing|empty/i, 'unexpected_nulls'],
	[/stale|fresh|old/i, 'stale_data'],
	[/mixed/i, 'mixed_types'],
	[/string/i, 'numbers_as_strings'],
	[/skew|outlier/i, 'skew'],
];

export function normaliseQualityIssues(model: DataModel, raw: unknown): Normalised<QualityIssueInput[]> {
	const warnings: string[] = [];
	const out: QualityIssueInput[] = [];
	for (const item of arr(raw)) {
		if (!isObj(item)) continue;
		const kindRaw = str(first(item, ['kind', 'type', 'code', 'rule'])) ?? '';
		const kind = QUALITY_KINDS.find(([re]) => re.test(kindRaw))?.[1] ?? 'other';
		const stream = findStream(model, str(first(item, ['stream', 'table', 'fromStream'])));
		if (!stream) {
			warnings.push(`Data-quality issue "${kindRaw}" dropped: unknown stream.`);
			continue;
		}
		const columns = strList(first(item, ['columns', 'column', 'fields', 'field', 'fromColumns']))
			.map((c) => findColumn(stream, c))
			.filter((c): c is string => c !== undefined);
		const toStream = findStream(model, str(first(item, ['toStream', 'referencedStream', 'parentStream'])));
		const severityRaw = str(item.severity)?.toLowerCase();
		const severity = severityRaw === 'error' || severityRaw === 'high' ? 'error' : severityRaw === 'info' || severityRaw === 'low' ? 'info' : 'warning';
		const details = isObj(item.evidence) ? item.evidence : {};
		out.push({
			kind,
			stream: stream.name,
			columns,
			evidence: str(item.evidence) ?? str(first(item, ['message', 'description', 'detail'])) ?? kindRaw,
			severity,
			rate: num(first(item, ['rate', 'nullRate', 'ratio'])) ?? num(first(details, ['nullRate', 'rate', 'ratio'])),
			toStream: toStream?.name,
			toColumns: toStream
				? strList(first(item, ['toColumns', 'referencedColumns'])).filter((c) => findColumn(toStream, c))
				: undefined,
		});
	}
	return { value: out, warnings };
}

/** Hours between runs of a Quartz cron (sec min hour dom month dow [year]); undefined when irregular. */
export function cronIntervalHours(cron: string): number | undefined {
	const parts = cron.trim().split(/\s+/);
	if (parts.length < 6) return undefined;
	const [, , hour, dom, , dow] = parts;
	const step = /^(?:\*|\d+)\/(\d+)$/.exec(hour);
	if (step && (dom === '*' || dom === '?')) return Number(step[1]);
	if (/^\d+$/.test(hour) && (dom === '*' || dom === '?') && (dow === '*' || dow === '?')) return 24;
	if (/^\d+$/.test(hour) && /^[A-Z]{3}$|^\d$/.test(dow)) return 24 * 7;
	if (hour === '*') return 1;
	if (/^\d+(,\d+)+$/.test(hour)) return 24 / hour.split(',').length;
	return undefined;
}

export function normaliseSync(model: DataModel, raw: unknown): SyncPlanInput | undefined {
	if (!isObj(raw)) return undefined;
	const scheduleRaw = first(raw, ['schedule', 'recommendedSchedule']);
	const schedule = isObj(scheduleRaw) ? scheduleRaw : {};
	const cron =
		str(first(raw, ['cron', 'cronExpression'])) ??
		str(first(schedule, ['cron', 'cronExpression'])) ??
		(typeof scheduleRaw === 'string' ? scheduleRaw : undefined);
	const intervalHours =
		num(first(raw, ['intervalHours', 'frequencyHours'])) ??
		num(first(schedule, ['intervalHours', 'frequencyHours'])) ??
		(cron ? cronIntervalHours(cron) : undefined);
	const streamsRaw = first(raw, ['streams', 'perStream', 'syncModes']);
	const entries = Array.isArray(streamsRaw)
		? streamsRaw
		: isObj(streamsRaw)
			? Object.entries(streamsRaw).map(([stream, v]) => (isObj(v) ? { stream, ...v } : { stream, syncMode: v }))
			: [];
	const streams = entries.flatMap((e) => {
		if (!isObj(e)) return [];
		const stream = findStream(model, str(first(e, ['stream', 'name'])));
		if (!stream) return [];
		return [
			{
				stream: stream.name,
				syncMode: str(first(e, ['syncMode', 'sync_mode', 'mode'])),
				cursorField: strList(first(e, ['cursorField', 'cursor_field', 'cursor'])).filter((c) => findColumn(stream, c)),
				primaryKey: strList(first(e, ['primaryKey', 'primary_key'])).filter((c) => findColumn(stream, c)),
			},
		];
	});
	return { cron, intervalHours, streams, connectionId: str(first(raw, ['connectionId', 'connection_id'])) };
}

export function normaliseAnalysis(model: DataModel, raw: unknown): Normalised<AnalysisInput> {
	const o = isObj(raw) ? raw : {};
	const kpis = normaliseKpis(model, first(o, ['kpis', 'KPIs', 'metrics']));
	const issues = normaliseQualityIssues(model, first(o, ['qualityIssues', 'dataQuality', 'quality', 'issues']));
	const business = first(o, ['businessType', 'business']);
	return {
		value: {
			businessType: str(business) ?? (isObj(business) ? str(first(business, ['type', 'name'])) : undefined),
			kpis: kpis.value,
			qualityIssues: issues.value,
			sync: normaliseSync(model, first(o, ['sync', 'syncPlan', 'syncRecommendation'])),
		},
		warnings: [...kpis.warnings, ...issues.warnings],
	};
}

function quantilesOf(raw: unknown): Record<string, number> | undefined {
	const out: Record<string, number> = {};
	if (Array.isArray(raw)) {
		for (const q of raw) {
			if (!isObj(q)) continue;
			const p = num(first(q, ['q', 'p', 'quantile', 'probability']));
			const v = num(q.value);
			if (p !== undefined && v !== undefined) out[String(p)] = v;
		}
	} else if (isObj(raw)) {
		for (const [k, v] of Object.entries(raw)) {
			const value = num(v);
			if (value === undefined) continue;
			const pct = /^p(\d+(?:\.\d+)?)$/i.exec(k);
			const p = pct ? Number(pct[1]) / 100 : k === 'median' ? 0.5 : num(k);
			if (p !== undefined && p >= 0 && p <= 1) out[String(p)] = value;
		}
	}
	return Object.keys(out).length ? out : undefined;
}

function statsOf(stream: string, column: string, f: Obj): ColumnStatsInput {
	const count = num(first(f, ['count', 'present', 'rows', 'total']));
	const nulls = num(first(f, ['nullCount', 'nulls']));
	const topRaw = first(f, ['topValues', 'topK', 'top']);
	const numeric = isObj(f.numeric) ? f.numeric : isObj(f.temporal) ? f.temporal : isObj(f.stats) ? f.stats : f;
	return {
		stream,
		column,
		count,
		nullRate: num(first(f, ['nullRate', 'null_rate', 'nullFraction'])) ?? (nulls !== undefined && count ? nulls / count : undefined),
		distinct: num(first(f, ['distinct', 'distinctCount', 'cardinality', 'approxDistinct'])),
		min: (num(numeric.min) ?? str(numeric.min)) as number | string | undefined,
		max: (num(numeric.max) ?? str(numeric.max)) as number | string | undefined,
		quantiles: quantilesOf(first(numeric, ['quantiles', 'percentiles'])),
		topValues: arr(topRaw).flatMap((t) =>
			isObj(t) && t.value !== undefined ? [{ value: String(t.value), count: num(t.count) ?? 0 }] : [],
		),
	};
}

export function normaliseProfile(model: DataModel, raw: unknown): ProfileInput | undefined {
	if (!isObj(raw)) return undefined;
	const columns: ColumnStatsInput[] = [];
	for (const c of arr(raw.columns)) {
		if (!isObj(c)) continue;
		const stream = findStream(model, str(c.stream));
		const column = stream && findColumn(stream, str(first(c, ['column', 'name', 'path'])));
		if (stream && column) columns.push(statsOf(stream.name, column, c));
	}
	const streams = Array.isArray(raw.streams) ? raw.streams : isObj(raw.streams) ? Object.entries(raw.streams).map(([name, s]) => ({ name, ...(isObj(s) ? s : {}) })) : [];
	for (const s of streams) {
		if (!isObj(s)) continue;
		const stream = findStream(model, str(first(s, ['name', 'stream'])));
		if (!stream) continue;
		const fieldsRaw = first(s, ['fields', 'columns']);
		const fields = Array.isArray(fieldsRaw)
			? fieldsRaw
			: isObj(fieldsRaw)
				? Object.entries(fieldsRaw).map(([path, f]) => ({ path, ...(isObj(f) ? f : {}) }))
				: [];
		for (const f of fields) {
			if (!isObj(f)) continue;
			const pathRaw = first(f, ['path', 'name', 'column']);
			const path = Array.isArray(pathRaw) ? pathRaw.join('.') : str(pathRaw);
			// Only top-level columns: nested paths and array elements are not columns of the table.
			if (Array.isArray(f.segments) && f.segments.length > 1) continue;
			if (f.inArray === true || path?.includes('[]')) continue;
			const column = stream.columns.find((c) => c.name === path)?.name ?? (path?.includes('.') ? undefined : findColumn(stream, path));
			if (column) columns.push(statsOf(stream.name, column, f));
		}
	}
	return columns.length ? { columns } : undefined;
}

/** The Schema Designer's own transform SQL for a plan it produced (the Transform SQL operation's output). */
function renderedTransform(plan: unknown): string | undefined {
	const parsed = schemaPlanSchema.safeParse(plan);
	if (!parsed.success) return undefined;
	try {
		return renderTransform(parsed.data).sql;
	} catch {
		return undefined;
	}
}

export function normaliseSchemaPlan(model: DataModel, raw: unknown): SchemaPlanInput | undefined {
	if (!isObj(raw)) return undefined;
	const plan = isObj(raw.plan) ? raw.plan : raw;
	const schema = str(first(plan, ['schema', 'schemaName', 'tenantSchema', 'targetSchema']));
	if (!schema) return undefined;
	const tables: TableInput[] = [];
	for (const t of arr(plan.tables)) {
		// Child and junction tables carry their parent's stream name; only stream tables map a stream.
		if (!isObj(t) || (t.kind !== undefined && t.kind !== 'stream')) continue;
		const stream = findStream(model, str(first(t, ['stream', 'source', 'sourceStream'])) ?? str(t.name));
		const table = str(first(t, ['name', 'table', 'tableName']));
		if (!stream || !table) continue;
		const columns: Record<string, string> = {};
		for (const c of arr(t.columns)) {
			if (!isObj(c)) continue;
			const src = c.source;
			const source = isObj(src) ? (src.kind === 'property' ? str(src.property) : undefined) : str(first(c, ['source', 'sourceName', 'sourceColumn', 'sourcePath']));
			const name = str(c.name);
			if (source && name && findColumn(stream, source)) columns[findColumn(stream, source) as string] = name;
		}
		tables.push({ stream: stream.name, table, columns });
	}
	const transformRaw = first(raw, ['transformSql', 'transforms', 'transform']) ?? first(plan, ['transformSql', 'transforms']);
	const transformSql =
		str(transformRaw) ??
		renderedTransform(plan) ??
		(Array.isArray(transformRaw)
			? transformRaw.map((t) => (isObj(t) ? str(t.sql) : str(t))).filter(Boolean).join('\n')
			: isObj(transformRaw)
				? str(transformRaw.sql)
				: undefined);
	const erRaw = first(raw, ['erDiagram', 'er', 'diagram']) ?? first(plan, ['erDiagram']);
	const erDiagram = isObj(erRaw) ? { mermaid: str(erRaw.mermaid), svg: str(erRaw.svg) } : undefined;
	return { schema, tables, transformSql: transformSql || undefined, erDiagram };
}

const JOB_STATUSES = new Set<JobInput['status']>(['succeeded', 'failed', 'cancelled', 'running', 'pending', 'incomplete']);

/** ISO 8601 duration (Airbyte's `PT8M41S`) in seconds. */
export function isoDurationSeconds(text: string): number | undefined {
	const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
	if (!m) return undefined;
	return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

export function normaliseJobs(raw: unknown): JobInput[] {
	const list = isObj(raw) && Array.isArray(raw.data) ? raw.data : arr(raw);
	return list.flatMap((j) => {
		if (!isObj(j)) return [];
		const status = str(j.status)?.toLowerCase() as JobInput['status'] | undefined;
		const jobId = first(j, ['jobId', 'id']);
		if (!status || !JOB_STATUSES.has(status) || (typeof jobId !== 'string' && typeof jobId !== 'number')) return [];
		const duration = first(j, ['durationSeconds', 'duration']);
		return [
			{
				jobId,
				status,
				startTime: str(first(j, ['startTime', 'createdAt'])),
				durationSeconds: typeof duration === 'string' ? isoDurationSeconds(duration) ?? num(duration) : num(duration),
				rowsSynced: num(first(j, ['rowsSynced', 'recordsSynced'])),
				bytesSynced: num(j.bytesSynced),
			},
		];
	});
}

/** Checks the data model's shape (the analyzer's DataModel) and fills optional fields. */
export function normaliseModel(raw: unknown): DataModel {
	const o = isObj(raw) ? (isObj(raw.model) ? raw.model : isObj(raw.dataModel) ? raw.dataModel : raw) : undefined;
	if (!o || !Array.isArray(o.streams)) throw new Error('The data model needs a "streams" array (the Data Analyzer\'s "model" output).');
	const streams: ModelStream[] = o.streams.flatMap((s) => {
		if (!isObj(s) || !str(s.name) || !Array.isArray(s.columns)) return [];
		const columns = s.columns.flatMap((c) =>
			isObj(c) && str(c.name)
				? [
						{
							name: c.name as string,
							pgType: str(c.pgType) ?? 'text',
							nullable: c.nullable !== false,
							semanticType: str(c.semanticType) ?? 'text',
							enumValues: strList(c.enumValues),
							pii: c.pii === true,
						},
					]
				: [],
		);
		const names = new Set(columns.map((c) => c.name));
		return [
			{
				name: s.name as string,
				namespace: str(s.namespace) ?? null,
				primaryKey: strList(s.primaryKey).filter((k) => names.has(k)),
				cursorField: strList(s.cursorField).filter((k) => names.has(k)),
				columns,
				sampledRows: num(s.sampledRows) ?? 0,
			},
		];
	});
	if (!streams.length) throw new Error('The data model has no usable streams (each needs a name and columns).');
	const byName = new Map(streams.map((s) => [s.name, s]));
	const foreignKeys = arr(o.foreignKeys).flatMap((f) => {
		if (!isObj(f)) return [];
		const from = byName.get(str(f.fromStream) ?? '');
		const to = byName.get(str(f.toStream) ?? '');
		const fromColumns = strList(f.fromColumns);
		const toColumns = strList(f.toColumns);
		if (!from || !to || !fromColumns.length || fromColumns.length !== toColumns.length) return [];
		if (!fromColumns.every((c) => from.columns.some((x) => x.name === c)) || !toColumns.every((c) => to.columns.some((x) => x.name === c))) return [];
		return [{ fromStream: from.name, fromColumns, toStream: to.name, toColumns, score: num(f.score) ?? 1 }];
	});
	return { streams, foreignKeys };
}

export interface RawInputs {
	model: unknown;
	analysis?: unknown;
	profile?: unknown;
	schemaPlan?: unknown;
	jobs?: unknown;
}

/** Every input, normalised against the data model. Throws only when the model itself is unusable. */
export function normaliseInputs(raw: RawInputs): Normalised<SuggestInput> {
	const model = normaliseModel(raw.model);
	const analysis = normaliseAnalysis(model, raw.analysis);
	return {
		value: {
			model,
			analysis: analysis.value,
			profile: normaliseProfile(model, raw.profile),
			schemaPlan: normaliseSchemaPlan(model, raw.schemaPlan),
			jobs: normaliseJobs(raw.jobs),
		},
		warnings: analysis.warnings,
	};
}
