// Token estimates without a tokenizer (no runtime dependencies). Counts the pieces a BPE tokenizer splits text
// into: letter runs (one token per 7 letters, rounded up), digit runs (one per 3 digits) and every other
// visible character. Checked with gpt-tokenizer (o200k) in tests on every shared dataset and catalog at every
// detail level and budget (8,000 down to 500): 1.18 to 1.43 times the exact count on the current digest, never
// under it, so the budget is never exceeded.

const PIECES = /[A-Za-z]+|\d+|[^\sA-Za-z\d]/g;

export function estimateTokens(text: string): number {
	let tokens = 0;
	for (const piece of text.match(PIECES) ?? []) {
		const first = piece.charCodeAt(0);
		if (first >= 48 && first <= 57) tokens += Math.ceil(piece.length / 3);
		else if (/^[A-Za-z]/.test(piece)) tokens += Math.ceil(piece.length / 7);
		else tokens += 1;
	}
	return tokens;
}

