// The compact digest of the profile that a model sees: one header line per stream, one short line per column,
// keys and relationships as arrows, no raw records, no values of PII columns, every value cleaned and
// shortened. Four detail levels, so the prompt fits a token budget.

import type { DatasetProfile, FieldProfile, StreamProfile } from '../../profile/types';
import type { PiiReport } from '../../pii/types';
import { piiFor } from '../../pii/classify';
import { scrubText } from '../../pii/redact';
import { stripInvisible } from './invisible';
import type { BusinessAnalysis } from '../business/types';
import type { DataModel } from '../model';

/** 3: statistics and safe example values; 2: types, nulls and distinct counts; 1: column names and types; 0: column names. */
export type DetailLevel = 0 | 1 | 2 | 3;

export interface DigestOptions {
	level: DetailLevel;
	/** Keep only the first `maxStreams` streams (ranked by importance); the rest are named as omitted. */
	maxStreams?: number;
	/** Redacted example records per stream (0 = none, the default). */
	exampleRecords?: Map<string, Array<Record<string, unknown>>>;
}

/** How each line of the digest reads; the system message repeats it once so lines can stay terse. */
export const DIGEST_LEGEND = 'Stream lines: "# name rows entity/role key". Column lines: "name type [null%] [~distinct] [min..max | =values]". PII columns show no values. FK lines: "from.col>to.col".';

/** A value or name made safe to show: no control/invisible characters, no markers, PII scrubbed, short. */
export function clean(value: unknown, max = 32): string {
	const text = scrubText(stripInvisible(String(value)).replace(/\s+/g, ' ').trim()).replace(/<<<|>>>/g, '"');
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Short type names (the model reads `ts` as well as `timestamp_tz`, for fewer tokens). */
const SHORT_TYPES: Record<string, string> = {
	integer: 'int',
	decimal: 'num',
	boolean: 'bool',
	timestamp_tz: 'ts',
	timestamp: 'ts',
	epoch_seconds: 'epoch_s',
	epoch_millis: 'epoch_ms',
	country_code: 'country',
	currency_code: 'currency',
};

const VALUE_TYPES = new Set(['enum', 'country_code', 'currency_code', 'boolean', 'code']);

const FK_KINDS: Record<string, string> = { one_to_one: ' 1:1', self: ' self', many_to_many: ' n:m' };

function typeOf(field: FieldProfile): string {
	return SHORT_TYPES[field.semanticType] ?? field.semanticType;
}

function fmt(value: number): string {
	return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

function name(value: string): string {
	return clean(value, 64);
}

function fieldLine(stream: StreamProfile, field: FieldProfile, pii: PiiReport | undefined, level: DetailLevel): string {
	const parts = [name(field.path), typeOf(field)];
	const personal = pii ? piiFor(pii, stream.name, field.path) : undefined;
	if (personal) parts.push(`PII:${personal.kind}`);
	if (field.nullRate > 0) parts.push(`null${Math.round(field.nullRate * 100)}%`);
	if (field.semanticType === 'empty') return parts.join(' ');
	parts.push(`~${field.distinct}`);
	if (level < 3 || personal) return parts.join(' ');
	if (VALUE_TYPES.has(field.semanticType) && field.topK.length > 0) {
		const values = (field.enumValues ?? field.topK.map((top) => top.value)).slice(0, 3).map((value) => clean(value, 16));
		parts.push(`=${values.join('|')}`);
	} else if (field.numeric) parts.push(`${fmt(field.numeric.min)}..${fmt(field.numeric.max)}`);
	else if (field.temporal) parts.push(`${clean(field.temporal.min, 10)}..${clean(field.temporal.max, 10)}`);
	return parts.join(' ');
}

/** Streams ranked by how much they matter: related to many others, then larger. */
export function rankStreams(profile: DatasetProfile, model: DataModel): StreamProfile[] {
	const degree = (streamName: string): number => model.foreignKeys.filter((fk) => fk.fromStream === streamName || fk.toStream === streamName).length;
	return [...profile.streams].sort((a, b) => degree(b.name) - degree(a.name) || b.recordCount - a.recordCount || (a.name < b.name ? -1 : 1));
}

function streamHeader(stream: StreamProfile, model: DataModel, analysis: BusinessAnalysis): string {
	const entity = analysis.entities.find((candidate) => candidate.stream === stream.name);
	const modelStream = model.streams.find((candidate) => candidate.name === stream.name);
	const header = [`# ${name(stream.name)}`, String(stream.totalRecords ?? stream.recordCount)];
	if (entity) header.push(`${entity.entityType}/${entity.role}`);
	if (modelStream && modelStream.primaryKey.length > 0) header.push(`key ${modelStream.primaryKey.map(name).join('+')}`);
	return header.join(' ');
}

function streamLines(stream: StreamProfile, model: DataModel, analysis: BusinessAnalysis, pii: PiiReport | undefined, options: DigestOptions): string[] {
	const lines = [streamHeader(stream, model, analysis)];
	const level = options.level;
	const fields = stream.fields.filter((field) => level >= 2 || field.segments.length === 1);
	if (fields.length === 0) return lines;
	if (level <= 1) {
		lines.push(fields.map((field) => (level === 1 ? `${name(field.path)} ${typeOf(field)}` : name(field.path))).join(', '));
		return lines;
	}
	for (const field of fields) lines.push(fieldLine(stream, field, pii, level));
	const examples = options.exampleRecords?.get(stream.name);
	if (examples && examples.length > 0 && level >= 3) {
		lines.push('example records (redacted):');
		for (const record of examples) lines.push(clean(JSON.stringify(record), 400));
	}
	return lines;
}

export function buildDigest(profile: DatasetProfile, model: DataModel, analysis: BusinessAnalysis, pii: PiiReport | undefined, options: DigestOptions): string {
	const ranked = rankStreams(profile, model);
	const kept = new Set(ranked.slice(0, options.maxStreams ?? ranked.length).map((stream) => stream.name));
	const lines = [`rules: ${analysis.businessType.type} ${analysis.businessType.confidence}`];
	for (const stream of profile.streams) if (kept.has(stream.name)) lines.push(...streamLines(stream, model, analysis, pii, options));
	const omitted = profile.streams.filter((stream) => !kept.has(stream.name));
	if (omitted.length > 0) lines.push(`(${omitted.length} more streams not shown: ${omitted.slice(0, 40).map((stream) => clean(stream.name, 40)).join(', ')}${omitted.length > 40 ? ', …' : ''})`);
	const fks = model.foreignKeys.filter((fk) => kept.has(fk.fromStream) || kept.has(fk.toStream));
	if (fks.length > 0) {
		lines.push('## FKs');
		for (const fk of fks) lines.push(`${name(fk.fromStream)}.${name(fk.fromColumns.join('+'))}>${name(fk.toStream)}.${name(fk.toColumns.join('+'))}${FK_KINDS[fk.kind ?? ''] ?? ''}`);
	}
	if (options.level >= 2 && analysis.kpis.length > 0) {
		lines.push('## rule KPIs');
		for (const kpi of analysis.kpis) {
			const measure = kpi.measure.kind === 'rows' ? 'rows' : kpi.measure.kind === 'column' ? kpi.measure.column : kpi.measure.columns.join('*');
			lines.push(`${name(kpi.stream)}: ${kpi.aggregation}(${name(measure)})${kpi.timeColumn ? ` by ${kpi.grain} ${name(kpi.timeColumn)}` : ''}`);
		}
	}
	return lines.join('\n');
}
