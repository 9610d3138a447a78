import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { jsonParse, NodeConnectionTypes, NodeOperationError, sleep } from 'n8n-workflow';

import { runAnalysis, type AnalysisResult } from '../../lib/analysis/pipeline';
import { isChatModel, type ChatModelLike, type LlmRuntime } from '../../lib/analysis/llm/types';
import type { StreamSample } from '../../lib/sample/types';
import { properties } from './description';
import { parseInput } from './input';

const runtime: LlmRuntime = {
	parseJson: (text) => jsonParse<unknown>(text, { repairJSON: true }),
	sleep: async (ms, signal) => await sleep(ms, signal),
};

function list(value: unknown): string[] {
	return typeof value === 'string' ? value.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0) : [];
}

async function connectedModel(context: IExecuteFunctions): Promise<ChatModelLike | undefined> {
	try {
		const model = (await context.getInputConnectionData(NodeConnectionTypes.AiLanguageModel, 0)) as unknown;
		const candidate = Array.isArray(model) ? (model as unknown[])[0] : model;
		return isChatModel(candidate) ? candidate : undefined;
	} catch {
		return undefined;
	}
}

function outputOf(result: AnalysisResult, samples: StreamSample[], format: string, inputWarnings: string[]): IDataObject {
	const json: IDataObject = {
		profile: result.profile as unknown as IDataObject,
		keys: result.keys as unknown as IDataObject,
		relationships: {
			foreignKeys: result.keys.foreignKeys,
			manyToMany: result.keys.manyToMany,
			childEntities: result.keys.childEntities,
		} as unknown as IDataObject,
		model: result.model as unknown as IDataObject,
		catalog: { streams: samples.map((sample) => sample.stream) } as unknown as IDataObject,
		analysis: result.analysis as unknown as IDataObject,
		pii: result.pii as unknown as IDataObject,
		warnings: [...inputWarnings, ...result.warnings],
		llm: result.llm as unknown as IDataObject,
		inputFormat: format,
	};
	if (result.prompt) {
		json.prompt = {
			text: result.prompt.text,
			system: result.prompt.system,
			user: result.prompt.user,
			tokenEstimate: result.prompt.tokenEstimate,
			tokenBudget: result.prompt.tokenBudget,
			detailLevel: result.prompt.detailLevel,
			streamsShown: result.prompt.streamsShown,
			streamsTotal: result.prompt.streamsTotal,
		};
	}
	return json;
}

export class DataAnalyzer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Data Analyzer',
		name: 'dataAnalyzer',
		icon: { light: 'file:dataAnalyzer.svg', dark: 'file:dataAnalyzer.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["modelUse"] === "preview" ? "Preview prompt" : $parameter["modelUse"] === "off" ? "Rules only" : "Profile & analyse" }}',
		description:
			'Profiles sampled data, verifies keys and relationships, finds PII, and explains the business behind it: KPIs, data quality, sync plan. A connected chat model refines the wording.',
		defaults: { name: 'Data Analyzer' },
		usableAsTool: true,
		inputs: [
			{ type: NodeConnectionTypes.Main },
			{ type: NodeConnectionTypes.AiLanguageModel, displayName: 'Model', required: false, maxConnections: 1 },
		],
		outputs: [NodeConnectionTypes.Main],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const pairedItem = items.map((_, item) => ({ item }));
		const fail = (error: NodeOperationError): INodeExecutionData[][] => {
			if (this.continueOnFail()) return [[{ json: { error: error.message, description: error.description ?? null }, error, pairedItem }]];
			throw error;
		};
		const format = this.getNodeParameter('inputFormat', 0, 'auto') as string;
		const streamName = this.getNodeParameter('streamName', 0, 'records') as string;
		const modelUse = this.getNodeParameter('modelUse', 0, 'analyze') as 'analyze' | 'preview' | 'off';
		const tokenBudget = modelUse === 'off' ? 8000 : (this.getNodeParameter('tokenBudget', 0, 8000) as number);
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;

		const parsed = parseInput(items, format, streamName);
		if (!parsed.ok) {
			return fail(new NodeOperationError(this.getNode(), parsed.problem.message, { itemIndex: parsed.problem.itemIndex, description: parsed.problem.description }));
		}
		const llm = modelUse === 'off' ? undefined : await connectedModel(this);
		let result: AnalysisResult;
		try {
			result = await runAnalysis(parsed.samples, {
				llmMode: modelUse,
				llm,
				runtime,
				tokenBudget,
				exampleRecords: Number(options.exampleRecords ?? 0),
				timeoutMs: Number(options.timeoutSeconds ?? 120) * 1000,
				staleAfterDays: Number(options.staleAfterDays ?? 30),
				piiHashKey: typeof options.piiHashKey === 'string' ? options.piiHashKey : undefined,
				pii: { enabled: options.piiProtection !== false, allow: list(options.piiAllow), deny: list(options.piiDeny) },
				signal: this.getExecutionCancelSignal(),
			});
		} catch (error) {
			return fail(
				new NodeOperationError(this.getNode(), error as Error, {
					description: 'The analysis failed on this input. Check that the items are stream samples or records (JSON objects).',
				}),
			);
		}
		if (result.cancelled) {
			return fail(new NodeOperationError(this.getNode(), 'The execution was cancelled while the model was analysing', { description: 'Nothing was changed; run the node again.' }));
		}
		return [[{ json: outputOf(result, parsed.samples, parsed.format, parsed.warnings), pairedItem }]];
	}
}
