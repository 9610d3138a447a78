// For the real-n8n test of the Data Analyzer with a connected chat model: per-stream samples shaped exactly
// like the Airbyte Sample node's Finish Sample items, and a webhook workflow in which n8n's own OpenAI Chat
// Model node (openAiApi credential, Base URL at a local OpenAI-compatible server) feeds our Data Analyzer's
// `ai_languageModel` input.
import { randomUUID } from 'node:crypto';

import type { StreamSample } from '../../lib/sample/types';
import type { N8nNodeJson, N8nWorkflowJson } from './n8n-api';

export const ANALYZER_TYPE = 'n8n-nodes-airbyte-onboarding.dataAnalyzer';
export const CHAT_MODEL_TYPE = '@n8n/n8n-nodes-langchain.lmChatOpenAi';
/** The newest lmChatOpenAi typeVersion in n8n 2.41.1 (model as a resource locator, Responses API switch). */
export const CHAT_MODEL_VERSION = 1.3;

/**
 * What Finish Sample emits per stream (nodes/AirbyteSample/actions/operations.ts finishSampleOperation), for
 * a sample that holds every row of each stream (sample size above the largest stream) of a finished sync.
 */
export function finishSampleItems(samples: StreamSample[], runId = 'e2e0analyzer'): Array<Record<string, unknown>> {
	const namespace = `n8n_sample_${runId}`;
	return samples.map((sample) => ({
		stream: sample.stream,
		records: sample.records,
		status: sample.status,
		totalRecords: sample.totalRecords ?? sample.records.length,
		runId,
		streamName: sample.stream.name,
		recordCount: sample.records.length,
		connectionId: '00000000-0000-4000-8000-00000000e2e0',
		connectionDeleted: true,
		jobId: 1,
		jobStatus: 'succeeded',
		namespace,
		table: sample.stream.name,
		warnings: [],
		cleanupSql: `DROP SCHEMA IF EXISTS "${namespace}" CASCADE;`,
	}));
}

export interface AnalyzerWorkflowOptions {
	name: string;
	path: string;
	credential: { id: string; name: string };
	modelName: string;
	modelUse: 'analyze' | 'preview' | 'off';
	/** lmChatOpenAi options.maxTokens (completion tokens). */
	maxTokens: number;
	/** Our node's model timeout, and the chat model's request timeout (a little longer). */
	timeoutSeconds: number;
	/** Same key in several workflows gives the same redacted prompt for the same data. */
	piiHashKey: string;
	/** The chat model node's "Use Responses API" (its v1.3 default is on); off: Chat Completions. */
	responsesApi: boolean;
}

/** Webhook { samples: [...] } -> Split Out (one item per stream) -> Data Analyzer <- OpenAI Chat Model. */
export function analyzerWithModelWorkflow(options: AnalyzerWorkflowOptions): N8nWorkflowJson {
	const nodes: N8nNodeJson[] = [
		{
			id: randomUUID(),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path: options.path, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
		},
		{
			id: randomUUID(),
			name: 'One Item per Stream',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [240, 0],
			parameters: { fieldToSplitOut: 'body.samples', include: 'noOtherFields', options: {} },
		},
		{
			id: randomUUID(),
			name: 'Data Analyzer',
			type: ANALYZER_TYPE,
			typeVersion: 1,
			position: [480, 0],
			parameters: {
				inputFormat: 'streamSamples',
				modelUse: options.modelUse,
				tokenBudget: 8000,
				options: { timeoutSeconds: options.timeoutSeconds, piiHashKey: options.piiHashKey },
			},
		},
		{
			id: randomUUID(),
			name: 'OpenAI Chat Model',
			type: CHAT_MODEL_TYPE,
			typeVersion: CHAT_MODEL_VERSION,
			position: [480, 220],
			credentials: { openAiApi: options.credential },
			parameters: {
				model: { __rl: true, mode: 'list', value: options.modelName, cachedResultName: options.modelName },
				responsesApiEnabled: options.responsesApi,
				options: { maxTokens: options.maxTokens, temperature: 0, timeout: (options.timeoutSeconds + 30) * 1000, maxRetries: 0 },
			},
		},
	];
	return {
		name: options.name,
		nodes,
		connections: {
			Webhook: { main: [[{ node: 'One Item per Stream', type: 'main', index: 0 }]] },
			'One Item per Stream': { main: [[{ node: 'Data Analyzer', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'Data Analyzer', type: 'ai_languageModel', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}
