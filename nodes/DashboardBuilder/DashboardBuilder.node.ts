import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { planDashboard } from '../../lib/dashboard/plan';
import { renderEmail } from '../../lib/dashboard/render/email';
import { renderHtml } from '../../lib/dashboard/render/html';
import { readResults } from '../../lib/dashboard/render/results';
import { readInputs } from '../WorkflowSuggester/inputs';
import { properties } from './description';

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeOperationError {
	return error instanceof NodeOperationError ? error : new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

function planItems(ctx: IExecuteFunctions, i: number): INodeExecutionData[] {
	const { input, warnings } = readInputs(ctx, i);
	const title = (ctx.getNodeParameter('title', i, '') as string).trim() || undefined;
	const schema = (ctx.getNodeParameter('schema', i, '') as string).trim() || undefined;
	const plan = planDashboard(input, { title, schema });
	const allWarnings = [...warnings, ...plan.warnings];
	return plan.queries.map((q) => ({
		json: { id: q.id, query: q.query, params: q.params, panel: q.panel, ...(allWarnings.length ? { warnings: allWarnings } : {}) } as unknown as IDataObject,
		pairedItem: { item: i },
	}));
}

function renderItem(ctx: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData {
	const { panels, problems } = readResults(items);
	if (!panels.length && items.length && problems.length === items.length && problems.every((p) => p.startsWith('Input item'))) {
		throw new NodeOperationError(ctx.getNode(), 'The input holds no dashboard query results', {
			description:
				"Connect the Postgres node that ran this node's Plan Queries output (Execute Query with Query {{ $json.query }} and Query Parameters {{ $json.params }}). Each of its items must carry query_id, panel and rows.",
		});
	}
	const title = (ctx.getNodeParameter('title', 0, '') as string).trim() || undefined;
	const format = ctx.getNodeParameter('format', 0, 'page') as 'page' | 'email' | 'both';
	const svg = (ctx.getNodeParameter('erSvg', 0, '') as string).trim();
	const mermaid = (ctx.getNodeParameter('erMermaid', 0, '') as string).trim();
	const options = { title, problems, erDiagram: svg || mermaid ? { svg: svg || undefined, mermaid: mermaid || undefined } : undefined };
	const json: IDataObject = {
		title: title ?? panels[0]?.panel.dashboardTitle ?? 'Dashboard',
		panels: panels.length,
		emptyPanels: panels.filter((p) => p.rows.length === 0).map((p) => p.panel.id),
		problems,
	};
	if (format !== 'email') json.html = renderHtml(panels, options);
	if (format !== 'page') json.email = renderEmail(panels, options);
	return { json, pairedItem: items.map((_, item) => ({ item })) };
}

export class DashboardBuilder implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dashboard Builder',
		name: 'dashboardBuilder',
		icon: { light: 'file:dashboardBuilder.svg', dark: 'file:dashboardBuilder.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "plan" ? "Plan queries" : "Render page" }}',
		description: 'Plans a dashboard (KPI tiles, trends, breakdowns, top entities, data quality) as read-only Postgres queries and renders the results as one self-contained HTML page',
		defaults: { name: 'Dashboard Builder' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation === 'render') {
			try {
				return [[renderItem(this, items)]];
			} catch (error) {
				const nodeError = asNodeError(this, error, 0);
				if (!this.continueOnFail()) throw nodeError;
				return [[{ json: { error: nodeError.message }, error: nodeError, pairedItem: items.map((_, item) => ({ item })) }]];
			}
		}
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				out.push(...planItems(this, i));
			} catch (error) {
				const nodeError = asNodeError(this, error, i);
				if (!this.continueOnFail()) throw nodeError;
				out.push({ json: { error: nodeError.message }, error: nodeError, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}
