// The compact digest of the profile that a model sees: one line per stream (header, then its columns separated
// by spaces, each with terse annotations whose defaults are omitted), nested objects in braces, columns without
// values grouped at the end, keys and foreign keys inline, then the rules' KPI candidates and data-quality
// warnings. No raw records, no values of PII columns, every shown value cleaned and shortened. Four detail
// levels, so the prompt fits a token budget; digestLegend (in the system message) explains the notation used.

import type { DatasetProfile, FieldProfile, StreamProfile } from '../../profile/types';
import type { PiiReport } from '../../pii/types';
import { piiFor } from '../../pii/classify';
import { pgTypeFromDeclared } from '../../profile/pg-types';
import { scrubText } from '../../pii/redact';
import { stripInvisible } from './invisible';
import type { BusinessAnalysis, DataQualityIssue } from '../business/types';
import type { DataModel, ModelForeignKey } from '../model';

/**
 * 3: statistics and safe example values; 2: types, nulls, distinct counts, FK scores, nested fields, KPI and
 * quality lines; 1: column names and types, FKs, top-level columns only; 0: column names and FKs.
 */
export type DetailLevel = 0 | 1 | 2 | 3;

export interface DigestOptions {
	/** Detail of every stream without an entry in `levels`. */
	level: DetailLevel;
	/** Per-stream detail, so a budget can lower the largest streams first. */
	levels?: ReadonlyMap<string, DetailLevel>;
	/** The rules' KPI candidates and quality warnings (default: when `level` >= 2). */
	extras?: boolean;
	/** Keep only the first `maxStreams` streams (ranked by importance); the rest are named as omitted. */
	maxStreams?: number;
	/** Redacted example records per stream (0 = none, the default). */
	exampleRecords?: Map<string, Array<Record<string, unknown>>>;
}

