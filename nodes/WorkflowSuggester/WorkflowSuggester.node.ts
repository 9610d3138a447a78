import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { ChatModelLike } from '../../lib/suggest/llm';
import type { RecipeId, SuggestOptions } from '../../lib/suggest/recipes';
import type { AlertChannel } from '../../lib/suggest/workflow/nodes';
import { suggestWorkflows, type SuggestResult } from '../../lib/suggest/suggest';
import { properties } from './description';
import { jsonParameter, readInputs } from './inputs';

function isModel(value: unknown): value is ChatModelLike {
	return typeof value === 'object' && value !== null && typeof (value as ChatModelLike).invoke === 'function';
}

async function connectedModel(ctx: IExecuteFunctions): Promise<ChatModelLike | undefined> {
	try {
		const value = await ctx.getInputConnectionData(NodeConnectionTypes.AiLanguageModel, 0);
		const model = Array.isArray(value) ? value[0] : value;
		return isModel(model) ? model : undefined;
	} catch {
		return undefined;
	}
}

/** Where each alert channel's destination is set: parameter name, its label, its default. */
const DESTINATION: Record<AlertChannel, { parameter: string; label: string; fallback: string }> = {
	slack: { parameter: 'slackChannel', label: 'Slack Channel', fallback: '#data-alerts' },
	email: { parameter: 'emailTo', label: 'Email To', fallback: '' },
	webhook: { parameter: 'webhookUrl', label: 'Webhook URL', fallback: '' },
};

function optionsOf(ctx: IExecuteFunctions, i: number): Partial<SuggestOptions> & { schema?: string } {
	const channel = ctx.getNodeParameter('alertChannel', i, 'slack') as AlertChannel;
	const where = DESTINATION[channel] ?? DESTINATION.slack;
	const destination = String(ctx.getNodeParameter(where.parameter, i, where.fallback) ?? '').trim();
	if (!destination) {
		throw new NodeOperationError(ctx.getNode(), `${where.label} is empty`, {
			itemIndex: i,
			description: 'Set where the suggested workflows send their alerts.',
		});
	}
	if (channel === 'webhook' && !/^https?:\/\/[^\s]+$/i.test(destination)) {
		throw new NodeOperationError(ctx.getNode(), 'Webhook URL is not an http(s) URL', {
			itemIndex: i,
			description: 'Paste the incoming-webhook URL that should receive the alerts, e.g. https://hooks.slack.com/services/...',
		});
	}
	const o = ctx.getNodeParameter('options', i, {}) as {
		anomalyZ?: number;
		digest?: 'day' | 'week';
		digestHour?: number;
		renewalDays?: number;
		schema?: string;
	};
	const hour = Math.min(23, Math.max(0, Math.round(o.digestHour ?? 8)));
	const connectionId = (ctx.getNodeParameter('connectionId', i, '') as string).trim();
	return {
		alert: { channel, destination, fromEmail: (ctx.getNodeParameter('emailFrom', i, '') as string) || undefined },
		digestSchedule: o.digest === 'day' ? { every: 'day', atHour: hour } : { every: 'week', weekday: 1, atHour: hour },
		...(o.anomalyZ ? { anomalyZ: o.anomalyZ } : {}),
		...(o.renewalDays ? { renewalDays: o.renewalDays } : {}),
		...(connectionId ? { connectionId } : {}),
		...(o.schema ? { schema: o.schema } : {}),
	};
}

function toItems(result: SuggestResult, warnings: string[], mode: string, i: number): INodeExecutionData[] {
	const allWarnings = [...warnings, ...result.warnings];
	if (mode === 'single') {
		return [{ json: { ...result, warnings: allWarnings } as unknown as IDataObject, pairedItem: { item: i } }];
	}
	return result.suggestions.map((s) => ({
		json: { ...s, ...(allWarnings.length ? { warnings: allWarnings } : {}) } as unknown as IDataObject,
		pairedItem: { item: i },
	}));
}

export class WorkflowSuggester implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Workflow Suggester',
		name: 'workflowSuggester',
		icon: { light: 'file:workflowSuggester.svg', dark: 'file:workflowSuggester.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ "Alerts via " + $parameter["alertChannel"] }}',
		description:
			'Suggests ready-to-import n8n workflows (alerts, digests, data-quality checks, transforms) from the patterns in a synced Airbyte source',
		defaults: { name: 'Workflow Suggester' },
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
		const model = await connectedModel(this);
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const { input, warnings } = readInputs(this, i, { jobs: jsonParameter(this, 'jobs', i) });
				const { schema, ...options } = optionsOf(this, i);
				const recipes = this.getNodeParameter('recipes', i, []) as RecipeId[];
				const limit = this.getNodeParameter('limit', i, 50) as number;
				const result = await suggestWorkflows(
					{ ...input, options, schema, recipes: recipes.length ? recipes : undefined, limit },
					model,
				);
				out.push(...toItems(result, warnings, this.getNodeParameter('output', i, 'perSuggestion') as string, i));
			} catch (error) {
				const nodeError = error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
				if (!this.continueOnFail()) throw nodeError;
				out.push({ json: { error: nodeError.message }, error: nodeError, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}
