// Token estimates without a tokenizer (no runtime dependencies): characters per token measured on our own
// digest format with gpt-tokenizer (o200k) in tests, plus a safety margin so the budget is never exceeded.

/** Characters per token of our digest text (o200k: 3.5 on chinook to 4.2 on the Stripe catalog). */
export const CHARS_PER_TOKEN = 3.5;
/** Safety margin on top of the estimate. */
export const TOKEN_MARGIN = 1.15;

export function estimateTokens(text: string): number {
	return Math.ceil((text.length / CHARS_PER_TOKEN) * TOKEN_MARGIN);
}