/** Parts of the column notation, each explained only when the digest uses it (a name holding the mark adds it too). */
const NOTATION: ReadonlyArray<{ used: RegExp; text: string }> = [
	{ used: /:[a-z]/, text: '[:type, none=text]' },
	{ used: /!/, text: '[! PII]' },
	{ used: /\?\d/, text: '[?null%]' },
	{ used: /~\d/, text: '[~distinct]' },
	{ used: /(?<!key)=/, text: '[=top values]' },
	{ used: /\.\./, text: '[min..max]' },
	{ used: />/, text: '[>referenced stream(score)]' },
];
const NESTING: ReadonlyArray<{ used: RegExp; text: string }> = [
	{ used: /\{/, text: '{} nested' },
	{ used: /\[\]/, text: '[] array' },
];

/** How the digest reads (the system message carries it once so the lines can stay terse): only the notation used. */
export function digestLegend(digest: string): string {
	const column = `name${NOTATION.filter((part) => part.used.test(digest)).map((part) => part.text).join('')}`;
	const nesting = NESTING.filter((part) => part.used.test(digest)).map((part) => part.text);
	return `Each line: "stream rows entity role key=cols: columns"; column: ${[column, ...nesting].join(', ')}.`;
}

/** A value or name made safe to show: no control/invisible characters, no markers, PII scrubbed, short. */
export function clean(value: unknown, max = 32): string {
	const text = scrubText(stripInvisible(String(value)).replace(/\s+/g, ' ').trim()).replace(/<<<|>>>/g, '"');
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Names are single tokens of the digest: no spaces or notation characters inside them. */
function name(value: string): string {
	return clean(value, 64).replace(/[\s{}|>]/g, '_');
}

/** Short type names; `text` is the default and not written. */
const SHORT_TYPES: Record<string, string> = {
	integer: 'int',
	decimal: 'num',
	boolean: 'bool',
	timestamp_tz: 'ts',
	timestamp: 'ts',
	epoch_seconds: 'epoch',
	epoch_millis: 'epoch_ms',
	country_code: 'country',
	currency_code: 'currency',
	identifier: 'id',
	free_text: 'prose',
	text: '',
	json: '',
};

/** Semantic types whose most frequent values are worth showing (categories; free text never: it may hold names). */
const VALUE_TYPES = new Set(['enum', 'country_code', 'currency_code', 'boolean', 'code']);
const RANGE_TYPES = new Set(['integer', 'decimal', 'money']);
const TIME_TYPES = new Set(['date', 'timestamp', 'timestamp_tz', 'epoch_seconds', 'epoch_millis']);
/** Categories: few distinct values, each repeated. */
const MAX_CATEGORY_VALUES = 30;

/** Postgres types of the catalog's declarations (fields without values) in the digest's short names. */
const DECLARED_TYPES: Record<string, string> = { bigint: 'int', numeric: 'num', boolean: 'bool', timestamptz: 'ts', timestamp: 'ts', text: '', jsonb: '' };

function typeOf(field: FieldProfile): string {
	if (field.semanticType === 'empty') {
		const pg = pgTypeFromDeclared(field.declared);
		return DECLARED_TYPES[pg] ?? pg;
	}
	return SHORT_TYPES[field.semanticType] ?? field.semanticType;
}

/** A date span as years when they differ (2021..2025), else as months (2021-03..2021-11). */
function span(min: string, max: string): string {
	const [from, to] = [clean(min, 10), clean(max, 10)];
	return from.slice(0, 4) === to.slice(0, 4) ? range(from.slice(0, 7), to.slice(0, 7)) : range(from.slice(0, 4), to.slice(0, 4));
}

function range(min: string, max: string): string {
	return min === max ? min : `${min}..${max}`;
}

function fmt(value: number): string {
	return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

/** Streams ranked by how much they matter: related to many others, then larger. */
export function rankStreams(profile: DatasetProfile, model: DataModel): StreamProfile[] {
	const degree = (streamName: string): number => model.foreignKeys.filter((fk) => fk.fromStream === streamName || fk.toStream === streamName).length;
	return [...profile.streams].sort((a, b) => degree(b.name) - degree(a.name) || b.recordCount - a.recordCount || (a.name < b.name ? -1 : 1));
}

interface StreamContext {
	stream: StreamProfile;
	model: DataModel;
	pii: PiiReport | undefined;
	level: DetailLevel;
	primaryKey: string[];
	/** Single-column FKs of this stream by column. */
	fks: Map<string, ModelForeignKey>;
	children: Map<string, FieldProfile[]>;
}

function parentPath(field: FieldProfile): string | undefined {
	if (field.segments.length <= 1) return undefined;
	const last = field.segments[field.segments.length - 1];
	return field.path.slice(0, field.path.length - (last === '[]' ? 2 : last.length + 1));
}

function isEmptyTree(ctx: StreamContext, field: FieldProfile): boolean {
	const kids = ctx.children.get(field.path) ?? [];
	if (kids.length > 0) return kids.every((kid) => isEmptyTree(ctx, kid));
	return field.semanticType === 'empty';
}

function fkTarget(ctx: StreamContext, fk: ModelForeignKey): string {
	const target = ctx.model.streams.find((stream) => stream.name === fk.toStream);
	const toKey = target && target.primaryKey.length === 1 && target.primaryKey[0] === fk.toColumns[0];
	const kind = fk.kind === 'one_to_one' ? '1:1' : '';
	const score = fk.score < 0.995 ? `.${String(Math.round(fk.score * 100)).padStart(2, '0')}` : '';
	const note = [kind, score].filter(Boolean).join(' ');
	return `>${name(fk.toStream)}${toKey ? '' : `.${name(fk.toColumns[0])}`}${note ? `(${note})` : ''}`;
}

function stats(ctx: StreamContext, field: FieldProfile, personal: boolean, keyLike: boolean): string {
	let out = '';
	if (ctx.level >= 2 && field.nullRate >= 0.005) out += `?${Math.round(field.nullRate * 100)}`;
	if (ctx.level < 2 || keyLike || field.semanticType === 'json') return out;
	if (personal) return out;
	const repeats = field.nonNull >= 2 && field.distinct > 0 && field.uniqueness < 0.5;
	if (repeats) out += `~${field.distinct}`;
	if (ctx.level < 3) return out;
	if (VALUE_TYPES.has(field.semanticType) && repeats && field.distinct <= MAX_CATEGORY_VALUES && field.topK.length > 0) {
		out += `=${field.topK.slice(0, 3).map((top) => clean(top.value, 12).replace(/[\s|]/g, '_')).join('|')}`;
	} else if (TIME_TYPES.has(field.semanticType) && field.temporal) {
		out += ` ${span(field.temporal.min, field.temporal.max)}`;
	} else if (RANGE_TYPES.has(field.semanticType) && field.numeric) {
		out += ` ${range(fmt(field.numeric.min), fmt(field.numeric.max))}`;
	}
	return out;
}

/** One column; `inPii`: an ancestor is PII already (marked there once). */
function renderField(ctx: StreamContext, field: FieldProfile, label: string, inPii = false): string {
	const kids = ctx.children.get(field.path) ?? [];
	const element = kids.length === 1 && kids[0].segments[kids[0].segments.length - 1] === '[]' ? kids[0] : undefined;
	if (element) return renderField(ctx, element, `${label}[]`, inPii);
	const personal = inPii || (ctx.pii ? piiFor(ctx.pii, ctx.stream.name, field.path) !== undefined : false);
	const fk = ctx.fks.get(field.path);
	const type = ctx.level >= 1 && !fk ? typeOf(field) : '';
	let out = `${label}${type ? `:${type}` : ''}${personal && !inPii ? '!' : ''}`;
	if (ctx.stream.recordCount > 0) out += stats(ctx, field, personal, fk !== undefined || ctx.primaryKey.includes(field.path));
	if (fk) out += ctx.level >= 2 ? fkTarget(ctx, fk) : `>${name(fk.toStream)}`;
	const shown = ctx.stream.recordCount > 0 ? kids.filter((kid) => !isEmptyTree(ctx, kid)) : kids;
	if (shown.length > 0 && ctx.level >= 2) out += `{${shown.map((kid) => renderField(ctx, kid, name(kid.segments[kid.segments.length - 1]), personal)).join(' ')}}`;
	return out;
}

function streamHeader(ctx: StreamContext, analysis: BusinessAnalysis): string {
	const entity = analysis.entities.find((candidate) => candidate.stream === ctx.stream.name);
	const header = [name(ctx.stream.name), String(ctx.stream.totalRecords ?? ctx.stream.recordCount)];
	if (entity) header.push(name(entity.entityType), entity.role);
	if (ctx.primaryKey.length > 0) header.push(`key=${ctx.primaryKey.map(name).join('+')}`);
	return header.join(' ');
}

/** The lines of one stream at one detail level (a header line with its columns, then any example records). */
export function streamLines(stream: StreamProfile, model: DataModel, analysis: BusinessAnalysis, pii: PiiReport | undefined, level: DetailLevel, exampleRecords?: DigestOptions['exampleRecords']): string[] {
	const modelStream = model.streams.find((candidate) => candidate.name === stream.name);
	const fks = new Map<string, ModelForeignKey>();
	for (const fk of model.foreignKeys) if (fk.fromStream === stream.name && fk.fromColumns.length === 1) fks.set(fk.fromColumns[0], fk);
	const children = new Map<string, FieldProfile[]>();
	for (const field of stream.fields) {
		const parent = parentPath(field);
		if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), field]);
	}
	const ctx: StreamContext = { stream, model, pii, level, primaryKey: modelStream?.primaryKey ?? [], fks, children };
	const top = stream.fields.filter((field) => field.segments.length === 1);
	const columns: string[] = [];
	const empty: string[] = [];
	for (const field of top) {
		const keyOnly = ctx.primaryKey.length === 1 && ctx.primaryKey[0] === field.path && !fks.has(field.path);
		if (keyOnly) continue;
		if (stream.recordCount > 0 && isEmptyTree(ctx, field)) empty.push(name(field.path));
		else columns.push(renderField(ctx, field, name(field.path)));
	}
	const body = [...columns, ...(empty.length > 0 ? [`empty: ${empty.join(' ')}`] : [])].join(' ');
	const lines = [`${streamHeader(ctx, analysis)}${stream.recordCount === 0 ? ' (catalog only)' : ''}: ${body}`];
	const examples = exampleRecords?.get(stream.name);
	if (examples && examples.length > 0 && level >= 3) {
		lines.push('example records (redacted):');
		for (const record of examples) lines.push(clean(JSON.stringify(record), 400));
	}
	return lines;
}

