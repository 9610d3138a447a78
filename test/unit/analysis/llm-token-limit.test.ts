// Answers cut at the model's completion-token limit, as n8n's real chat model nodes report them: LangChain's
// ChatOpenAI throws the OpenAI SDK's LengthFinishReasonError from structured output (seen in real n8n 2.41.1
// with the OpenAI Chat Model node), and AIMessages carry finish_reason / stop_reason / finishReason. The user
// must learn that the limit was the cause and what to raise.
import { jsonParse, sleep } from 'n8n-workflow';

import { askModel, stoppedAtTokenLimit, TOKEN_LIMIT_HINT } from '../../../lib/analysis/llm/invoke';
import { llmAnalysisSchema } from '../../../lib/analysis/llm/schema';
import type { ChatMessage } from '../../../lib/analysis/llm/types';

const runtime = { parseJson: (text: string) => jsonParse<unknown>(text, { repairJSON: true }), sleep };
const messages: ChatMessage[] = [['system', 's'], ['human', 'h']];
const options = { timeoutMs: 2000, runtime, jsonMessages: [['system', 'json please'], ['human', 'h']] as ChatMessage[] };

/** What the OpenAI SDK throws (and LangChain passes on) when a parsed completion stopped at max_tokens. */
class LengthFinishReasonError extends Error {
	constructor() {
		super('Could not parse response content as the length limit was reached');
		this.name = 'LengthFinishReasonError';
	}
}

describe('answers cut at the token limit', () => {
	it('recognises the finish reasons of OpenAI (chat and Responses), Anthropic and Gemini messages, and nothing else', () => {
		expect(stoppedAtTokenLimit({ content: '', response_metadata: { finish_reason: 'length' } })).toBe(true);
		expect(stoppedAtTokenLimit({ content: '', response_metadata: { stop_reason: 'max_tokens' } })).toBe(true);
		expect(stoppedAtTokenLimit({ content: '', response_metadata: { finishReason: 'MAX_TOKENS' } })).toBe(true);
		expect(stoppedAtTokenLimit({ content: [], response_metadata: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } })).toBe(true);
		expect(stoppedAtTokenLimit({ content: [], response_metadata: { status: 'completed', incomplete_details: null } })).toBe(false);
		expect(stoppedAtTokenLimit({ content: '', response_metadata: { finish_reason: 'stop' } })).toBe(false);
		expect(stoppedAtTokenLimit({ content: '' })).toBe(false);
		expect(stoppedAtTokenLimit('text')).toBe(false);
	});

	it('structured output throwing LengthFinishReasonError, then a cut-off prose answer: one failure that names the limit', async () => {
		const invoke = jest.fn(async () => ({ content: 'gibberish without any json', response_metadata: { finish_reason: 'length' } }));
		const model = { invoke, withStructuredOutput: () => ({ invoke: async () => Promise.reject(new LengthFinishReasonError()) }) };
		const outcome = await askModel(model, messages, llmAnalysisSchema, options);
		expect(invoke).toHaveBeenCalledTimes(1);
		expect(outcome).toMatchObject({ ok: false, mode: 'json' });
		if (outcome.ok) return;
		expect(outcome.message).toBe(
			`The model call failed: Could not parse response content as the length limit was reached. ${TOKEN_LIMIT_HINT} ` +
				`Then, with a JSON prompt: The model answered without JSON (a refusal or prose). ${TOKEN_LIMIT_HINT}`,
		);
	});

	it('a structured answer cut at the limit and repaired says why it was incomplete', async () => {
		const raw = { content: '{"businessType": "ecommerce_retail", "insights": ["a", "b', response_metadata: { finish_reason: 'length' } };
		const model = { invoke: jest.fn(), withStructuredOutput: () => ({ invoke: async () => ({ raw, parsed: null }) }) };
		const outcome = await askModel(model, messages, llmAnalysisSchema, options);
		expect(outcome).toMatchObject({ ok: true, mode: 'structured', value: { businessType: 'ecommerce_retail' } });
		if (outcome.ok) expect(outcome.warnings).toEqual([expect.stringContaining(TOKEN_LIMIT_HINT)]);
	});

	it('says nothing about the limit when the model stopped on its own', async () => {
		const prose = { invoke: async () => ({ content: 'I cannot analyse this.', response_metadata: { finish_reason: 'stop' } }) };
		const outcome = await askModel(prose, messages, llmAnalysisSchema, options);
		expect(outcome).toMatchObject({ ok: false, reason: 'refusal' });
		if (!outcome.ok) expect(outcome.message).not.toContain(TOKEN_LIMIT_HINT);
		const failing = { invoke: async () => Promise.reject(new Error('ECONNREFUSED')) };
		const failed = await askModel(failing, messages, llmAnalysisSchema, options);
		if (!failed.ok) expect(failed.message).toBe('The model call failed: ECONNREFUSED');
	});
});
