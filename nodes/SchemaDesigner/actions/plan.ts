import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { jsonParse, NodeConnectionTypes, NodeOperationError, sleep } from 'n8n-workflow';
import type { AirbyteCatalog } from '../../../lib/airbyte/protocol';
import type { ChatModelLike } from '../../../lib/analysis/llm/types';
import type { DataModel } from '../../../lib/analysis/model';
import {
	applyPlanEdits,
	buildSchemaPlan,
	erDiagramSvg,
	extrasFromAnalysis,
	mermaidErDiagram,
	suggestPlanEdits,
	type SchemaPlan,
	type SchemaPlanOptions,
} from '../../../lib/schema';
import { jsonParameter } from './inputs';

function isModel(value: unknown): value is ChatModelLike {
	return typeof value === 'object' && value !== null && typeof (value as { invoke?: unknown }).invoke === 'function';
}

function summary(plan: SchemaPlan): IDataObject {
	return {
		schema: plan.schema,
		rawSchema: plan.rawSchema,
		tables: plan.tables.length,
		childTables: plan.tables.filter((t) => t.kind === 'child').length,
		junctionTables: plan.tables.filter((t) => t.kind === 'junction').length,
		columns: plan.tables.reduce((n, t) => n + t.columns.length, 0),
		foreignKeys: plan.tables.reduce((n, t) => n + t.foreignKeys.length, 0),
		indexes: plan.tables.reduce((n, t) => n + t.indexes.length, 0),
		views: plan.views.length,
	};
}

export async function planItem(ctx: IExecuteFunctions, i: number, model: ChatModelLike | undefined): Promise<INodeExecutionData> {
	const dataModel = jsonParameter(ctx, 'dataModel', i) as DataModel | undefined;
	if (!dataModel || typeof dataModel !== 'object' || !Array.isArray((dataModel as DataModel).streams))
		throw new NodeOperationError(ctx.getNode(), 'No data model given', {
			itemIndex: i,
			description: "Connect the Data Analyzer before this node, or set Data Model to its output's data model (an object with a streams array).",
		});
	const catalog = jsonParameter(ctx, 'catalog', i) as AirbyteCatalog | undefined;
	const analysis = jsonParameter(ctx, 'analysis', i) as Parameters<typeof extrasFromAnalysis>[0];
	const tenantId = String(ctx.getNodeParameter('tenantId', i, '') ?? '').trim();
	const o = ctx.getNodeParameter('planOptions', i, {}) as IDataObject;
	if (!tenantId && !o.schema)
		throw new NodeOperationError(ctx.getNode(), 'No tenant ID given', { itemIndex: i, description: 'Set Tenant ID (or the Schema Name option); it names the tenant schema and roles.' });
	const options: SchemaPlanOptions = {
		tenantId,
		schema: (o.schema as string) || undefined,
		rawNamespace: (o.rawNamespace as string) || undefined,
		streamPrefix: (o.streamPrefix as string) || undefined,
		minForeignKeyScore: typeof o.minForeignKeyScore === 'number' ? o.minForeignKeyScore : undefined,
		strictNullability: Boolean(o.strictNullability),
	};
	let plan = buildSchemaPlan({ model: dataModel, catalog: catalog && Array.isArray(catalog.streams) ? catalog : undefined, extras: extrasFromAnalysis(analysis), options });
	const edits: IDataObject = {};
	const given = typeof o.planEdits === 'string' ? jsonParse<unknown>(o.planEdits || '[]') : o.planEdits;
	const manual = Array.isArray(given) ? given : [];
	const suggested: unknown[] = [];
	if (model) {
		const signal = ctx.getExecutionCancelSignal();
		const answer = await suggestPlanEdits(model, plan, { runtime: { parseJson: (t) => jsonParse(t, { repairJSON: true }), sleep: (ms, s) => sleep(ms, s) }, signal });
		if (answer.cancelled || signal?.aborted) throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled', { itemIndex: i });
		suggested.push(...answer.edits);
		edits.model = { mode: answer.mode, warnings: answer.warnings };
	}
	if (manual.length || suggested.length) {
		const result = applyPlanEdits(plan, [...manual, ...suggested]);
		plan = result.plan;
		edits.applied = result.applied as unknown as IDataObject[];
		edits.rejected = result.rejected as unknown as IDataObject[];
	}
	return {
		json: {
			plan: plan as unknown as IDataObject,
			summary: summary(plan),
			erDiagram: { mermaid: mermaidErDiagram(plan), svg: erDiagramSvg(plan) },
			warnings: plan.warnings,
			edits,
		},
		pairedItem: { item: i },
	};
}

export async function connectedModel(ctx: IExecuteFunctions): Promise<ChatModelLike | undefined> {
	try {
		const value = await ctx.getInputConnectionData(NodeConnectionTypes.AiLanguageModel, 0);
		const model = Array.isArray(value) ? value[0] : value;
		return isModel(model) ? model : undefined;
	} catch {
		return undefined;
	}
}
