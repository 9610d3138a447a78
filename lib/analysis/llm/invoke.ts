// Calling the connected model: structured output where supported, else a JSON prompt parsed with repair.
// Never throws: a timeout, cancellation, refusal, error or unparseable answer comes back as a failure and
// the caller falls back to the deterministic analysis.

import type { ZodTypeAny } from 'zod';

import type { ChatMessage, ChatModelLike, LlmRuntime } from './types';

export type FailureReason = 'timeout' | 'refusal' | 'error' | 'junk' | 'cancelled';

export interface ModelAnswer {
	ok: true;
	value: unknown;
	mode: 'structured' | 'json';
	usage?: { promptTokens?: number; completionTokens?: number };
	warnings: string[];
}

export interface ModelFailure {
	ok: false;
	reason: FailureReason;
	message: string;
	mode: 'structured' | 'json';
}

export type ModelOutcome = ModelAnswer | ModelFailure;

export interface CallOptions {
	timeoutMs: number;
	signal?: AbortSignal;
	runtime: LlmRuntime;
	/** Messages for the JSON-prompt fallback (instructions spell out the JSON shape). */
	jsonMessages: ChatMessage[];
}

/** Said when an answer stopped at the model's completion-token limit, the usual cause of a cut-off answer. */
export const TOKEN_LIMIT_HINT = "The answer was cut off at the model's token limit: raise the maximum number of tokens in the chat model node.";

/** Finish reasons meaning "stopped at the token limit" (OpenAI chat and Responses, Anthropic, Gemini, as LangChain reports them). */
const TOKEN_LIMIT_REASONS = new Set(['length', 'max_output_tokens', 'max_tokens', 'MAX_TOKENS']);

/** Whether a LangChain AIMessage says it stopped at the token limit. */
export function stoppedAtTokenLimit(message: unknown): boolean {
	if (typeof message !== 'object' || message === null) return false;
	const meta = (message as { response_metadata?: Record<string, unknown> }).response_metadata;
	const incomplete = (meta?.incomplete_details as { reason?: unknown } | null | undefined)?.reason;
	return [meta?.finish_reason, meta?.stop_reason, meta?.finishReason, incomplete].some((reason) => typeof reason === 'string' && TOKEN_LIMIT_REASONS.has(reason));
}

/** The OpenAI SDK's LengthFinishReasonError, which LangChain's ChatOpenAI throws from structured output. */
function isTokenLimitError(error: unknown): boolean {
	const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
	return name === 'LengthFinishReasonError' || (typeof message === 'string' && /length limit was reached/i.test(message));
}

const sentence = (text: string): string => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

function callFailedMessage(error: unknown): string {
	const message = `The model call failed: ${String((error as Error)?.message ?? error).slice(0, 200)}`;
	return isTokenLimitError(error) ? `${sentence(message)} ${TOKEN_LIMIT_HINT}` : message;
}

type Timed<T> = { ok: true; value: T } | { ok: false; reason: 'timeout' | 'cancelled' | 'error'; message: string };

async function withTimeout<T>(run: (signal: AbortSignal) => Promise<T>, options: CallOptions): Promise<Timed<T>> {
	const outer = options.signal;
	if (outer?.aborted) return { ok: false, reason: 'cancelled', message: 'The execution was cancelled.' };
	const controller = new AbortController();
	const onAbort = (): void => controller.abort();
	outer?.addEventListener('abort', onAbort, { once: true });
	const timer = options.runtime.sleep(options.timeoutMs, controller.signal).then(
		(): Timed<T> => ({ ok: false, reason: 'timeout', message: `The model did not answer within ${Math.round(options.timeoutMs / 1000)} s.` }),
		(): Timed<T> => ({ ok: false, reason: 'cancelled', message: 'The execution was cancelled.' }),
	);
	const call = run(controller.signal).then(
		(value): Timed<T> => ({ ok: true, value }),
		(error: unknown): Timed<T> =>
			outer?.aborted
				? { ok: false, reason: 'cancelled', message: 'The execution was cancelled.' }
				: { ok: false, reason: 'error', message: callFailedMessage(error) },
	);
	const outcome = await Promise.race([call, timer]);
	controller.abort();
	outer?.removeEventListener('abort', onAbort);
	return outcome;
}

/** Text content of a LangChain AIMessage (string, or an array of content parts), or of a plain string. */
export function messageText(message: unknown): string {
	if (typeof message === 'string') return message;
	if (typeof message !== 'object' || message === null) return '';
	const content = (message as { content?: unknown }).content;
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content.map((part) => (typeof part === 'string' ? part : typeof (part as { text?: unknown })?.text === 'string' ? (part as { text: string }).text : '')).join('');
	}
	return '';
}

function refusalOf(message: unknown): string | undefined {
	if (typeof message !== 'object' || message === null) return undefined;
	const kwargs = (message as { additional_kwargs?: { refusal?: unknown } }).additional_kwargs;
	return typeof kwargs?.refusal === 'string' && kwargs.refusal.length > 0 ? kwargs.refusal : undefined;
}

function usageOf(message: unknown): ModelAnswer['usage'] {
	if (typeof message !== 'object' || message === null) return undefined;
	const usage = (message as { usage_metadata?: { input_tokens?: number; output_tokens?: number } }).usage_metadata;
	if (!usage) return undefined;
	return { promptTokens: usage.input_tokens, completionTokens: usage.output_tokens };
}

