// Business type from the rule table: evidence from entity types, stream-name words and column names.

import type { DatasetProfile } from '../../profile/types';
import { BUSINESS_TYPES, DOMAINS, GENERIC_BUSINESS_TYPE, type BusinessTypeRule } from '../vocabulary/business-types';
import { matchesIn } from '../vocabulary/match';
import { singularTokens } from '../vocabulary/names';
import { entityTypeOf } from './entities';
import type { BusinessTypeInference } from './types';

/** Stream-name words can add at most this much to one type (a source with a stream per API object must not win by count). */
const MAX_WORD_SCORE = 4;

interface Scored {
	rule: BusinessTypeRule;
	score: number;
	evidence: string[];
}

function scoreType(rule: BusinessTypeRule, profile: DatasetProfile, entityTypes: Map<string, string>): Scored {
	let score = 0;
	const evidence: string[] = [];
	const seenEntities = new Set<string>();
	for (const [stream, entityType] of entityTypes) {
		const weight = rule.entitySignals[entityType];
		if (weight && !seenEntities.has(entityType)) {
			seenEntities.add(entityType);
			score += weight;
			evidence.push(`stream ${stream} is ${entityType.replace(/_/g, ' ')} data (+${weight})`);
		}
	}
	const words = new Set(profile.streams.flatMap((stream) => singularTokens(stream.name)));
	let wordScore = 0;
	for (const [word, weight] of Object.entries(rule.streamWordSignals ?? {})) {
		if (words.has(word) && wordScore < MAX_WORD_SCORE) {
			const added = Math.min(weight, MAX_WORD_SCORE - wordScore);
			wordScore += added;
			evidence.push(`a stream name mentions "${word}" (+${added})`);
		}
	}
	score += wordScore;
	for (const signal of rule.fieldSignals ?? []) {
		const hit = profile.streams
			.filter((stream) => !signal.onEntity || signal.onEntity.includes(entityTypes.get(stream.name) ?? ''))
			.flatMap((stream) => stream.fields.filter((field) => field.segments.length === 1).map((field) => ({ stream, field })))
			.find(({ stream, field }) => matchesIn(field.column, signal.names).length > 0 && (signal.minFill === undefined || (stream.recordCount > 0 && 1 - field.nullRate >= signal.minFill)));
		if (hit) {
			score += signal.weight;
			evidence.push(`column ${hit.stream.name}.${hit.field.column} (+${signal.weight})`);
		}
	}
	return { rule, score, evidence };
}

/** Domain qualifier (what is sold or handled) from stream-name words; needs two distinct words. */
export function inferDomain(profile: DatasetProfile): string | undefined {
	const words = new Set(profile.streams.flatMap((stream) => singularTokens(stream.name)));
	const ranked = DOMAINS.map((domain) => ({ domain: domain.domain, hits: domain.words.filter((word) => words.has(word)).length }))
		.filter((entry) => entry.hits >= 2)
		.sort((a, b) => b.hits - a.hits);
	return ranked[0]?.domain;
}

/** The business type every caller (node, eval tool, prompt builder) uses. Deterministic. */
export function inferBusinessType(profile: DatasetProfile): BusinessTypeInference {
	const entityTypes = new Map<string, string>();
	const byNameLength = [...profile.streams].sort((a, b) => a.name.length - b.name.length || (a.name < b.name ? -1 : 1));
	for (const stream of byNameLength) {
		const rule = entityTypeOf(stream.name);
		if (rule) entityTypes.set(stream.name, rule.type);
	}
	const scored = BUSINESS_TYPES.map((rule) => scoreType(rule, profile, entityTypes))
		.filter((entry) => entry.score > 0)
		.sort((a, b) => b.score - a.score || BUSINESS_TYPES.indexOf(a.rule) - BUSINESS_TYPES.indexOf(b.rule));
	const domain = inferDomain(profile);
	const best = scored[0];
	if (!best || best.score < 2) {
		return {
			type: GENERIC_BUSINESS_TYPE.type,
			label: domain ? `${GENERIC_BUSINESS_TYPE.label} (${domain})` : GENERIC_BUSINESS_TYPE.label,
			domain,
			confidence: 0.2,
			evidence: best ? best.evidence : ['no stream or column name matches the business vocabulary'],
			alternatives: scored.slice(0, 3).map((entry) => ({ type: entry.rule.type, label: entry.rule.label, score: round(entry.score) })),
			source: 'rules',
		};
	}
	const second = scored[1]?.score ?? 0;
	const confidence = Math.min(0.95, 0.4 + 0.5 * ((best.score - second) / best.score) + Math.min(0.2, best.score / 50));
	const label = domain && best.rule.domainLabel ? best.rule.domainLabel.replace('{domain}', domain) : best.rule.label;
	return {
		type: best.rule.type,
		label,
		domain,
		confidence: round(confidence),
		evidence: best.evidence,
		alternatives: scored.slice(1, 4).map((entry) => ({ type: entry.rule.type, label: entry.rule.label, score: round(entry.score) })),
		source: 'rules',
	};
}

function round(value: number): number {
	return Math.round(value * 100) / 100;
}
