// Fold a model's answer into the deterministic analysis. Every stream, column and relationship it names is
// checked against the profile and the verified model: unknown ones are dropped with a warning. Keys, types
// and foreign keys are never taken from the model; text is accepted only when it reads as prose.

import type { DatasetProfile, FieldProfile } from '../../profile/types';
import { scrubText } from '../../pii/redact';
import { isTemporal } from '../business/columns';
import type { BusinessAnalysis, KpiDefinition, KpiFilter } from '../business/types';
import { BUSINESS_TYPES } from '../vocabulary/business-types';
import { clean } from './digest';
import { looksLikeProse } from './prose';
import { llmEntitySchema, llmKpiSchema, llmRelationshipSchema, type LlmEntity, type LlmKpi, type LlmRelationship } from './schema';

export interface MergeResult {
	analysis: BusinessAnalysis;
	warnings: string[];
	accepted: { businessType: boolean; entities: number; relationships: number; kpis: number; insights: number };
	rejected: number;
}

const NUMERIC = new Set(['integer', 'decimal', 'money']);
const short = (value: unknown): string => JSON.stringify(clean(typeof value === 'string' ? value : JSON.stringify(value) ?? 'null', 60));

function items<T>(value: unknown, parse: (item: unknown) => T | undefined, section: string, warnings: string[]): T[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) {
		warnings.push(`Model answer: "${section}" is not a list; ignored.`);
		return [];
	}
	const parsed: T[] = [];
	let malformed = 0;
	for (const item of value) {
		const result = parse(item);
		if (result === undefined) malformed++;
		else parsed.push(result);
	}
	if (malformed > 0) warnings.push(`Model answer: ${malformed} malformed ${section} item(s) dropped.`);
	return parsed;
}

function topField(profile: DatasetProfile, stream: string, column: string | null): FieldProfile | undefined {
	if (column === null) return undefined;
	return profile.streams.find((candidate) => candidate.name === stream)?.fields.find((field) => field.path === column && field.segments.length === 1);
}

function prose(text: string, max: number): string | undefined {
	return looksLikeProse(text, max) ? scrubText(text.trim()) : undefined;
}

