// A real LLM behind an OpenAI-compatible endpoint on loopback, for tests: node-llama-cpp 3.21.1 (prebuilt
// linux-x64 binary, CPU, threads: 1) serving ../shared/models/llama-2-tiny-random.gguf (random weights:
// it answers gibberish, so it tests plumbing, never quality).
//   POST /v1/chat/completions  { messages, response_format?, max_tokens?, max_completion_tokens?, temperature?, seed? }
//   POST /v1/responses         { input, instructions?, text.format?, max_output_tokens?, temperature? } (no streaming):
//                              the Responses API (n8n's OpenAI Chat Model v1.3 default), served by the same completion
//   GET  /v1/models
//   GET  /debug/requests   (tests only) every chat completion request received so far, in order
// `response_format: { type: 'json_schema', json_schema: { schema } }` is honoured with a grammar built from the
// schema (`anyOf` -> `oneOf`, which node-llama-cpp's grammar supports); `{ type: 'json_object' }` with a JSON
// grammar. `finish_reason` is `length` when max tokens were hit. Requests are served one at a time.
//
// Run directly: `npx tsx test/support/llm-server.ts [--port N]` prints `READY <baseURL>`.
// From tests: `const server = await startLlmServer(); ... await server.stop();`

import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

import { ensureLlamaInstalled } from './llm-install';
import { sharedPath } from './shared-data';

export const MODEL_PATH = process.env.LLM_MODEL_PATH ?? sharedPath('models', 'llama-2-tiny-random.gguf');
const CONTEXT_SIZE = 4096;
const DEFAULT_MAX_TOKENS = 256;

export interface LlmServer {
	/** OpenAI base URL, e.g. `http://127.0.0.1:40123/v1`. */
	baseURL: string;
	/** Every chat completion request the server received so far (what a client really sent). */
	requests(): Promise<LlmRequestLog[]>;
	stop(): Promise<void>;
}

/** One chat completion request as the server received it. */
export interface LlmRequestLog {
	model: string | null;
	messages: Array<{ role: string; content: string }>;
	responseFormat: string | null;
	maxTokens: number | null;
	/** Which OpenAI API the request came through. */
	api?: 'chat' | 'responses';
	finishReason?: string;
	/** Wall time of the completion, ms. */
	ms?: number;
}

/** Start the server in a child process (node-llama-cpp is ESM with a native addon; keep it out of jest). */
export function startLlmServer(): Promise<LlmServer> {
	const tsxCli = require.resolve('tsx/cli');
	const child = spawn(process.execPath, [tsxCli, __filename], { stdio: ['ignore', 'pipe', 'inherit'] });
	return new Promise((resolve, reject) => {
		let buffered = '';
		const onData = (chunk: Buffer): void => {
			buffered += chunk.toString();
			const match = /READY (\S+)/.exec(buffered);
			if (!match) return;
			child.stdout.off('data', onData);
			const baseURL = match[1];
			resolve({
				baseURL,
				requests: async () => {
					const response = await fetch(`${new URL(baseURL).origin}/debug/requests`);
					return (await response.json()) as LlmRequestLog[];
				},
				stop: () =>
					new Promise<void>((done) => {
						if (child.exitCode !== null) return done();
						child.once('exit', () => done());
						child.kill('SIGTERM');
					}),
			});
		};
		child.stdout.on('data', onData);
		child.once('exit', (code) => reject(new Error(`LLM server exited with code ${code} before it was ready`)));
		child.once('error', reject);
	});
}

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** JSON schema -> the subset node-llama-cpp's grammar builder understands. */
function grammarSchema(schema: JsonValue): JsonValue {
	if (Array.isArray(schema)) return schema.map(grammarSchema);
	if (schema === null || typeof schema !== 'object') return schema;
	const out: { [key: string]: JsonValue } = {};
	for (const [key, value] of Object.entries(schema)) {
		if (['$schema', 'strict', 'title', 'default', 'pattern', 'minimum', 'maximum', 'format'].includes(key)) continue;
		if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
			out.properties = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, grammarSchema(property)]));
			continue;
		}
		out[key === 'anyOf' ? 'oneOf' : key] = grammarSchema(value);
	}
	return out;
}