/** Warnings and errors only (info-level findings such as empty columns are visible in the lines already). */
function qualityLines(issues: DataQualityIssue[], kept: Set<string>): string[] {
	const byKind = new Map<string, string[]>();
	for (const issue of issues) {
		if (issue.severity === 'info' || !kept.has(issue.stream)) continue;
		const days = issue.kind === 'stale_data' ? issue.message.match(/(\d+) days? old/)?.[1] : undefined;
		const where = `${name(issue.stream)}${issue.columns.length > 0 ? `.${issue.columns.map(name).join('+')}` : ''}${days ? ` ${days}d` : ''}`;
		byKind.set(issue.kind, [...(byKind.get(issue.kind) ?? []), where]);
	}
	return [...byKind].map(([kind, places]) => `${kind}: ${places.slice(0, 12).join(', ')}${places.length > 12 ? ` +${places.length - 12} more` : ''}`);
}

export function buildDigest(profile: DatasetProfile, model: DataModel, analysis: BusinessAnalysis, pii: PiiReport | undefined, options: DigestOptions): string {
	const ranked = rankStreams(profile, model);
	const kept = new Set(ranked.slice(0, options.maxStreams ?? ranked.length).map((stream) => stream.name));
	const lines: string[] = [];
	for (const stream of profile.streams) {
		if (kept.has(stream.name)) lines.push(...streamLines(stream, model, analysis, pii, options.levels?.get(stream.name) ?? options.level, options.exampleRecords));
	}
	const omitted = profile.streams.filter((stream) => !kept.has(stream.name));
	if (omitted.length > 0) lines.push(`(${omitted.length} more streams not shown: ${omitted.slice(0, 40).map((stream) => name(stream.name)).join(' ')}${omitted.length > 40 ? ' …' : ''})`);
	const composite = model.foreignKeys.filter((fk) => fk.fromColumns.length > 1 && kept.has(fk.fromStream));
	for (const fk of composite) lines.push(`fk ${name(fk.fromStream)}.${fk.fromColumns.map(name).join('+')}>${name(fk.toStream)}.${fk.toColumns.map(name).join('+')}`);
	if (options.extras ?? options.level >= 2) lines.push(...extraLines(analysis, kept));
	return lines.join('\n');
}

