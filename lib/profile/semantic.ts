// Decides a field's semantic type from its accumulator (value votes, numeric range, distinct counts) and its
// name, using the rule tables in rules/semantic-rules.ts.

import type { FieldNode } from './field-node';
import { hasToken, nameTokens } from './rules/names';
import {
	ENUM_RULE,
	EPOCH_RANGES,
	FREE_TEXT_RULE,
	NAME_VOCABULARIES,
	STRING_CLASS_RULES,
	TEMPORAL_CLASSES,
	VOTE_THRESHOLD,
	VOTE_THRESHOLD_WITH_NAME,
} from './rules/semantic-rules';
import type { SemanticType } from './types';

export interface SemanticDecision {
	type: SemanticType;
	confidence: number;
	enumValues?: string[];
}

const DOMINANT = 0.95;

/** Name of the field for name evidence: the last non-array segment. */
function fieldName(node: FieldNode): string {
	for (let i = node.segments.length - 1; i >= 0; i--) if (node.segments[i] !== '[]') return node.segments[i];
	return '';
}

export function decideSemantic(node: FieldNode, enumMaxDistinct: number): SemanticDecision {
	const tokens = nameTokens(fieldName(node));
	const containers = node.objects + node.arrays;
	const scalars = node.strings - node.emptyStrings + node.integers + node.floats + node.booleans;
	if (containers + scalars === 0) {
		// Only empty strings in a column named like binary data: bytes the source did not export.
		if (node.emptyStrings > 0 && hasToken(tokens, NAME_VOCABULARIES.binary)) return { type: 'binary', confidence: 1 };
		return { type: 'empty', confidence: 0 };
	}
	if (containers >= scalars) return { type: 'json', confidence: containers / (containers + scalars) };
	if (node.booleans >= DOMINANT * scalars) return { type: 'boolean', confidence: node.booleans / scalars };
	const numbers = node.integers + node.floats;
	if (numbers >= DOMINANT * scalars) return { ...numericSemantic(node, tokens, false), confidence: numbers / scalars };
	const strings = node.strings - node.emptyStrings;
	if (strings >= DOMINANT * scalars) return stringSemantic(node, tokens, enumMaxDistinct);
	return { type: 'text', confidence: Math.max(strings, numbers, node.booleans) / scalars };
}

function numericSemantic(node: FieldNode, tokens: string[], fromStrings: boolean): SemanticDecision {
	const acc = node.numbers!;
	const declaredNumber = node.declared?.type?.includes('number') && !node.declared.type.includes('integer');
	if (acc.allIntegers && hasToken(tokens, NAME_VOCABULARIES.time) && !hasToken(tokens, NAME_VOCABULARIES.measure)) {
		const epoch = EPOCH_RANGES.find((r) => acc.min >= r.min && acc.max <= r.max);
		if (epoch) return { type: epoch.type, confidence: 1 };
	}
	if (hasToken(tokens, NAME_VOCABULARIES.money) && !hasToken(tokens, NAME_VOCABULARIES.id)) return { type: 'money', confidence: 1 };
	// A declared `number` stays decimal even when the sample holds only whole values (numeric(10,2) = 5.00),
	// except for ids (faker declares its ids as `number`).
	if (acc.allIntegers && (!declaredNumber || hasToken(tokens, NAME_VOCABULARIES.id) || fromStrings)) return { type: 'integer', confidence: 1 };
	return { type: 'decimal', confidence: 1 };
}

function share(votes: Map<string, number>, classes: Iterable<string>): number {
	let n = 0;
	for (const c of classes) n += votes.get(c) ?? 0;
	return n;
}

function stringSemantic(node: FieldNode, tokens: string[], enumMaxDistinct: number): SemanticDecision {
	const votes = node.votes;
	const total = node.classified || 1;

	const temporal = share(votes, TEMPORAL_CLASSES);
	if (temporal >= VOTE_THRESHOLD * total) {
		const tz = votes.get('timestamp_tz') ?? 0;
		const ntz = votes.get('timestamp') ?? 0;
		const type: SemanticType = tz > 0 ? 'timestamp_tz' : ntz > 0 ? 'timestamp' : 'date';
		return { type, confidence: temporal / total };
	}

	const numeric = share(votes, ['integer', 'decimal']);
	if (numeric >= DOMINANT * total) {
		const codeLike = node.leadingZeros > 0 || hasToken(tokens, NAME_VOCABULARIES.code);
		if (codeLike) return { type: 'code', confidence: numeric / total };
		if (node.numbers && node.stringNumbers >= DOMINANT * (node.strings - node.emptyStrings)) {
			return { ...numericSemantic(node, tokens, true), confidence: numeric / total };
		}
	}

	if ((votes.get('boolean') ?? 0) >= DOMINANT * total) return { type: 'boolean', confidence: (votes.get('boolean') ?? 0) / total };

	// Identifiers are decided after enums: repeated upper-case codes (`PAID`, `S1`) are categories.
	for (const rule of STRING_CLASS_RULES) {
		if (rule.cls === 'identifier') continue;
		const n = votes.get(rule.cls) ?? 0;
		const threshold = hasToken(tokens, rule.nameTokens) ? VOTE_THRESHOLD_WITH_NAME : VOTE_THRESHOLD;
		if (n >= threshold * total && n > 0) return { type: rule.type, confidence: n / total };
	}

	const nonEmpty = node.strings - node.emptyStrings;
	const distinct = node.distinct();
	const lengths = node.lengths;
	const meanLength = lengths && lengths.count > 0 ? lengths.sum / lengths.count : 0;
	if (
		distinct.exact &&
		distinct.value <= enumMaxDistinct &&
		distinct.value * ENUM_RULE.minRepeats <= nonEmpty &&
		(lengths?.max ?? 0) <= ENUM_RULE.maxLength &&
		distinct.value >= 1
	) {
		const values = node
			.topValues(enumMaxDistinct)
			.map(([v]) => String(v))
			.sort();
		return { type: 'enum', confidence: 1, enumValues: values };
	}
	const freeVotes = votes.get('free_text') ?? 0;
	if (meanLength >= FREE_TEXT_RULE.minMeanLength || freeVotes >= FREE_TEXT_RULE.minVoteShare * total) {
		return { type: 'free_text', confidence: Math.max(freeVotes / total, 0.5) };
	}
	const idRule = STRING_CLASS_RULES.find((r) => r.cls === 'identifier')!;
	const ids = votes.get('identifier') ?? 0;
	if (ids >= (hasToken(tokens, idRule.nameTokens) ? VOTE_THRESHOLD_WITH_NAME : VOTE_THRESHOLD) * total && ids > 0) return { type: 'identifier', confidence: ids / total };
	const numericOrId = share(votes, ['identifier', 'integer']);
	if (numericOrId >= VOTE_THRESHOLD * total && (votes.get('identifier') ?? 0) > 0) return { type: 'identifier', confidence: numericOrId / total };
	if (numeric >= DOMINANT * total) return { type: 'code', confidence: numeric / total };
	return { type: 'text', confidence: (votes.get('text') ?? 0) / total };
}
