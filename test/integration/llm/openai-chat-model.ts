// A chat model object shaped like LangChain's ChatOpenAI (what n8n's OpenAI Chat Model node supplies):
// `invoke(messages, { signal })` -> { content, usage_metadata, additional_kwargs }, and
// `withStructuredOutput(zodSchema, { name, includeRaw })` sending `response_format: json_schema`.
// Built on the real `openai` SDK against any OpenAI-compatible endpoint.

import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ZodTypeAny } from 'zod';

type Message = [role: 'system' | 'human', content: string];

interface AiMessage {
	content: string;
	additional_kwargs: { refusal?: string };
	usage_metadata?: { input_tokens: number; output_tokens: number; total_tokens: number };
	response_metadata: { finish_reason: string | null; model: string };
}

export class OpenAiCompatibleChatModel {
	readonly modelName: string;
	private readonly client: OpenAI;
	private readonly maxTokens: number;
	readonly calls: Array<{ structured: boolean; messages: Message[] }> = [];

	constructor(options: { baseURL: string; model?: string; maxTokens?: number }) {
		this.client = new OpenAI({ baseURL: options.baseURL, apiKey: 'local-test', maxRetries: 0 });
		this.modelName = options.model ?? 'llama-2-tiny-random';
		this.maxTokens = options.maxTokens ?? 400;
	}

	_llmType(): string {
		return 'openai';
	}

	private async complete(messages: Message[], signal: AbortSignal | undefined, responseFormat?: unknown): Promise<AiMessage> {
		const completion = await this.client.chat.completions.create(
			{
				model: this.modelName,
				messages: messages.map(([role, content]) => ({ role: role === 'human' ? 'user' : 'system', content })),
				max_tokens: this.maxTokens,
				temperature: 0,
				...(responseFormat ? { response_format: responseFormat as never } : {}),
			},
			{ signal },
		);
		const choice = completion.choices[0];
		return {
			content: choice?.message.content ?? '',
			additional_kwargs: choice?.message.refusal ? { refusal: choice.message.refusal } : {},
			usage_metadata: completion.usage
				? { input_tokens: completion.usage.prompt_tokens, output_tokens: completion.usage.completion_tokens, total_tokens: completion.usage.total_tokens }
				: undefined,
			response_metadata: { finish_reason: choice?.finish_reason ?? null, model: completion.model },
		};
	}

	async invoke(messages: Message[], options: { signal?: AbortSignal } = {}): Promise<AiMessage> {
		this.calls.push({ structured: false, messages });
		return await this.complete(messages, options.signal);
	}

	withStructuredOutput(schema: ZodTypeAny, config: { name?: string; includeRaw?: boolean } = {}) {
		const toResponseFormat = zodResponseFormat as unknown as (schema: ZodTypeAny, name: string) => unknown;
		const format = toResponseFormat(schema, config.name ?? 'output');
		return {
			invoke: async (messages: Message[], options: { signal?: AbortSignal } = {}) => {
				this.calls.push({ structured: true, messages });
				const raw = await this.complete(messages, options.signal, format);
				let parsed: unknown = null;
				let parsingError: unknown;
				try {
					parsed = schema.parse(JSON.parse(raw.content));
				} catch (error) {
					parsingError = error;
				}
				if (config.includeRaw) return { raw, parsed, parsing_error: parsingError };
				if (parsingError) throw parsingError;
				return parsed;
			},
		};
	}
}
