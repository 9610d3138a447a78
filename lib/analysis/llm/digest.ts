// The compact digest of the profile that a model sees: one line per column, no raw records, no values of
// PII columns, every value cleaned and shortened. Four detail levels, so the prompt fits a token budget.

import type { DatasetProfile, FieldProfile, StreamProfile } from '../../profile/types';
import type { PiiReport } from '../../pii/types';
import { piiFor } from '../../pii/classify';
import { scrubText } from '../../pii/redact';
import { stripInvisible } from './invisible';
import type { BusinessAnalysis } from '../business/types';
import type { DataModel } from '../model';

/** 3: values and statistics; 2: statistics; 1: column names and types; 0: stream names only. */
export type DetailLevel = 0 | 1 | 2 | 3;

export interface DigestOptions {
	level: DetailLevel;
	/** Keep only the first `maxStreams` streams (ranked by importance); the rest are named as omitted. */
	maxStreams?: number;
	/** Redacted example records per stream (0 = none, the default). */
	exampleRecords?: Map<string, Array<Record<string, unknown>>>;
}

/** A value or name made safe to show: no control/invisible characters, no markers, PII scrubbed, short. */
export function clean(value: unknown, max = 32): string {
	const text = scrubText(stripInvisible(String(value)).replace(/\s+/g, ' ').trim()).replace(/<<<|>>>/g, '"');
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const VALUE_TYPES = new Set(['enum', 'country_code', 'currency_code', 'boolean', 'code']);

function pct(rate: number): string {
	return `${Math.round(rate * 100)}%`;
}

function fmt(value: number): string {
	return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

function fieldLine(stream: StreamProfile, field: FieldProfile, model: DataModel, pii: PiiReport | undefined, level: DetailLevel): string {
	const parts = [`- ${clean(field.path, 64)}: ${field.semanticType}`];
	const modelStream = model.streams.find((candidate) => candidate.name === stream.name);
	if (modelStream?.primaryKey.includes(field.path)) parts.push('key');
	const fk = model.foreignKeys.find((candidate) => candidate.fromStream === stream.name && candidate.fromColumns.includes(field.path));
	if (fk) parts.push(`-> ${clean(fk.toStream, 64)}.${clean(fk.toColumns.join('+'), 64)}`);
	const personal = pii ? piiFor(pii, stream.name, field.path) : undefined;
	if (personal) parts.push(`PII:${personal.kind}`);
	if (level >= 2) {
		if (field.nullRate > 0) parts.push(`null ${pct(field.nullRate)}`);
		parts.push(`distinct ${field.distinct}`);
		if (!personal) {
			if (field.numeric) parts.push(`range ${fmt(field.numeric.min)}..${fmt(field.numeric.max)}${field.numeric.quantiles.p50 !== undefined ? ` median ${fmt(field.numeric.quantiles.p50)}` : ''}`);
			if (field.temporal) parts.push(`range ${clean(field.temporal.min, 20)}..${clean(field.temporal.max, 20)}`);
		}
	}
	if (level >= 3 && !personal && VALUE_TYPES.has(field.semanticType) && field.topK.length > 0) {
		const values = (field.enumValues ?? field.topK.map((top) => top.value)).slice(0, 6).map((value) => clean(value, 24));
		parts.push(`values ${values.join(' | ')}`);
	}
	return parts.join(', ');
}

/** Streams ranked by how much they matter: related to many others, then larger. */
export function rankStreams(profile: DatasetProfile, model: DataModel): StreamProfile[] {
	const degree = (name: string): number => model.foreignKeys.filter((fk) => fk.fromStream === name || fk.toStream === name).length;
	return [...profile.streams].sort((a, b) => degree(b.name) - degree(a.name) || b.recordCount - a.recordCount || (a.name < b.name ? -1 : 1));
}

export function buildDigest(profile: DatasetProfile, model: DataModel, analysis: BusinessAnalysis, pii: PiiReport | undefined, options: DigestOptions): string {
	const lines: string[] = [];
	const level = options.level;
	const ranked = rankStreams(profile, model);
	const kept = new Set(ranked.slice(0, options.maxStreams ?? ranked.length).map((stream) => stream.name));
	lines.push(`business type by rules: ${analysis.businessType.type} (${clean(analysis.businessType.label, 80)}), confidence ${analysis.businessType.confidence}`);
	if (analysis.businessType.alternatives.length > 0) lines.push(`other candidates: ${analysis.businessType.alternatives.map((alt) => alt.type).join(', ')}`);
	lines.push(`streams: ${profile.streams.length}`);
	for (const stream of profile.streams) {
		if (!kept.has(stream.name)) continue;
		const entity = analysis.entities.find((candidate) => candidate.stream === stream.name);
		const modelStream = model.streams.find((candidate) => candidate.name === stream.name);
		const header = [`## ${clean(stream.name, 64)}`, `rows ${stream.totalRecords ?? stream.recordCount}`];
		if (entity) header.push(`entity ${entity.entityType}`, `role ${entity.role}`);
		if (modelStream && modelStream.primaryKey.length > 0) header.push(`key ${modelStream.primaryKey.map((column) => clean(column, 64)).join('+')}`);
		if (level === 0) {
			lines.push(header.join(', '));
			continue;
		}
		lines.push(header.join(', '));
		const fields = stream.fields.filter((field) => level >= 2 || field.segments.length === 1);
		if (level === 1) {
			lines.push(`  columns: ${fields.map((field) => `${clean(field.path, 64)}:${field.semanticType}`).join(', ')}`);
			continue;
		}
		for (const field of fields) lines.push(fieldLine(stream, field, model, pii, level));
		const examples = options.exampleRecords?.get(stream.name);
		if (examples && examples.length > 0 && level >= 3) {
			lines.push('  example records (redacted):');
			for (const record of examples) lines.push(`  ${clean(JSON.stringify(record), 400)}`);
		}
	}
	const omitted = profile.streams.filter((stream) => !kept.has(stream.name));
	if (omitted.length > 0) lines.push(`(${omitted.length} more streams not shown: ${omitted.slice(0, 40).map((stream) => clean(stream.name, 40)).join(', ')}${omitted.length > 40 ? ', …' : ''})`);
	lines.push('## verified relationships');
	for (const fk of model.foreignKeys) {
		if (!kept.has(fk.fromStream) && !kept.has(fk.toStream)) continue;
		lines.push(`- ${clean(fk.fromStream, 64)}.${clean(fk.fromColumns.join('+'), 64)} -> ${clean(fk.toStream, 64)}.${clean(fk.toColumns.join('+'), 64)} (${fk.kind ?? 'many_to_one'}, score ${fk.score})`);
	}
	if (level >= 1) {
		lines.push('## KPIs found by rules');
		for (const kpi of analysis.kpis) {
			const measure = kpi.measure.kind === 'rows' ? 'rows' : kpi.measure.kind === 'column' ? kpi.measure.column : kpi.measure.columns.join('*');
			lines.push(`- ${clean(kpi.stream, 64)}: ${kpi.aggregation}(${clean(measure, 64)})${kpi.timeColumn ? ` by ${kpi.grain} of ${clean(kpi.timeColumn, 64)}` : ''}`);
		}
	}
	return lines.join('\n');
}