function chatPrompt(messages: Array<{ role: string; content: unknown }>): string {
	const text = (content: unknown): string =>
		typeof content === 'string' ? content : Array.isArray(content) ? content.map((part) => (part as { text?: string }).text ?? '').join('') : '';
	const system = messages.filter((message) => message.role === 'system' || message.role === 'developer').map((message) => text(message.content)).join('\n');
	const turns = messages.filter((message) => message.role !== 'system' && message.role !== 'developer');
	return `[INST] <<SYS>>\n${system}\n<</SYS>>\n\n${turns.map((message) => text(message.content)).join('\n')} [/INST]`;
}

/** A Responses API request as the equivalent Chat Completions body. */
function responsesToChat(body: Record<string, any>): Record<string, any> {
	const text = (content: unknown): string =>
		typeof content === 'string' ? content : Array.isArray(content) ? content.map((part) => (part as { text?: string }).text ?? '').join('') : '';
	const input: Array<Record<string, unknown>> = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : Array.isArray(body.input) ? body.input : [];
	const messages = [
		...(typeof body.instructions === 'string' && body.instructions.length > 0 ? [{ role: 'system', content: body.instructions }] : []),
		...input.filter((item) => item.type === undefined || item.type === 'message').map((item) => ({ role: String(item.role ?? 'user'), content: text(item.content) })),
	];
	const format = body.text?.format as { type?: string; name?: string; schema?: JsonValue } | undefined;
	return {
		model: body.model,
		messages,
		max_tokens: body.max_output_tokens,
		temperature: body.temperature,
		seed: body.seed,
		response_format:
			format?.type === 'json_schema' ? { type: 'json_schema', json_schema: { name: format.name, schema: format.schema } } : format?.type === 'json_object' ? { type: 'json_object' } : undefined,
	};
}

/** A chat completion from complete() as a Responses API response. */
function chatToResponse(completion: any, body: Record<string, any>): unknown {
	const choice = completion.choices[0];
	const cut = choice.finish_reason === 'length';
	return {
		id: completion.id.replace('chatcmpl', 'resp'),
		object: 'response',
		created_at: completion.created,
		status: cut ? 'incomplete' : 'completed',
		incomplete_details: cut ? { reason: 'max_output_tokens' } : null,
		error: null,
		model: completion.model,
		instructions: body.instructions ?? null,
		max_output_tokens: body.max_output_tokens ?? null,
		output: [
			{
				type: 'message',
				id: completion.id.replace('chatcmpl', 'msg'),
				status: cut ? 'incomplete' : 'completed',
				role: 'assistant',
				content: [{ type: 'output_text', text: choice.message.content, annotations: [] }],
			},
		],
		parallel_tool_calls: false,
		temperature: body.temperature ?? null,
		tool_choice: 'auto',
		tools: [],
		top_p: body.top_p ?? null,
		metadata: {},
		usage: {
			input_tokens: completion.usage.prompt_tokens,
			input_tokens_details: { cached_tokens: 0 },
			output_tokens: completion.usage.completion_tokens,
			output_tokens_details: { reasoning_tokens: 0 },
			total_tokens: completion.usage.total_tokens,
		},
	};
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, { 'content-type': 'application/json' });
	response.end(JSON.stringify(body));
}