/** The rules' KPI candidates and data-quality warnings for the streams shown. */
function extraLines(analysis: BusinessAnalysis, kept: Set<string>): string[] {
	const lines: string[] = [];
	const kpis = analysis.kpis.filter((kpi) => kept.has(kpi.stream)).slice(0, 12);
	const groups = new Map<string, string[]>();
	for (const kpi of kpis) {
		const time = kpi.timeColumn ? `@${kpi.timeJoin ? `${name(kpi.timeJoin.stream)}.` : ''}${name(kpi.timeColumn)}/${kpi.grain ?? ''}` : '';
		const measure = kpi.measure.kind === 'rows' ? '*' : kpi.measure.kind === 'column' ? name(kpi.measure.column) : kpi.measure.columns.map(name).join('*');
		const group = `${name(kpi.stream)}${time}`;
		groups.set(group, [...(groups.get(group) ?? []), `${kpi.aggregation}(${measure})`]);
	}
	if (groups.size > 0) lines.push(`rule KPIs: ${[...groups].map(([group, measures]) => `${group}: ${measures.join(' ')}`).join('; ')}`);
	const quality = qualityLines(analysis.dataQuality, kept);
	if (quality.length > 0) lines.push(`quality: ${quality.join('; ')}`);
	return lines;
}
