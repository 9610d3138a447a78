import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	diffPlan,
	introspectionQuery,
	parseIntrospection,
	renderPlanMigration,
	renderProvision,
	renderTransform,
} from '../../../lib/schema';
import { jsonParameter, planParameter } from './inputs';

function ownerOption(ctx: IExecuteFunctions, i: number): { id?: string; ownerRole?: null } {
	const id = String(ctx.getNodeParameter('migrationId', i, '') ?? '').trim();
	const runAsOwner = ctx.getNodeParameter('runAsOwner', i, true) as boolean;
	return { id: id || undefined, ...(runAsOwner ? {} : { ownerRole: null }) };
}

export function migrationItem(ctx: IExecuteFunctions, i: number): INodeExecutionData {
	const plan = planParameter(ctx, i);
	const m = renderPlanMigration(plan, ownerOption(ctx, i));
	return {
		json: { sql: m.sql, migrationId: m.id, checksum: m.checksum, schema: m.schema, stepCount: m.steps.length },
		pairedItem: { item: i },
	};
}

export function transformItem(ctx: IExecuteFunctions, i: number): INodeExecutionData {
	const plan = planParameter(ctx, i);
	const t = renderTransform(plan);
	return { json: { sql: t.sql, tables: t.tables, schema: plan.schema, rawSchema: plan.rawSchema }, pairedItem: { item: i } };
}

function schemaParameter(ctx: IExecuteFunctions, i: number): string {
	const schema = String(ctx.getNodeParameter('tenantSchema', i, '') ?? '').trim();
	if (!schema)
		throw new NodeOperationError(ctx.getNode(), 'No tenant schema given', {
			itemIndex: i,
			description: "Set Tenant Schema, e.g. to the plan's schema: {{ $json.plan.schema }}.",
		});
	return schema;
}

export function introspectionItem(ctx: IExecuteFunctions, i: number): INodeExecutionData {
	const schema = schemaParameter(ctx, i);
	return { json: { sql: introspectionQuery(schema), schema }, pairedItem: { item: i } };
}

export function provisionItem(ctx: IExecuteFunctions, i: number): INodeExecutionData {
	const schema = schemaParameter(ctx, i);
	const rawSchema = String(ctx.getNodeParameter('rawSchema', i, '') ?? '').trim() || undefined;
	const airbyteUser = String(ctx.getNodeParameter('airbyteUser', i, '') ?? '').trim() || undefined;
	const grantTo = String(ctx.getNodeParameter('grantTo', i, '') ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	const p = renderProvision({ schema, rawSchema, airbyteUser, grantReadWriteTo: grantTo });
	return {
		json: { sql: p.sql, schema: p.schema, rawSchema: p.rawSchema, ownerRole: p.ownerRole, readWriteRole: p.readWriteRole },
		pairedItem: { item: i },
	};
}

/** Diff consumes all input items (the Postgres node's rows) and answers with one item. */
export function diffItems(ctx: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData {
	const plan = planParameter(ctx, 0);
	const source = ctx.getNodeParameter('rowsSource', 0, 'inputItems') as string;
	let rows: unknown[];
	if (source === 'field') {
		const value = jsonParameter(ctx, 'rows', 0);
		if (!Array.isArray(value))
			throw new NodeOperationError(ctx.getNode(), 'Rows is not a JSON array', { itemIndex: 0, description: 'Pass the rows of the Introspection Query as an array.' });
		rows = value;
	} else rows = items.map((item) => item.json).filter((r) => Object.keys(r).length > 0);
	let state;
	try {
		state = parseIntrospection(rows);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
			itemIndex: 0,
			description: "Run this node's Introspection Query with the Postgres node and feed its output rows into Diff unchanged.",
		});
	}
	const allowDestructive = ctx.getNodeParameter('allowDestructive', 0, false) as boolean;
	const diff = diffPlan(plan, state, { ...ownerOption(ctx, 0), allowDestructive });
	const json: IDataObject = {
		upToDate: diff.upToDate,
		sql: diff.migration?.sql ?? null,
		migrationId: diff.migration?.id ?? null,
		changes: diff.steps.map((s) => s.description),
		destructive: diff.destructive.map((s) => s.description),
		destructiveIncluded: allowDestructive,
		schema: plan.schema,
	};
	return { json, pairedItem: items.map((_, i) => ({ item: i })) };
}
