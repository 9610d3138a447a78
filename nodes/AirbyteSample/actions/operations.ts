import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { settle } from '../../../lib/airbyte/retry';
import { newRunId } from '../../../lib/sample/naming';
import {
	checkSample,
	cleanUpOrphans,
	finishSample,
	getCatalog,
	runFromItems,
	startSample,
	streamItems,
	type StreamItem,
} from '../../../lib/sample/run';
import { sampleClients } from '../transport';
import { errorExtras, sampleError } from './errors';
import { getId, getLimits, getStreamNames } from './params';

type Ctx = IExecuteFunctions;

function toJson(value: unknown): IDataObject {
	return value as IDataObject;
}

/** Runs fn per item with continueOnFail; fn returns the item's output items. */
async function perItem(ctx: Ctx, fn: (i: number) => Promise<INodeExecutionData[]>): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	const items = ctx.getInputData();
	for (let i = 0; i < items.length; i++) {
		const outcome = await settle(fn(i));
		if (outcome.ok) {
			out.push(...outcome.value);
			continue;
		}
		const error = sampleError(ctx, outcome.error, i);
		if (!ctx.continueOnFail()) throw error;
		out.push({ json: { error: error.message, description: error.description ?? '', ...errorExtras(outcome.error) }, error, pairedItem: { item: i } });
	}
	return out;
}

export async function getCatalogOperation(this: Ctx): Promise<INodeExecutionData[]> {
	const { client } = await sampleClients(this);
	return await perItem(this, async (i) => {
		const sourceId = getId(this, 'sourceId', i, 'Source');
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const catalog = await getCatalog(client, sourceId, { refresh: options.refresh === true });
		return catalog.streams.map((stream) => ({
			json: toJson({
				stream: stream.name,
				namespace: stream.namespace ?? null,
				primaryKey: stream.source_defined_primary_key ?? [],
				cursorField: stream.default_cursor_field ?? [],
				sourceDefinedCursor: stream.source_defined_cursor ?? false,
				syncModes: stream.supported_sync_modes,
				fieldCount: Object.keys(stream.json_schema?.properties ?? {}).length,
				catalogEntry: stream,
				catalogOrigin: catalog.origin,
				warnings: catalog.warnings,
			}),
			pairedItem: { item: i },
		}));
	});
}

export async function startSampleOperation(this: Ctx): Promise<INodeExecutionData[]> {
	const clients = await sampleClients(this);
	return await perItem(this, async (i) => {
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const sourceId = getId(this, 'sourceId', i, 'Source');
		const destinationId = getId(this, 'destinationId', i, 'Sample Destination');
		const catalog = await getCatalog(clients.client, sourceId, { destinationId, refresh: options.refresh === true });
		const run = await startSample(clients, {
			sourceId,
			destinationId,
			selected: getStreamNames(this, i),
			limits: getLimits(this, i),
			wait: this.getNodeParameter('wait', i, true) as boolean,
			budgetMs: Number(this.getNodeParameter('budgetSeconds', i, 240)) * 1000,
			pollIntervalMs: Number(this.getNodeParameter('pollSeconds', i, 5)) * 1000,
			runId: newRunId(),
			catalog,
		});
		return streamItems(run).map((item) => ({ json: toJson(item), pairedItem: { item: i } }));
	});
}

function isStreamItem(json: IDataObject): boolean {
	return typeof json.runId === 'string' && typeof json.connectionId === 'string' && typeof json.stream === 'string' && typeof json.catalogEntry === 'object';
}