export function mergeModelAnswer(base: BusinessAnalysis, answer: unknown, profile: DatasetProfile): MergeResult {
	const warnings: string[] = [];
	let rejected = 0;
	const reject = (message: string): void => {
		rejected++;
		warnings.push(message);
	};
	const accepted = { businessType: false, entities: 0, relationships: 0, kpis: 0, insights: 0 };
	const analysis: BusinessAnalysis = structuredClone(base);
	const object = (typeof answer === 'object' && answer !== null && !Array.isArray(answer) ? answer : {}) as Record<string, unknown>;
	const streams = new Set(profile.streams.map((stream) => stream.name));

	// Business type: only a vocabulary type the data supports (the rules' choice or one of its alternatives).
	const proposed = object.businessType;
	if (typeof proposed === 'string') {
		const supported = [base.businessType.type, ...base.businessType.alternatives.map((alt) => alt.type)];
		const rule = BUSINESS_TYPES.find((candidate) => candidate.type === proposed);
		if (proposed === base.businessType.type) accepted.businessType = true;
		else if (rule && supported.includes(proposed)) {
			const domain = base.businessType.domain;
			analysis.businessType = {
				...base.businessType,
				type: rule.type,
				label: domain && rule.domainLabel ? rule.domainLabel.replace('{domain}', domain) : rule.label,
				evidence: [...base.businessType.evidence, 'chosen by the connected model among the types the data supports'],
				alternatives: [{ type: base.businessType.type, label: base.businessType.label, score: 0 }, ...base.businessType.alternatives.filter((alt) => alt.type !== proposed)],
				source: 'llm',
			};
			accepted.businessType = true;
		} else reject(`Model answer: business type ${short(proposed)} has no support in the data; kept ${base.businessType.type}.`);
	}
	const summary = typeof object.businessSummary === 'string' ? prose(object.businessSummary, 600) : undefined;
	if (summary) analysis.businessModel = { ...analysis.businessModel, description: summary, source: 'llm' };
	else if (object.businessSummary !== undefined) reject('Model answer: the business summary does not read as prose; kept the rules\' description.');

	for (const entity of items<LlmEntity>(object.entities, (item) => llmEntitySchema.safeParse(item).data, 'entity', warnings)) {
		const target = analysis.entities.find((candidate) => candidate.stream === entity.stream);
		if (!target || !streams.has(entity.stream)) {
			reject(`Model answer: unknown stream ${short(entity.stream)} dropped.`);
			continue;
		}
		const label = prose(entity.label, 60);
		const description = prose(entity.description, 400);
		if (!label && !description) {
			reject(`Model answer: wording for ${entity.stream} does not read as prose; dropped.`);
			continue;
		}
		if (label) target.label = label.toLowerCase();
		if (description) target.description = description;
		target.source = 'llm';
		accepted.entities++;
	}

	for (const relationship of items<LlmRelationship>(object.relationships, (item) => llmRelationshipSchema.safeParse(item).data, 'relationship', warnings)) {
		const target = analysis.relationships.find(
			(candidate) => candidate.fromStream === relationship.fromStream && candidate.toStream === relationship.toStream && candidate.fromColumns.includes(relationship.fromColumn),
		);
		if (!target) {
			reject(`Model answer: relationship ${short(relationship.fromStream)}.${short(relationship.fromColumn)} -> ${short(relationship.toStream)} is not verified in the data; dropped.`);
			continue;
		}
		const description = prose(relationship.description, 300);
		if (!description) {
			reject(`Model answer: description of ${relationship.fromStream}.${relationship.fromColumn} does not read as prose; dropped.`);
			continue;
		}
		target.description = description;
		target.source = 'llm';
		accepted.relationships++;
	}

	const modelKpis = items<LlmKpi>(object.kpis, (item) => llmKpiSchema.safeParse(item).data, 'KPI', warnings);
	modelKpis.forEach((kpi, index) => {
		const problem = kpiProblem(kpi, profile, streams);
		if (problem) {
			reject(`Model answer: KPI ${short(kpi.name)} dropped: ${problem}.`);
			return;
		}
		const name = prose(kpi.name, 80);
		const description = prose(kpi.description, 300) ?? name;
		if (!name || !description) {
			reject(`Model answer: KPI on ${kpi.stream} does not read as prose; dropped.`);
			return;
		}
		const measure: KpiDefinition['measure'] = kpi.measureColumn === null ? { kind: 'rows' } : { kind: 'column', column: kpi.measureColumn };
		const duplicate = analysis.kpis.some(
			(existing) => existing.stream === kpi.stream && existing.aggregation === kpi.aggregation && JSON.stringify(existing.measure) === JSON.stringify(measure),
		);
		if (duplicate) return;
		const filters: KpiFilter[] = kpi.filterColumn !== null && kpi.filterValues.length > 0 ? [{ column: kpi.filterColumn, op: 'in', value: kpi.filterValues.map((value) => value.slice(0, 100)) }] : [];
		const measureField = topField(profile, kpi.stream, kpi.measureColumn);
		analysis.kpis.push({
			id: `llm_${index + 1}__${kpi.stream}`,
			name,
			description,
			stream: kpi.stream,
			measure,
			aggregation: kpi.aggregation,
			timeColumn: kpi.timeColumn,
			grain: kpi.timeColumn ? (kpi.grain ?? 'month') : null,
			filters,
			unit: kpi.aggregation === 'count' || kpi.aggregation === 'count_distinct' ? 'count' : measureField?.semanticType === 'money' ? 'currency' : 'number',
			evidence: 'proposed by the connected model; columns verified against the profile',
			source: 'llm',
		});
		accepted.kpis++;
	});

	for (const insight of items<string>(object.insights, (item) => (typeof item === 'string' ? item : undefined), 'insight', warnings)) {
		const text = prose(insight, 300);
		if (text) {
			analysis.insights.push(text);
			accepted.insights++;
		} else reject('Model answer: an insight that does not read as prose was dropped.');
	}
	return { analysis, warnings, accepted, rejected };
}

function kpiProblem(kpi: LlmKpi, profile: DatasetProfile, streams: Set<string>): string | undefined {
	if (!streams.has(kpi.stream)) return `unknown stream ${short(kpi.stream)}`;
	if (kpi.measureColumn === null) {
		if (kpi.aggregation !== 'count') return `${kpi.aggregation} needs a measure column`;
	} else {
		const measure = topField(profile, kpi.stream, kpi.measureColumn);
		if (!measure) return `unknown column ${short(kpi.measureColumn)} in ${kpi.stream}`;
		if (['sum', 'avg', 'min', 'max'].includes(kpi.aggregation) && !NUMERIC.has(measure.semanticType) && !(kpi.aggregation !== 'sum' && kpi.aggregation !== 'avg' && isTemporal(measure))) {
			return `${kpi.aggregation} of ${kpi.measureColumn} which is ${measure.semanticType}, not a number`;
		}
	}
	if (kpi.timeColumn !== null) {
		const time = topField(profile, kpi.stream, kpi.timeColumn);
		if (!time) return `unknown time column ${short(kpi.timeColumn)} in ${kpi.stream}`;
		if (!isTemporal(time)) return `time column ${kpi.timeColumn} is ${time.semanticType}, not a date or time`;
	}
	if (kpi.filterColumn !== null && !topField(profile, kpi.stream, kpi.filterColumn)) return `unknown filter column ${short(kpi.filterColumn)} in ${kpi.stream}`;
	return undefined;
}
