// Real n8n 2.41.1 with our packed package: n8n's own OpenAI Chat Model node (openAiApi credential whose Base URL
// is a local OpenAI-compatible server running node-llama-cpp with a tiny random-weight model) is connected to
// our Data Analyzer's `ai_languageModel` input. A webhook brings chinook as the per-stream samples Finish Sample
// emits. The model answers gibberish: the analysis must still be the data-verified one (keys and foreign keys
// as in ground_truth.json), the node must report the model, the tokens and warnings about what it rejected,
// and the prompt preview must show exactly what the model received.
import { readFileSync } from 'node:fs';

import type { EvalReport } from '../../tools/eval-run';
import { readDatasetFolder } from '../../tools/eval-dataset';
import { scoreReport, type GroundTruth } from '../../tools/eval-score';
import { analyzerWithModelWorkflow, CHAT_MODEL_TYPE, CHAT_MODEL_VERSION, finishSampleItems } from '../support/analyzer-model-workflow';
import { startLlmServer, type LlmRequestLog, type LlmServer } from '../support/llm-server';
import { login } from '../support/n8n-api';
import { startN8n, type N8nInstance } from '../support/n8n-instance';
import { packPackage, REPO_ROOT, type PackedPackage } from '../support/n8n-package';
import { sharedPath } from '../support/shared-data';

jest.setTimeout(10 * 60_000);

const MODEL = 'llama-2-tiny-random';
/** Completion tokens per model call: the tiny model is slow on 2 busy cores, and its answer is gibberish anyway. */
const MAX_TOKENS = 96;
const TIMEOUT_SECONDS = 240;
const PII_HASH_KEY = 'e2e-analyzer-model-key';
/** analyze and preview: Chat Completions (what OpenAI-compatible servers speak); responses: the node's default API. */
const hooks = { analyze: 'e2e-analyzer-with-model', preview: 'e2e-analyzer-prompt-preview', responses: 'e2e-analyzer-responses-api' } as const;

interface AnalyzerOutput {
	inputFormat: string;
	profile: { streams: Array<{ name: string }> };
	keys: { primaryKeys: Array<{ stream: string; columns: string[] }>; foreignKeys: unknown[] };
	model: {
		streams: Array<{ name: string; primaryKey: string[]; columns: Array<{ name: string; pgType: string }> }>;
		foreignKeys: Array<{ fromStream: string; fromColumns: string[]; toStream: string; toColumns: string[]; score: number }>;
	};
	analysis: { businessType: { type: string }; kpis: Array<{ stream: string }> };
	warnings: string[];
	llm: {
		used: boolean;
		mode: string;
		model: string | null;
		tokens: { estimatedPromptTokens: number; promptTokens?: number; completionTokens?: number } | null;
		fallbackReason?: string;
		rejected?: number;
	};
	prompt?: { text: string; system: string; user: string; tokenEstimate: number; tokenBudget: number; streamsShown: number; streamsTotal: number };
}

const timings: Record<string, number> = {};
const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
	const started = Date.now();
	try {
		return await fn();
	} finally {
		timings[label] = Date.now() - started;
	}
};

const dataset = sharedPath('datasets', 'chinook');
const samples = readDatasetFolder(dataset);
const truth = JSON.parse(readFileSync(sharedPath('datasets', 'chinook', 'ground_truth.json'), 'utf8')) as GroundTruth;

let pkg: PackedPackage | undefined;
let n8n: N8nInstance | undefined;
let llm: LlmServer | undefined;
let credential: { id: string; name: string };
const workflowIds: Record<keyof typeof hooks, string> = { analyze: '', preview: '', responses: '' };
let analyzed: AnalyzerOutput | undefined;
let analyzeRequests: LlmRequestLog[] = [];

beforeAll(async () => {
	// E2E_PACKAGE_ROOT: a built copy of the repo (tools/private-build.sh), to run without rebuilding the shared dist/.
	pkg = packPackage(process.env.E2E_PACKAGE_ROOT ?? REPO_ROOT);
	const [server, instance] = await Promise.allSettled([
		timed('llmServerStart', () => startLlmServer()),
		timed('n8nStart', () => startN8n({ packages: [pkg!] })),
	]);
	if (server.status === 'fulfilled') llm = server.value;
	if (instance.status === 'fulfilled') n8n = instance.value;
	if (server.status === 'rejected') throw server.reason;
	if (instance.status === 'rejected') throw instance.reason;

	credential = await n8n!.api.createCredential('Local LLM (OpenAI-compatible)', 'openAiApi', { apiKey: 'local-test', url: llm!.baseURL, header: false });
	for (const hook of ['analyze', 'preview', 'responses'] as const) {
		const workflow = analyzerWithModelWorkflow({
			name: `E2E: Data Analyzer with OpenAI Chat Model (${hook})`,
			path: hooks[hook],
			credential,
			modelName: MODEL,
			modelUse: hook === 'preview' ? 'preview' : 'analyze',
			maxTokens: MAX_TOKENS,
			timeoutSeconds: TIMEOUT_SECONDS,
			piiHashKey: PII_HASH_KEY,
			responsesApi: hook === 'responses',
		});
		const created = await n8n!.api.createWorkflow(workflow);
		workflowIds[hook] = created.id;
		await n8n!.api.activateWorkflow(created.id);
	}
}, 20 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await llm?.stop();
	pkg?.cleanup();
	console.log(`analyzer-with-model e2e timings (ms): ${JSON.stringify(timings)}`);
}, 120_000);