export async function checkSampleOperation(this: Ctx): Promise<INodeExecutionData[]> {
	const clients = await sampleClients(this);
	const items = this.getInputData();
	const groups = new Map<string, number[]>();
	items.forEach((item, i) => {
		if (!isStreamItem(item.json)) return;
		const runId = String(item.json.runId);
		groups.set(runId, [...(groups.get(runId) ?? []), i]);
	});
	if (groups.size === 0) {
		throw new NodeOperationError(this.getNode(), 'No started sample in the input', {
			description: 'Check Sample takes the items of Start Sample (or of a previous Check Sample).',
		});
	}
	const out: INodeExecutionData[] = [];
	for (const indexes of groups.values()) {
		const first = indexes[0];
		const outcome = await settle(
			checkSample(clients, runFromItems(indexes.map((i) => items[i].json as unknown as StreamItem)), {
				cancelWhenDone: this.getNodeParameter('cancelWhenDone', first, true) as boolean,
				pollIntervalMs: Number(this.getNodeParameter('pollSeconds', first, 5)) * 1000,
			}),
		);
		if (!outcome.ok) {
			const error = sampleError(this, outcome.error, first);
			if (!this.continueOnFail()) throw error;
			out.push({ json: { error: error.message, description: error.description ?? '' }, error, pairedItem: indexes.map((item) => ({ item })) });
			continue;
		}
		const byStream = new Map(indexes.map((i) => [String(items[i].json.stream), i]));
		for (const item of streamItems(outcome.value)) {
			out.push({ json: toJson(item), pairedItem: { item: byStream.get(item.stream) ?? first } });
		}
	}
	return out;
}

export async function finishSampleOperation(this: Ctx): Promise<INodeExecutionData[]> {
	const clients = await sampleClients(this);
	const items = this.getInputData();
	const outcome = await settle(finishSample(clients, items.map((item) => item.json)));
	if (!outcome.ok) {
		const error = sampleError(this, outcome.error, 0);
		if (!this.continueOnFail()) throw error;
		return [{ json: { error: error.message, description: error.description ?? '' }, error, pairedItem: items.map((_, item) => ({ item })) }];
	}
	const result = outcome.value;
	if (result.samples.length === 0) {
		const error = new NodeOperationError(this.getNode(), 'No sample rows in the input', {
			description:
				'Finish Sample takes the rows of a Postgres node (Execute Query) that ran the readSql of Start Sample. ' +
				(result.rejected[0] ? `First rejected item: ${result.rejected[0].reason}.` : ''),
		});
		if (!this.continueOnFail()) throw error;
		return [{ json: { error: error.message, description: error.description ?? '' }, error, pairedItem: items.map((_, item) => ({ item })) }];
	}
	const runs = new Map(result.runs.map((r) => [r.runId, r]));
	return result.samples.map((sample) => {
		const run = runs.get(sample.runId);
		const problems = run?.problems ?? [];
		return {
			json: toJson({
				stream: sample.stream,
				records: sample.records,
				status: sample.status,
				totalRecords: sample.totalRecords,
				runId: sample.runId,
				streamName: sample.stream.name,
				recordCount: sample.records.length,
				connectionId: sample.connectionId,
				connectionDeleted: problems.every((p) => !p.startsWith('delete connection')),
				jobId: sample.jobId,
				jobStatus: run?.jobStatus,
				namespace: sample.namespace,
				table: sample.table,
				warnings: [...sample.warnings, ...problems],
				cleanupSql: result.cleanupSql,
			}),
			pairedItem: { item: sample.inputIndex },
		};
	});
}

export async function cleanUpOrphansOperation(this: Ctx): Promise<INodeExecutionData[]> {
	const clients = await sampleClients(this);
	return await perItem(this, async (i) => {
		const workspaceId = String(this.getNodeParameter('workspaceId', i, '') ?? '').trim();
		const result = await cleanUpOrphans(clients, {
			workspaceId: workspaceId || undefined,
			olderThanMs: Number(this.getNodeParameter('olderThanMinutes', i, 60)) * 60_000,
			dryRun: this.getNodeParameter('dryRun', i, false) as boolean,
		});
		return [
			{
				json: toJson({
					orphanCount: result.orphans.length,
					orphans: result.orphans,
					cleanupSql: result.cleanupSql || 'SELECT 0 AS sample_schemas_to_drop;',
					warnings: result.warnings,
				}),
				pairedItem: { item: i },
			},
		];
	});
}
