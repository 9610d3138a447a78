// Matching identifiers against vocabulary lists of word runs.

import { findTokenRun, singularTokens } from './names';

export interface NameMatch {
	/** Index of the matching entry in the vocabulary list. */
	index: number;
	entry: string;
	/** Words in the matching run. */
	length: number;
	/** The run ends at the identifier's last word (its head noun). */
	atEnd: boolean;
}

const runCache = new Map<string, string[]>();
function runOf(entry: string): string[] {
	let run = runCache.get(entry);
	if (!run) {
		run = singularTokens(entry);
		runCache.set(entry, run);
	}
	return run;
}

/** Every vocabulary entry whose word run occurs in `name`. */
export function matchesIn(name: string | string[], vocabulary: readonly string[]): NameMatch[] {
	const tokens = Array.isArray(name) ? name : singularTokens(name);
	const matches: NameMatch[] = [];
	vocabulary.forEach((entry, index) => {
		const run = runOf(entry);
		const end = findTokenRun(tokens, run);
		if (end >= 0) matches.push({ index, entry, length: run.length, atEnd: end === tokens.length - 1 });
	});
	return matches;
}

/** The most specific match: longest run, then one at the head noun, then the earliest vocabulary entry. */
export function bestMatch(name: string | string[], vocabulary: readonly string[]): NameMatch | undefined {
	return matchesIn(name, vocabulary).sort(
		(a, b) => b.length - a.length || Number(b.atEnd) - Number(a.atEnd) || a.index - b.index,
	)[0];
}

/** The earliest vocabulary entry that matches (for lists ordered best first), or undefined. */
export function firstMatch(name: string | string[], vocabulary: readonly string[]): NameMatch | undefined {
	return matchesIn(name, vocabulary).sort((a, b) => a.index - b.index)[0];
}

export function matchesAny(name: string | string[], vocabulary: readonly string[]): boolean {
	return matchesIn(name, vocabulary).length > 0;
}
