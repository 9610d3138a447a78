// The whole analysis, as the Data Analyzer node runs it: profile -> keys -> DataModel -> PII -> business
// analysis -> (optional) model on top. Framework-free: the node supplies the model and the runtime helpers.

import { randomBytes } from 'crypto';

import type { DatasetProfile, ProfileOptions } from '../profile/types';
import { profileStreams } from '../profile';
import type { StreamSample } from '../sample/types';
import { classifyPii } from '../pii/classify';
import { redactProfile } from '../pii/redact';
import type { PiiOptions, PiiReport } from '../pii/types';
import { analyzeBusiness } from './business/analyze';
import type { BusinessAnalysis } from './business/types';
import { inferDataModel, inferKeys } from './keys';
import type { KeyInference, KeyOptions } from './keys/types';
import { askModel } from './llm/invoke';
import { mergeModelAnswer } from './llm/merge';
import { buildAnalysisPrompt, DEFAULT_TOKEN_BUDGET, type AnalysisPrompt } from './llm/prompt';
import { llmAnalysisSchema } from './llm/schema';
import { modelNameOf, type ChatModelLike, type LlmReport, type LlmRuntime } from './llm/types';
import type { DataModel } from './model';

export interface AnalysisOptions {
	profile?: ProfileOptions;
	keys?: KeyOptions;
	pii?: PiiOptions;
	/** Key for hashed PII values; a random per-run key when absent (hashes then join only within one run). */
	piiHashKey?: string;
	tokenBudget?: number;
	/** Redacted example records per stream in the prompt (default 0: none). */
	exampleRecords?: number;
	now?: Date;
	staleAfterDays?: number;
	/** 'analyze': call the model when one is connected; 'preview': build the prompt only; 'off': rules only. */
	llmMode?: 'analyze' | 'preview' | 'off';
	llm?: ChatModelLike;
	runtime?: LlmRuntime;
	timeoutMs?: number;
	signal?: AbortSignal;
}

export interface AnalysisResult {
	/** The profile, with values of PII columns masked, hashed or removed (when PII protection is on). */
	profile: DatasetProfile;
	keys: KeyInference;
	model: DataModel;
	analysis: BusinessAnalysis;
	pii: PiiReport;
	warnings: string[];
	llm: LlmReport;
	/** The exact prompt, in preview mode. */
	prompt?: AnalysisPrompt;
	/** The execution was cancelled while the model was working. */
	cancelled?: boolean;
}

function markPii(model: DataModel, pii: PiiReport): DataModel {
	if (pii.columns.length === 0) return model;
	return {
		...model,
		streams: model.streams.map((stream) => ({
			...stream,
			columns: stream.columns.map((column) =>
				pii.columns.some((entry) => entry.stream === stream.name && (entry.path === column.name || column.name.startsWith(`${entry.path}.`)))
					? { ...column, pii: true }
					: column,
			),
		})),
	};
}

/** Run the analysis. `runtime` is required when a model is to be called (`llmMode` 'analyze' with `llm`). */
export async function runAnalysis(samples: StreamSample[], options: AnalysisOptions & { runtime?: LlmRuntime } = {}): Promise<AnalysisResult> {
	const warnings: string[] = [];
	const rawProfile = profileStreams(samples, options.profile);
	const keys = inferKeys(rawProfile, samples, options.keys);
	const pii = classifyPii(rawProfile, samples, options.pii);
	const model = markPii(inferDataModel(rawProfile, samples, { ...options.keys, keys }), pii);
	const base = analyzeBusiness({ profile: rawProfile, model, samples, pii, now: options.now, staleAfterDays: options.staleAfterDays });
	const hashKey = options.piiHashKey && options.piiHashKey.length > 0 ? options.piiHashKey : randomBytes(32).toString('hex');
	const profile = redactProfile(rawProfile, pii, hashKey);
	for (const stream of rawProfile.streams) {
		if (stream.malformedRecords > 0) warnings.push(`${stream.name}: ${stream.malformedRecords} records were not JSON objects and were skipped.`);
		if (stream.status === 'schema_only') warnings.push(`${stream.name}: no records sampled; analysed from its catalog entry alone.`);
	}
	if (!pii.enabled) warnings.push('PII protection is off: values of personal-data columns may appear in the profile and the prompt.');

	const mode = options.llmMode ?? 'analyze';
	const result: AnalysisResult = { profile, keys, model, analysis: base, pii, warnings, llm: { used: false, mode: 'none', model: null, tokens: null } };
	if (mode === 'off' || (mode === 'analyze' && !options.llm)) return result;

	const promptInput = { profile: rawProfile, model, analysis: base, pii, tokenBudget: options.tokenBudget ?? DEFAULT_TOKEN_BUDGET, exampleRecords: options.exampleRecords, samples, hashKey };
	const prompt = buildAnalysisPrompt({ ...promptInput, jsonInstructions: !options.llm?.withStructuredOutput });
	if (!prompt.fitsBudget) warnings.push(`The prompt needs about ${prompt.tokenEstimate} tokens, more than the budget of ${prompt.tokenBudget}, even at the lowest detail.`);
	else if (prompt.reducedForBudget) {
		warnings.push(`To fit ${prompt.tokenBudget} tokens the prompt shows ${prompt.streamsShown} of ${prompt.streamsTotal} streams at detail level ${prompt.detailLevel} of 3.`);
	}
	const modelName = options.llm ? modelNameOf(options.llm) : null;
	if (mode === 'preview') {
		return { ...result, prompt, llm: { used: false, mode: 'preview', model: modelName, tokens: { estimatedPromptTokens: prompt.tokenEstimate } } };
	}
	const llm = options.llm as ChatModelLike;
	const runtime = options.runtime;
	if (!runtime) {
		warnings.push('No runtime to call the model with; the analysis is the deterministic one.');
		return { ...result, warnings };
	}
	const jsonPrompt = buildAnalysisPrompt({ ...promptInput, jsonInstructions: true });
	const answer = await askModel(llm, prompt.messages, llmAnalysisSchema, {
		timeoutMs: options.timeoutMs ?? 120_000,
		signal: options.signal,
		runtime,
		jsonMessages: jsonPrompt.messages,
	});
	if (!answer.ok) {
		warnings.push(`${answer.message} The analysis is the deterministic one.`);
		return {
			...result,
			warnings,
			cancelled: answer.reason === 'cancelled',
			llm: { used: false, mode: answer.mode, model: modelName, tokens: { estimatedPromptTokens: prompt.tokenEstimate }, fallbackReason: answer.message },
		};
	}
	const merged = mergeModelAnswer(base, answer.value, rawProfile);
	warnings.push(...answer.warnings, ...merged.warnings);
	return {
		...result,
		analysis: merged.analysis,
		warnings,
		llm: {
			used: true,
			mode: answer.mode,
			model: modelName,
			tokens: { estimatedPromptTokens: answer.mode === 'json' ? jsonPrompt.tokenEstimate : prompt.tokenEstimate, ...answer.usage },
			accepted: merged.accepted,
			rejected: merged.rejected,
		},
	};
}