/** The node's data model in the eval tool's report shape, to score it against ground_truth.json. */
function evalReportOf(output: AnalyzerOutput): EvalReport {
	return {
		streams: output.model.streams.map((stream) => ({
			name: stream.name,
			primaryKey: stream.primaryKey,
			columns: stream.columns.map((column) => ({ name: column.name, type: column.pgType })),
		})),
		foreignKeys: output.model.foreignKeys.map((fk) => ({ fromStream: fk.fromStream, fromColumns: fk.fromColumns, toStream: fk.toStream, toColumns: fk.toColumns, score: fk.score })),
		businessType: output.analysis.businessType.type,
		businessTypeSource: 'analysis',
	};
}

/** The model's gibberish was rejected (item by item, or as a whole answer), and the warnings say so. */
function expectRejectedModelOutput(output: AnalyzerOutput, requests: LlmRequestLog[]): void {
	const modelWarnings = output.warnings.filter((warning) => /model/i.test(warning));
	expect(modelWarnings.length).toBeGreaterThan(0);
	if (output.llm.used) expect(output.llm.rejected).toBeGreaterThan(0);
	else expect(output.llm.fallbackReason).toBeTruthy();
	// Every answer stopped at max tokens (random weights never close the JSON): the warnings name the cause.
	if (requests.length > 0 && requests.every((request) => request.finishReason === 'length')) expect(modelWarnings.join(' ')).toMatch(/token limit/);
}

function expectGroundTruth(output: AnalyzerOutput): void {
	const score = scoreReport(evalReportOf(output), truth);
	expect({ primaryKeys: score.primaryKeys.wrong, falseForeignKeys: score.foreignKeys.falsePositives, missedForeignKeys: score.foreignKeys.missed }).toEqual({
		primaryKeys: [],
		falseForeignKeys: [],
		missedForeignKeys: [],
	});
	expect(score.foreignKeys.tp).toBeGreaterThanOrEqual(10);
}

const sentText = (requests: LlmRequestLog[]): string => requests.flatMap((request) => request.messages.map((message) => message.content)).join('\n');

test("n8n's OpenAI Chat Model node lists the local server's model (its searchModels through the editor's REST API)", async () => {
	const cookie = await login(n8n!.baseUrl, n8n!.email, n8n!.password);
	const response = await fetch(`${n8n!.baseUrl}/rest/dynamic-node-parameters/resource-locator-results`, {
		method: 'POST',
		headers: { cookie, 'content-type': 'application/json' },
		body: JSON.stringify({
			path: 'parameters.model',
			methodName: 'searchModels',
			nodeTypeAndVersion: { name: CHAT_MODEL_TYPE, version: CHAT_MODEL_VERSION },
			currentNodeParameters: { model: { __rl: true, mode: 'list', value: '' }, responsesApiEnabled: false, options: {} },
			credentials: { openAiApi: credential },
		}),
	});
	const text = await response.text();
	expect({ status: response.status, text: response.ok ? '' : text }).toEqual({ status: 200, text: '' });
	const body = JSON.parse(text) as { data: { results: Array<{ name: string; value: string }> } };
	expect(body.data.results).toEqual([{ name: MODEL, value: MODEL }]);
});