type Parsed = { ok: true; value: unknown } | { ok: false; reason: 'refusal' | 'junk'; message: string };

/** Parse a model's text answer: strip code fences, find the JSON object, repair what is almost JSON. */
export function parseAnswerText(text: string, runtime: LlmRuntime): Parsed {
	const unfenced = text.replace(/```(?:json)?/gi, '').trim();
	const start = unfenced.indexOf('{');
	if (start < 0) {
		return unfenced.length > 0
			? { ok: false, reason: 'refusal', message: 'The model answered without JSON (a refusal or prose).' }
			: { ok: false, reason: 'junk', message: 'The model returned an empty answer.' };
	}
	const end = unfenced.lastIndexOf('}');
	const candidate = end > start ? unfenced.slice(start, end + 1) : unfenced.slice(start);
	try {
		const value = runtime.parseJson(candidate);
		if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'junk', message: "The model's answer is not a JSON object." };
		return { ok: true, value };
	} catch (error) {
		return { ok: false, reason: 'junk', message: `The model's answer is not JSON, even after repair: ${String((error as Error)?.message ?? error).slice(0, 160)}` };
	}
}

async function structured(model: ChatModelLike, messages: ChatMessage[], schema: ZodTypeAny, options: CallOptions): Promise<ModelOutcome> {
	const fail = (reason: FailureReason, message: string): ModelFailure => ({ ok: false, reason, message, mode: 'structured' });
	let runnable;
	try {
		const withStructured = model.withStructuredOutput as NonNullable<ChatModelLike['withStructuredOutput']>;
		// jsonSchema: response_format json_schema, never a tool call; models that cannot do it fall back to a JSON prompt.
		runnable = withStructured.call(model, schema, { name: 'data_analysis', includeRaw: true, method: 'jsonSchema' });
	} catch (error) {
		return fail('error', `The model does not support structured output: ${String((error as Error)?.message ?? error).slice(0, 160)}`);
	}
	const result = await withTimeout((signal) => runnable.invoke(messages, { signal }), options);
	if (!result.ok) return fail(result.reason, result.message);
	const object = result.value;
	if (typeof object !== 'object' || object === null || Array.isArray(object)) return fail('junk', "The model's structured answer is not a JSON object.");
	if ('raw' in object && 'parsed' in object) {
		const { raw, parsed } = object as { raw: unknown; parsed: unknown };
		const refusal = refusalOf(raw);
		if (refusal) return fail('refusal', `The model refused: ${refusal.slice(0, 160)}`);
		const usage = usageOf(raw);
		if (parsed !== null && parsed !== undefined) return { ok: true, value: parsed, mode: 'structured', usage, warnings: [] };
		const cut = stoppedAtTokenLimit(raw);
		const repaired = parseAnswerText(messageText(raw), options.runtime);
		if (!repaired.ok) return fail(repaired.reason, cut ? `${sentence(repaired.message)} ${TOKEN_LIMIT_HINT}` : repaired.message);
		const warning = "The model's structured answer did not match the schema; it was repaired and checked item by item.";
		return { ok: true, value: repaired.value, mode: 'structured', usage, warnings: [cut ? `${warning} ${TOKEN_LIMIT_HINT}` : warning] };
	}
	return { ok: true, value: object, mode: 'structured', warnings: [] };
}

async function jsonPrompt(model: ChatModelLike, options: CallOptions): Promise<ModelOutcome> {
	const result = await withTimeout((signal) => model.invoke(options.jsonMessages, { signal }), options);
	if (!result.ok) return { ok: false, reason: result.reason, message: result.message, mode: 'json' };
	const refusal = refusalOf(result.value);
	if (refusal) return { ok: false, reason: 'refusal', message: `The model refused: ${refusal.slice(0, 160)}`, mode: 'json' };
	const parsed = parseAnswerText(messageText(result.value), options.runtime);
	if (!parsed.ok) {
		const message = stoppedAtTokenLimit(result.value) ? `${sentence(parsed.message)} ${TOKEN_LIMIT_HINT}` : parsed.message;
		return { ok: false, reason: parsed.reason, message, mode: 'json' };
	}
	return { ok: true, value: parsed.value, mode: 'json', usage: usageOf(result.value), warnings: [] };
}

/**
 * Ask the model. Structured output when the model offers `withStructuredOutput`; when that path errors
 * (not a timeout, cancellation or refusal), one JSON-prompt attempt. Models without it get the JSON prompt.
 */
export async function askModel(model: ChatModelLike, messages: ChatMessage[], schema: ZodTypeAny, options: CallOptions): Promise<ModelOutcome> {
	if (typeof model.withStructuredOutput !== 'function') return await jsonPrompt(model, options);
	const first = await structured(model, messages, schema, options);
	if (first.ok || first.reason === 'timeout' || first.reason === 'cancelled' || first.reason === 'refusal') return first;
	const second = await jsonPrompt(model, options);
	if (second.ok) second.warnings.push(`Structured output failed (${first.message}); a JSON prompt was used instead.`);
	else second.message = `${sentence(first.message)} Then, with a JSON prompt: ${second.message}`;
	return second;
}
