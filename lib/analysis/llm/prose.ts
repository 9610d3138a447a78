// Is a model's text plausible prose? Rejects the junk a broken or random model emits: control characters,
// several writing systems mixed in one string or one word, endless "words", no letters.

import { hasInvisible } from './invisible';

const SCRIPTS: Array<[string, RegExp]> = [
	['latin', /\p{Script=Latin}/u],
	['cyrillic', /\p{Script=Cyrillic}/u],
	['greek', /\p{Script=Greek}/u],
	['arabic', /\p{Script=Arabic}/u],
	['hebrew', /\p{Script=Hebrew}/u],
	['thai', /\p{Script=Thai}/u],
	['han', /\p{Script=Han}/u],
	['hangul', /\p{Script=Hangul}/u],
	['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
	['devanagari', /\p{Script=Devanagari}/u],
];

function scriptsOf(text: string): Set<string> {
	const found = new Set<string>();
	for (const char of text) {
		if (!/\p{L}/u.test(char)) continue;
		const script = SCRIPTS.find(([, pattern]) => pattern.test(char));
		found.add(script ? script[0] : 'other');
	}
	return found;
}

export function looksLikeProse(text: unknown, maxLength = 600): text is string {
	if (typeof text !== 'string') return false;
	const trimmed = text.trim();
	if (trimmed.length < 2 || trimmed.length > maxLength) return false;
	if (hasInvisible(trimmed)) return false;
	const letters = [...trimmed].filter((char) => /\p{L}/u.test(char)).length;
	const visible = trimmed.replace(/\s/g, '').length;
	if (letters < 2 || letters / visible < 0.5) return false;
	const scripts = scriptsOf(trimmed);
	if (scripts.size > 2 || scripts.has('other')) return false;
	const words = trimmed.split(/\s+/).filter((word) => /\p{L}/u.test(word));
	if (words.some((word) => scriptsOf(word).size > 1)) return false;
	const meanLength = words.reduce((sum, word) => sum + word.length, 0) / Math.max(1, words.length);
	if (meanLength > 12) return false;
	return !words.some((word) => word.length > 40);
}