test('with the model connected, the analysis is the data-verified one and the node reports the model, the tokens and what it rejected', async () => {
	const before = (await llm!.requests()).length;
	const answer = await timed('analyzeWebhook', () => n8n!.api.callWebhook(hooks.analyze, { samples: finishSampleItems(samples) }));
	expect({ status: answer.status, text: answer.status === 200 ? '' : answer.text.slice(0, 2000) }).toEqual({ status: 200, text: '' });
	const output = answer.json as AnalyzerOutput;
	analyzed = output;
	analyzeRequests = (await llm!.requests()).slice(before);
	console.log(
		`model calls: ${JSON.stringify(analyzeRequests.map((r) => ({ format: r.responseFormat, maxTokens: r.maxTokens, finish: r.finishReason, ms: r.ms })))}; ` +
			`llm report: ${JSON.stringify(output.llm)}; model warnings: ${JSON.stringify(output.warnings.filter((w) => /model/i.test(w)).slice(0, 8))}`,
	);

	// Our node read the Finish-shaped items as stream samples: every chinook stream was profiled.
	expect(output.inputFormat).toBe('streamSamples');
	expect(output.profile.streams.map((stream) => stream.name).sort()).toEqual(samples.map((sample) => sample.stream.name).sort());

	// n8n's OpenAI Chat Model node really called our server, with the model, the token limit and structured output.
	expect(analyzeRequests.length).toBeGreaterThanOrEqual(1);
	expect(analyzeRequests.length).toBeLessThanOrEqual(2);
	for (const request of analyzeRequests) {
		expect(request.api).toBe('chat');
		expect(request.model).toBe(MODEL);
		expect(request.maxTokens).toBe(MAX_TOKENS);
	}
	expect(analyzeRequests[0].responseFormat).toBe('json_schema');

	// Keys and relationships stay data-verified, whatever the model said: as in ground_truth.json.
	expectGroundTruth(output);
	const streams = new Set(samples.map((sample) => sample.stream.name));
	for (const kpi of output.analysis.kpis) expect(streams.has(kpi.stream)).toBe(true);

	// The node reports what it sent and to which model.
	expect(output.llm.model).toBe(MODEL);
	expect(['structured', 'json']).toContain(output.llm.mode);
	expect(output.llm.tokens?.estimatedPromptTokens).toBeGreaterThan(500);
	expect(output.llm.tokens?.estimatedPromptTokens).toBeLessThanOrEqual(8000);

	expectRejectedModelOutput(output, analyzeRequests);

	// No personal value of the sample reached the model.
	const sent = sentText(analyzeRequests);
	for (const record of samples.find((sample) => sample.stream.name === 'customer')!.records) {
		expect(sent).not.toContain(String(record.email));
		expect(sent).not.toContain(String(record.phone ?? record.email));
	}

	// n8n recorded the run: our node and n8n's chat model node both ran, and the workflow succeeded.
	const execution = await n8n!.api.waitForExecution(workflowIds.analyze);
	expect(execution.status).toBe('success');
	const runData = execution.data!.resultData.runData;
	expect(Object.keys(runData)).toEqual(expect.arrayContaining(['Data Analyzer', 'OpenAI Chat Model']));
});

test('the prompt preview outputs exactly what the model received, without calling it, and the same verified analysis', async () => {
	const before = (await llm!.requests()).length;
	const answer = await timed('previewWebhook', () => n8n!.api.callWebhook(hooks.preview, { samples: finishSampleItems(samples) }));
	expect({ status: answer.status, text: answer.status === 200 ? '' : answer.text.slice(0, 2000) }).toEqual({ status: 200, text: '' });
	const output = answer.json as AnalyzerOutput;

	expect((await llm!.requests()).length).toBe(before);
	expect(output.llm).toMatchObject({ used: false, mode: 'preview', model: MODEL });
	const prompt = output.prompt!;
	expect(prompt.text.length).toBeGreaterThan(1000);
	expect(prompt.tokenEstimate).toBeLessThanOrEqual(prompt.tokenBudget);
	expect(prompt.tokenBudget).toBe(8000);
	expect(output.llm.tokens?.estimatedPromptTokens).toBe(prompt.tokenEstimate);
	expectGroundTruth(output);
	for (const record of samples.find((sample) => sample.stream.name === 'customer')!.records) expect(prompt.text).not.toContain(String(record.email));

	// Same data, same PII key: the preview is the prompt the structured call of the analysis run sent.
	expect(analyzed).toBeDefined();
	expect(output.keys).toEqual(analyzed!.keys);
	expect(output.model).toEqual(analyzed!.model);
	const structuredCall = analyzeRequests.find((request) => request.responseFormat === 'json_schema')!;
	expect(structuredCall.messages.map((message) => message.content)).toEqual([prompt.system, prompt.user]);
});

test("with the chat model node's default Responses API, the model is called through it and the analysis is the same", async () => {
	const before = (await llm!.requests()).length;
	const answer = await timed('responsesWebhook', () => n8n!.api.callWebhook(hooks.responses, { samples: finishSampleItems(samples) }));
	expect({ status: answer.status, text: answer.status === 200 ? '' : answer.text.slice(0, 2000) }).toEqual({ status: 200, text: '' });
	const output = answer.json as AnalyzerOutput;
	const requests = (await llm!.requests()).slice(before);
	console.log(
		`responses API calls: ${JSON.stringify(requests.map((r) => ({ api: r.api, format: r.responseFormat, finish: r.finishReason, ms: r.ms })))}; llm report: ${JSON.stringify(output.llm)}; ` +
			`model warnings: ${JSON.stringify(output.warnings.filter((w) => /model/i.test(w)).slice(0, 8))}`,
	);

	expect(requests.length).toBeGreaterThanOrEqual(1);
	expect(requests.map((request) => request.api)).toEqual(requests.map(() => 'responses'));
	expect(requests[0]).toMatchObject({ model: MODEL, maxTokens: MAX_TOKENS, responseFormat: 'json_schema' });
	expectGroundTruth(output);
	expect(analyzed).toBeDefined();
	expect(output.keys).toEqual(analyzed!.keys);
	expect(output.llm.model).toBe(MODEL);
	expect(output.llm.tokens?.estimatedPromptTokens).toBeGreaterThan(500);
	expectRejectedModelOutput(output, requests);
	const execution = await n8n!.api.waitForExecution(workflowIds.responses);
	expect(execution.status).toBe('success');
});