async function main(): Promise<void> {
	const portArg = process.argv.indexOf('--port');
	const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
	// Loaded from the runtime cache (see llm-install.ts), so there are no compile-time types for it.
	const { getLlama, LlamaCompletion }: any = await import(await ensureLlamaInstalled());
	const llama = await getLlama({ gpu: false, build: 'never', logLevel: 'error' as never });
	const model = await llama.loadModel({ modelPath: MODEL_PATH });
	const context = await model.createContext({ contextSize: CONTEXT_SIZE, threads: 1 });
	const sequence = context.getSequence();
	const completion = new LlamaCompletion({ contextSequence: sequence });
	let queue: Promise<unknown> = Promise.resolve();
	let counter = 0;
	const log: LlmRequestLog[] = [];

	async function complete(body: Record<string, any>, entry: LlmRequestLog): Promise<unknown> {
		const started = Date.now();
		const maxTokens = Number(body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS);
		const format = body.response_format as { type?: string; json_schema?: { schema?: JsonValue } } | undefined;
		const grammar =
			format?.type === 'json_schema' && format.json_schema?.schema
				? await llama.createGrammarForJsonSchema(grammarSchema(format.json_schema.schema) as never)
				: format?.type === 'json_object'
					? await llama.getGrammarFor('json')
					: undefined;
		let prompt = chatPrompt(body.messages ?? []);
		let promptTokens = model.tokenize(prompt);
		const room = CONTEXT_SIZE - maxTokens - 8;
		if (promptTokens.length > room) {
			// Keep the end of the prompt (the data and the question) when it exceeds the tiny model's context.
			promptTokens = promptTokens.slice(promptTokens.length - room);
			prompt = model.detokenize(promptTokens);
		}
		await sequence.clearHistory();
		const result = await completion.generateCompletionWithMeta(prompt, {
			grammar,
			maxTokens,
			temperature: Number(body.temperature ?? 0),
			seed: Number(body.seed ?? 1),
		});
		const completionTokens = model.tokenize(result.response).length;
		counter++;
		entry.finishReason = result.metadata.stopReason === 'maxTokens' ? 'length' : 'stop';
		entry.ms = Date.now() - started;
		return {
			id: `chatcmpl-local-${counter}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model: String(body.model ?? 'llama-2-tiny-random'),
			choices: [
				{
					index: 0,
					message: { role: 'assistant', content: result.response, refusal: null },
					finish_reason: result.metadata.stopReason === 'maxTokens' ? 'length' : 'stop',
					logprobs: null,
				},
			],
			usage: { prompt_tokens: promptTokens.length, completion_tokens: completionTokens, total_tokens: promptTokens.length + completionTokens },
		};
	}

	const server = createServer((request, response) => {
		void (async () => {
			try {
				if (request.method === 'GET' && request.url?.startsWith('/v1/models')) {
					send(response, 200, { object: 'list', data: [{ id: 'llama-2-tiny-random', object: 'model', created: 0, owned_by: 'local' }] });
					return;
				}
				if (request.method === 'GET' && request.url === '/debug/requests') {
					send(response, 200, log);
					return;
				}
				const api = request.url?.startsWith('/v1/chat/completions') ? 'chat' : request.url?.startsWith('/v1/responses') ? 'responses' : null;
				if (request.method !== 'POST' || api === null) {
					send(response, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
					return;
				}
				const received = JSON.parse(await readBody(request)) as Record<string, any>;
				if (api === 'responses' && received.stream) {
					send(response, 400, { error: { message: 'streaming is not supported by this test server', type: 'invalid_request_error' } });
					return;
				}
				const body = api === 'responses' ? responsesToChat(received) : received;
				if (!Array.isArray(body.messages)) {
					send(response, 400, { error: { message: 'messages is required', type: 'invalid_request_error' } });
					return;
				}
				const entry: LlmRequestLog = {
					model: typeof body.model === 'string' ? body.model : null,
					messages: (body.messages as Array<{ role: string; content: unknown }>).map((message) => ({
						role: String(message.role),
						content: typeof message.content === 'string' ? message.content : JSON.stringify(message.content),
					})),
					responseFormat: typeof body.response_format?.type === 'string' ? body.response_format.type : null,
					maxTokens: Number(body.max_completion_tokens ?? body.max_tokens) || null,
					api,
				};
				log.push(entry);
				const job = queue.then(() => complete(body, entry));
				queue = job.catch(() => undefined);
				const completion = await job;
				send(response, 200, api === 'responses' ? chatToResponse(completion, received) : completion);
			} catch (error) {
				send(response, 500, { error: { message: (error as Error).message, type: 'server_error' } });
			}
		})();
	});
	server.listen(port, '127.0.0.1', () => {
		const address = server.address();
		const actual = typeof address === 'object' && address ? address.port : port;
		process.stdout.write(`READY http://127.0.0.1:${actual}/v1\n`);
	});
	const shutdown = (): void => {
		server.close();
		void model.dispose().finally(() => process.exit(0));
	};
	process.on('SIGTERM', shutdown);
	process.on('SIGINT', shutdown);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(`llm-server: ${(error as Error).stack ?? error}\n`);
		process.exit(1);
	});
}
