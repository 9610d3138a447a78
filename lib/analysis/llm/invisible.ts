// Control, zero-width and bidirectional-override characters: invisible in text, but able to hide or
// reorder content in a prompt. Checked by code point (no control characters in regular expressions).

export function isInvisible(codePoint: number): boolean {
	return (
		codePoint <= 0x1f ||
		(codePoint >= 0x7f && codePoint <= 0x9f) ||
		(codePoint >= 0x200b && codePoint <= 0x200f) ||
		(codePoint >= 0x202a && codePoint <= 0x202e) ||
		(codePoint >= 0x2060 && codePoint <= 0x2069) ||
		codePoint === 0xfeff
	);
}

/** Replace invisible characters with spaces. */
export function stripInvisible(text: string): string {
	let result = '';
	for (const char of text) result += isInvisible(char.codePointAt(0) ?? 0) ? ' ' : char;
	return result;
}

/** True when the text has an invisible character other than ordinary whitespace (tab, newline, return). */
export function hasInvisible(text: string): boolean {
	for (const char of text) {
		const codePoint = char.codePointAt(0) ?? 0;
		if (codePoint === 0x09 || codePoint === 0x0a || codePoint === 0x0d) continue;
		if (isInvisible(codePoint)) return true;
	}
	return false;
}
