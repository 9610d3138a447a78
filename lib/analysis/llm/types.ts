// The connected chat model, duck-typed: any n8n chat model node supplies a LangChain BaseChatModel, which has
// `invoke` and usually `withStructuredOutput`. Nothing here imports LangChain.

import type { ZodTypeAny } from 'zod';

export type ChatMessage = [role: 'system' | 'human', content: string];

export interface ChatCallOptions {
	signal?: AbortSignal;
}

export interface StructuredRunnable {
	invoke(messages: ChatMessage[], options?: ChatCallOptions): Promise<unknown>;
}

export interface ChatModelLike {
	invoke(messages: ChatMessage[], options?: ChatCallOptions): Promise<unknown>;
	withStructuredOutput?: (schema: ZodTypeAny, config?: { name?: string; includeRaw?: boolean; method?: 'jsonSchema' | 'functionCalling' | 'jsonMode' }) => StructuredRunnable;
	modelName?: string;
	model?: string;
	_llmType?: () => string;
}

/** Functions the LLM layer needs from its host (n8n-workflow's `jsonParse` and `sleep` inside n8n). */
export interface LlmRuntime {
	/** Parse JSON, repairing it when it is almost JSON (n8n-workflow `jsonParse(s, { repairJSON: true })`). */
	parseJson(text: string): unknown;
	/** Resolve after `ms`, or reject when `signal` aborts (n8n-workflow `sleep`). */
	sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface LlmUsage {
	/** Our estimate for the prompt, from characters with a margin. */
	estimatedPromptTokens: number;
	/** From the model's response, when it reports usage. */
	promptTokens?: number;
	completionTokens?: number;
}

/** What the node reports about the model call. */
export interface LlmReport {
	used: boolean;
	mode: 'none' | 'preview' | 'structured' | 'json';
	model: string | null;
	tokens: LlmUsage | null;
	/** Why the model's answer was not (fully) used, if it was not. */
	fallbackReason?: string;
	accepted?: { businessType: boolean; entities: number; relationships: number; kpis: number; insights: number };
	rejected?: number;
}

export function isChatModel(value: unknown): value is ChatModelLike {
	return typeof value === 'object' && value !== null && typeof (value as { invoke?: unknown }).invoke === 'function';
}

export function modelNameOf(model: ChatModelLike): string {
	const candidates = [model.modelName, model.model, typeof model._llmType === 'function' ? model._llmType() : undefined];
	return candidates.find((name): name is string => typeof name === 'string' && name.length > 0) ?? 'unknown model';
}
