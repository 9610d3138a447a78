import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { AirbyteCatalog } from '../../../lib/airbyte/protocol';
import type { SyncRecommendation } from '../../../lib/analysis/business/types';
import { productionConnectionRequest } from '../../../lib/schema';
import { toNodeError } from '../../Airbyte/helpers/utils';
import { createClient } from '../../Airbyte/transport';
import { jsonParameter, planParameter } from './inputs';

export async function productionConnectionItem(ctx: IExecuteFunctions, i: number): Promise<INodeExecutionData> {
	const plan = planParameter(ctx, i);
	const sourceId = String(ctx.getNodeParameter('sourceId', i, '') ?? '').trim();
	const destinationId = String(ctx.getNodeParameter('destinationId', i, '') ?? '').trim();
	if (!sourceId || !destinationId)
		throw new NodeOperationError(ctx.getNode(), 'Source ID and Destination ID are required', {
			itemIndex: i,
			description: "Set the tenant's Airbyte source and the shared Postgres destination (create it once in Airbyte and reuse it for every tenant).",
		});
	const sync = jsonParameter(ctx, 'syncRecommendation', i) as Partial<SyncRecommendation> | undefined;
	const catalog = jsonParameter(ctx, 'connectionCatalog', i) as AirbyteCatalog | undefined;
	const o = ctx.getNodeParameter('connectionOptions', i, {}) as IDataObject;
	const cron = String(o.cronExpression ?? '').trim();
	const { request, warnings } = productionConnectionRequest({
		sourceId,
		destinationId,
		plan,
		sync: sync && typeof sync === 'object' ? sync : undefined,
		catalog: catalog && Array.isArray(catalog.streams) ? catalog : undefined,
		name: (o.name as string) || undefined,
		schedule: o.manual ? { type: 'manual' } : cron ? { type: 'cron', cronExpression: cron } : undefined,
	});
	const client = await createClient(ctx);
	try {
		const connection = await client.createConnection(request);
		let jobId: number | null = null;
		if (o.triggerFirstSync !== false) jobId = (await client.createJob(connection.connectionId, 'sync')).jobId;
		return {
			json: {
				connectionId: connection.connectionId,
				jobId,
				namespace: request.namespaceFormat ?? null,
				schedule: request.schedule as unknown as IDataObject,
				streams: (request.configurations?.streams ?? []).map((s) => ({ name: s.name, syncMode: s.syncMode ?? null })),
				warnings,
			},
			pairedItem: { item: i },
		};
	} catch (error) {
		throw toNodeError(ctx, error, i);
	}
}
