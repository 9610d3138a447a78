// The analyzer with a real LLM runtime: node-llama-cpp serving a tiny random-weight model through an
// OpenAI-compatible endpoint on loopback, driven by an OpenAI-SDK model object shaped like LangChain's.
// The model answers gibberish (valid JSON under the grammar, or truncated JSON): the analysis must still
// be correct, everything the model named must be checked, and warnings must say what was rejected.

import { jsonParse, sleep } from 'n8n-workflow';
import path from 'node:path';

import { runAnalysis } from '../../../lib/analysis/pipeline';
import { startLlmServer, type LlmServer } from '../../support/llm-server';
import { readDatasetFolder } from '../../../tools/eval-dataset';
import { OpenAiCompatibleChatModel } from './openai-chat-model';

const DATASETS = path.resolve(__dirname, '../../../../shared/datasets');
const runtime = { parseJson: (text: string) => jsonParse<unknown>(text, { repairJSON: true }), sleep };
const NOW = new Date('2026-11-25T00:00:00Z');

let server: LlmServer;

beforeAll(async () => {
	server = await startLlmServer();
}, 15 * 60_000); // the first run installs node-llama-cpp into the runtime cache

afterAll(async () => {
	await server?.stop();
});

describe('Data analysis with a real local LLM (random weights)', () => {
	const samples = readDatasetFolder(path.join(DATASETS, 'chinook'));

	it('keeps the data-verified analysis, rejects the gibberish with warnings and reports what was sent', async () => {
		const llm = new OpenAiCompatibleChatModel({ baseURL: server.baseURL, maxTokens: 300 });
		const rulesOnly = await runAnalysis(samples, { now: NOW, llmMode: 'off' });
		const result = await runAnalysis(samples, { now: NOW, llm, runtime, timeoutMs: 90_000 });

		// The model was really called, through structured output, and its answer went through validation.
		expect(llm.calls.length).toBeGreaterThanOrEqual(1);
		expect(llm.calls[0].structured).toBe(true);
		expect(result.llm.model).toBe('llama-2-tiny-random');
		expect(result.llm.tokens?.estimatedPromptTokens).toBeGreaterThan(500);
		expect(result.llm.tokens?.estimatedPromptTokens).toBeLessThanOrEqual(8000);

		// Keys, types and relationships are the verified ones, whatever the model said.
		expect(result.model).toEqual(rulesOnly.model);
		expect(result.keys).toEqual(rulesOnly.keys);
		expect(result.analysis.businessType.type).toBe(rulesOnly.analysis.businessType.type);
		expect(result.analysis.relationships.map((r) => [r.fromStream, r.fromColumns, r.toStream])).toEqual(
			rulesOnly.analysis.relationships.map((r) => [r.fromStream, r.fromColumns, r.toStream]),
		);
		const streams = new Set(samples.map((sample) => sample.stream.name));
		for (const kpi of result.analysis.kpis) {
			expect(streams.has(kpi.stream)).toBe(true);
			const stream = result.profile.streams.find((candidate) => candidate.name === kpi.stream)!;
			const columns = new Set(stream.fields.map((field) => field.path));
			if (kpi.measure.kind === 'column') expect(columns.has(kpi.measure.column)).toBe(true);
			if (kpi.timeColumn && !kpi.timeJoin) expect(columns.has(kpi.timeColumn)).toBe(true);
		}

		// The gibberish was rejected (or the whole answer was), and the warnings say so.
		const modelWarnings = result.warnings.filter((warning) => /model/i.test(warning));
		expect(modelWarnings.length).toBeGreaterThan(0);
		if (result.llm.used) expect(result.llm.rejected).toBeGreaterThan(0);
		else expect(result.llm.fallbackReason).toBeTruthy();
		// No PII value from the data went to the model.
		const sent = llm.calls.map((call) => call.messages.map(([, text]) => text).join('\n')).join('\n');
		for (const record of samples.find((sample) => sample.stream.name === 'customer')!.records) {
			expect(sent).not.toContain(String(record.email));
			expect(sent).not.toContain(String(record.last_name));
		}
	}, 180_000);

	it('falls back to the deterministic analysis with a warning when the model times out', async () => {
		const llm = new OpenAiCompatibleChatModel({ baseURL: server.baseURL, maxTokens: 2000 });
		const result = await runAnalysis(samples, { now: NOW, llm, runtime, timeoutMs: 50 });
		expect(result.llm.used).toBe(false);
		expect(result.llm.fallbackReason).toMatch(/did not answer within/);
		expect(result.warnings.some((warning) => /deterministic/.test(warning))).toBe(true);
		expect(result.analysis.kpis.length).toBeGreaterThan(0);
	}, 120_000);
});
