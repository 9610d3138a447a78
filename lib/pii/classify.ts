// Column-level PII classifier: name evidence (rule table) plus value checks on a sample of each column.
// Deterministic; never looks at more than `maxValuesChecked` values per column.

import type { DatasetProfile, FieldProfile, StreamProfile } from '../profile/types';
import type { StreamSample } from '../sample/types';
import { findTokenRun, singularTokens } from '../analysis/vocabulary/names';
import { valuesAtPath } from './paths';
import { NON_PERSONAL_QUALIFIERS, PERSON_STREAM_TOKENS, PII_RULES, type PiiRule } from './rules';
import type { PiiColumn, PiiKind, PiiOptions, PiiPolicy, PiiReport } from './types';

interface NameMatch {
	rule: PiiRule;
	run: string;
	length: number;
}

/** Profile semantic types that are PII on their own (the profile already checked the values). */
const SEMANTIC_PII: Partial<Record<string, PiiKind>> = { email: 'email', phone: 'phone', ip: 'ip_address' };

function matchName(field: FieldProfile, stream: StreamProfile): NameMatch | undefined {
	const leaf = field.segments.filter((segment) => segment !== '[]');
	const tokens = singularTokens(leaf[leaf.length - 1] ?? field.path);
	const contextTokens = [...singularTokens(stream.name), ...leaf.slice(0, -1).flatMap((segment) => singularTokens(segment))];
	const personContext = contextTokens.some((token) => PERSON_STREAM_TOKENS.has(token));
	let best: NameMatch | undefined;
	for (const rule of PII_RULES) {
		if (rule.nameStrength === 'person_stream' && !personContext) continue;
		for (const run of rule.names) {
			const end = findTokenRun(tokens, run);
			if (end < 0) continue;
			const outside = tokens.filter((_, index) => index < end - run.length + 1 || index > end);
			if (outside.some((token) => NON_PERSONAL_QUALIFIERS.has(token))) continue;
			if (!best || run.length > best.length) best = { rule, run: run.join(' '), length: run.length };
		}
	}
	return best;
}

function sampleValues(field: FieldProfile, records: readonly unknown[] | undefined, limit: number): string[] {
	const raw = records && records.length > 0 ? valuesAtPath(records, field.segments, limit) : field.topK.map((top) => top.value);
	return raw.filter((value) => typeof value === 'string' || typeof value === 'number').map(String);
}

function matchRate(values: string[], check: (value: string) => boolean): number {
	if (values.length === 0) return 0;
	return values.filter(check).length / values.length;
}

function listed(list: string[] | undefined, stream: string, path: string): boolean {
	return (list ?? []).some((entry) => entry === path || entry === `${stream}.${path}`);
}

function policyFor(kind: PiiKind, rule: PiiRule | undefined, options: PiiOptions): PiiPolicy {
	return options.policies?.[kind] ?? rule?.policy ?? PII_RULES.find((candidate) => candidate.kind === kind)?.policy ?? 'stats_only';
}

function classifyField(
	field: FieldProfile,
	stream: StreamProfile,
	records: readonly unknown[] | undefined,
	options: PiiOptions,
): PiiColumn | undefined {
	if (listed(options.allow, stream.name, field.path)) return undefined;
	const nonNullTypes = Object.keys(field.jsonTypes).filter((type) => type !== 'null');
	if (nonNullTypes.length > 0 && nonNullTypes.every((type) => type === 'boolean')) return undefined;
	const minRate = options.minValueMatchRate ?? 0.8;
	const values = sampleValues(field, records, options.maxValuesChecked ?? 500);
	const name = matchName(field, stream);
	const base = { stream: stream.name, path: field.path };

	if (name) {
		const check = name.rule.check;
		const rate = check ? matchRate(values, check) : 0;
		const matched = check ? values.filter(check).length : 0;
		const confidence = check && values.length > 0 ? 0.6 + 0.4 * rate : 0.75;
		return {
			...base,
			kind: name.rule.kind,
			confidence: Math.round(confidence * 100) / 100,
			policy: policyFor(name.rule.kind, name.rule, options),
			evidence: { nameRule: name.run, valuesChecked: check ? values.length : 0, valuesMatched: matched },
		};
	}

	const semanticKind = SEMANTIC_PII[field.semanticType];
	for (const rule of PII_RULES) {
		if (!rule.check) continue;
		if (!rule.valueAlone && rule.kind !== semanticKind) continue;
		const check = rule.check;
		const matched = values.filter(check).length;
		const rate = values.length > 0 ? matched / values.length : 0;
		if ((values.length >= 3 && rate >= minRate) || (rule.kind === semanticKind && rate >= minRate / 2)) {
			return {
				...base,
				kind: rule.kind,
				confidence: Math.round(rate * 100) / 100,
				policy: policyFor(rule.kind, rule, options),
				evidence: { valuesChecked: values.length, valuesMatched: matched },
			};
		}
	}
	if (semanticKind) {
		return { ...base, kind: semanticKind, confidence: field.semanticConfidence, policy: policyFor(semanticKind, undefined, options), evidence: { valuesChecked: 0, valuesMatched: 0 } };
	}
	if (listed(options.deny, stream.name, field.path)) {
		return { ...base, kind: 'person_name', confidence: 1, policy: 'stats_only', evidence: { nameRule: 'operator deny list', valuesChecked: 0, valuesMatched: 0 } };
	}
	return undefined;
}

/** Classify every field of every stream. Fields beneath a PII object inherit its classification. */
export function classifyPii(profile: DatasetProfile, samples: readonly StreamSample[] = [], options: PiiOptions = {}): PiiReport {
	if (options.enabled === false) return { enabled: false, columns: [] };
	const recordsByStream = new Map(samples.map((sample) => [sample.stream.name, sample.records]));
	const columns: PiiColumn[] = [];
	for (const stream of profile.streams) {
		const records = recordsByStream.get(stream.name);
		const covered: string[] = [];
		for (const field of stream.fields) {
			if (covered.some((ancestor) => field.path.startsWith(`${ancestor}.`) || field.path.startsWith(`${ancestor}[]`))) continue;
			const column = classifyField(field, stream, records, options);
			if (!column) continue;
			columns.push(column);
			covered.push(field.path);
		}
	}
	return { enabled: true, columns };
}

/** The PII entry governing `path` in `stream` (its own, or an ancestor's), if any. */
export function piiFor(report: PiiReport, stream: string, path: string): PiiColumn | undefined {
	return report.columns.find(
		(column) =>
			column.stream === stream &&
			(path === column.path || path.startsWith(`${column.path}.`) || path.startsWith(`${column.path}[]`)),
	);
}
