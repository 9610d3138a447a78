// The deterministic business analysis: complete and useful with no model connected.

import type { DatasetProfile } from '../../profile/types';
import type { StreamSample } from '../../sample/types';
import type { PiiReport } from '../../pii/types';
import type { DataModel } from '../model';
import { BUSINESS_TYPES, GENERIC_BUSINESS_TYPE } from '../vocabulary/business-types';
import { pluralize } from '../vocabulary/names';
import { inferBusinessType } from './business-type';
import { describeEntities } from './entities';
import { buildKpis } from './kpis';
import { findQualityIssues } from './quality';
import { describeRelationships } from './relationships';
import { recommendSync } from './sync';
import type { BusinessAnalysis, BusinessEntity, BusinessModelDescription, BusinessTypeInference, KpiDefinition } from './types';

export interface AnalyzeBusinessInput {
	profile: DatasetProfile;
	model: DataModel;
	samples?: readonly StreamSample[];
	pii?: PiiReport;
	/** Reference time for staleness and schedules. Default: now. */
	now?: Date;
	staleAfterDays?: number;
}

export function describeBusinessModel(type: BusinessTypeInference, kpis: KpiDefinition[]): BusinessModelDescription {
	const rule = BUSINESS_TYPES.find((candidate) => candidate.type === type.type);
	const revenueSources = kpis
		.filter((kpi) => kpi.unit === 'currency' || kpi.unit === 'currency_minor')
		.filter((kpi, index, all) => all.findIndex((other) => other.stream === kpi.stream) === index)
		.map((kpi) => ({
			stream: kpi.stream,
			column: kpi.measure.kind === 'column' ? kpi.measure.column : kpi.measure.kind === 'product' ? kpi.measure.columns.join(' × ') : null,
			description: kpi.description,
		}));
	const revenueText = revenueSources.length > 0 ? revenueSources.map((source) => `${source.stream}${source.column ? `.${source.column}` : ''}`).join(' and ') : 'no money column found';
	const template = rule?.modelDescription ?? GENERIC_BUSINESS_TYPE.modelDescription;
	return {
		kind: rule?.modelKind ?? GENERIC_BUSINESS_TYPE.modelKind,
		description: template.replace('{revenue}', revenueText),
		revenueSources,
		source: 'rules',
	};
}

function summarize(type: BusinessTypeInference, entities: BusinessEntity[], analysis: Pick<BusinessAnalysis, 'relationships' | 'kpis' | 'dataQuality' | 'sync'>): string {
	const facts = entities.filter((entity) => entity.role === 'fact' || entity.role === 'event').map((entity) => pluralize(entity.label));
	const dimensions = entities.filter((entity) => entity.role === 'dimension').map((entity) => pluralize(entity.label));
	const problems = analysis.dataQuality.filter((issue) => issue.severity !== 'info').length;
	const parts = [
		`${type.label} (confidence ${Math.round(type.confidence * 100)}%).`,
		facts.length > 0 ? `Activity is recorded as ${facts.slice(0, 5).join(', ')}.` : '',
		dimensions.length > 0 ? `It is described by ${dimensions.slice(0, 6).join(', ')}.` : '',
		`${analysis.relationships.length} verified relationships, ${analysis.kpis.length} KPIs, ${problems} data-quality problems worth a look.`,
		analysis.sync.scheduleType === 'manual' ? 'Sync on demand.' : `Sync ${analysis.sync.cronExpression} (UTC).`,
	];
	return parts.filter((part) => part.length > 0).join(' ');
}

export function analyzeBusiness(input: AnalyzeBusinessInput): BusinessAnalysis {
	const { profile, model, pii } = input;
	const samples = input.samples ?? [];
	const businessType = inferBusinessType(profile);
	const entities = describeEntities(profile, model, pii);
	const relationships = describeRelationships(model, entities);
	const kpis = buildKpis(profile, model, entities);
	const dataQuality = findQualityIssues(profile, model, samples, { now: input.now, staleAfterDays: input.staleAfterDays, pii });
	const sync = recommendSync(profile, model, { now: input.now, catalog: new Map(samples.map((sample) => [sample.stream.name, sample.stream])) });
	const businessModel = describeBusinessModel(businessType, kpis);
	return {
		businessType,
		businessModel,
		entities,
		relationships,
		kpis,
		dataQuality,
		sync,
		summary: summarize(businessType, entities, { relationships, kpis, dataQuality, sync }),
		insights: [],
	};
}
