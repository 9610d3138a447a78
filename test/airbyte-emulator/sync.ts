// One sync (or clear) job: spawns the source's `read`, validates every message against the protocol, and
// writes records through destination-postgres' loader. Committed counts move only at flushes.
import { Client } from 'pg';
import type { AirbyteStream, ConfiguredAirbyteCatalog, DestinationSyncMode, SyncMode } from '../../lib/airbyte/protocol';
import type { ProcessTracker, SourceProcess } from './connectors';
import type { ConnectorDefinition } from './definitions';
import { PostgresStreamLoader } from './destination/writer';
import { assertAirbyteMessage, assertConfiguredCatalog } from './spec/protocol';
import type { Actor, Connection, Job, StreamConfig, StreamProgress } from './state';
import type { JobFault } from './types';

export const SYNC_MODES: Record<string, { syncMode: SyncMode; destinationSyncMode: DestinationSyncMode }> = {
	full_refresh_overwrite: { syncMode: 'full_refresh', destinationSyncMode: 'overwrite' },
	full_refresh_overwrite_deduped: { syncMode: 'full_refresh', destinationSyncMode: 'overwrite' },
	full_refresh_append: { syncMode: 'full_refresh', destinationSyncMode: 'append' },
	full_refresh_update: { syncMode: 'full_refresh', destinationSyncMode: 'update' },
	full_refresh_soft_delete: { syncMode: 'full_refresh', destinationSyncMode: 'soft_delete' },
	incremental_append: { syncMode: 'incremental', destinationSyncMode: 'append' },
	incremental_deduped_history: { syncMode: 'incremental', destinationSyncMode: 'append_dedup' },
	incremental_update: { syncMode: 'incremental', destinationSyncMode: 'update' },
	incremental_soft_delete: { syncMode: 'incremental', destinationSyncMode: 'soft_delete' },
};

/** The stream namespace after the connection's namespaceDefinition (null = the destination's schema). */
export function resolveNamespace(connection: Connection, streamNamespace: string | undefined | null, destinationSchema: string): string {
	switch (connection.namespaceDefinition) {
		case 'source':
			return streamNamespace || destinationSchema;
		case 'custom_format': {
			const format = (connection.namespaceFormat ?? '').trim();
			if (!format) return destinationSchema;
			const resolved = format.replace(/\$\{SOURCE_NAMESPACE\}/g, streamNamespace ?? '');
			return resolved || destinationSchema;
		}
		default:
			return destinationSchema;
	}
}

/** Restricts a stream's schema to the selected top-level fields. */
function selectFields(stream: AirbyteStream, config: StreamConfig): AirbyteStream {
	if (!config.selectedFields?.length) return stream;
	const keep = new Set(config.selectedFields.map((f) => f.fieldPath[0]));
	const properties = Object.fromEntries(Object.entries(stream.json_schema.properties ?? {}).filter(([k]) => keep.has(k)));
	return { ...stream, json_schema: { ...stream.json_schema, properties } };
}

export function destinationConnection(destination: Actor): Client {
	const c = destination.configuration as Record<string, any>;
	const sslMode = c.ssl_mode?.mode;
	return new Client({
		host: c.host,
		port: c.port ?? 5432,
		database: c.database,
		user: c.username,
		password: c.password,
		ssl: c.ssl === true || (sslMode && !['disable', 'allow', 'prefer'].includes(sslMode)) ? { rejectUnauthorized: false } : undefined,
	});
}

export interface SyncContext {
	job: Job;
	connection: Connection;
	source: Actor;
	sourceDefinition: ConnectorDefinition;
	destination: Actor;
	catalog: AirbyteStream[];
	tracker: ProcessTracker;
	referenceDir: string;
	flushMaxRecords?: number;
	flushMaxBytes?: number;
	startupDelayMs: number;
	jobFault?: JobFault;
	sleep: (ms: number, signal: AbortSignal) => Promise<void>;
	signal: AbortSignal;
	onUpdate: () => void;
	log: (line: string) => void;
}

class JobFailure extends Error {}
class JobCancelled extends Error {}

function progressOf(job: Job, name: string, namespace: string | undefined): StreamProgress {
	let p = job.streams.get(name);
	if (!p) {
		p = { streamName: name, ...(namespace ? { streamNamespace: namespace } : {}), recordsEmitted: 0, recordsCommitted: 0, bytesEmitted: 0, bytesCommitted: 0 };
		job.streams.set(name, p);
	}
	return p;
}

/** Runs the job to a terminal state; never throws. */
export async function runJob(ctx: SyncContext): Promise<void> {
	const { job, connection, destination, signal } = ctx;
	let client: Client | undefined;
	let proc: SourceProcess | undefined;
	const loaders = new Map<string, PostgresStreamLoader>();
	const abortListener = () => proc?.kill();
	signal.addEventListener('abort', abortListener);
	try {
		job.status = 'running';
		job.startedRunningAt = Date.now();
		job.updatedAt = Date.now();
		ctx.onUpdate();
		if (ctx.startupDelayMs > 0) await ctx.sleep(ctx.startupDelayMs, signal);
		if (signal.aborted) throw new JobCancelled();

		const destinationSchema = String((destination.configuration as Record<string, unknown>).schema ?? 'public');
		const byName = new Map(ctx.catalog.map((s) => [s.name, s]));
		const configured: ConfiguredAirbyteCatalog = { streams: [] };
		client = destinationConnection(destination);
		client.on('error', (error) => ctx.log(`destination connection error: ${error.message}`));
		await client.connect();
		const internalSchema = String((destination.configuration as Record<string, unknown>).raw_data_schema || 'airbyte_internal');

		for (const config of connection.streams) {
			const stream = byName.get(config.name);
			if (!stream) continue;
			const modes = SYNC_MODES[config.syncMode] ?? SYNC_MODES.full_refresh_overwrite;
			const overwrite = job.jobType !== 'sync' || modes.destinationSyncMode === 'overwrite';
			if (overwrite) connection.generations[config.name] = (connection.generations[config.name] ?? 0) + 1;
			const generationId = connection.generations[config.name] ?? 0;
			const selected = selectFields(stream, config);
			configured.streams.push({
				stream: selected,
				sync_mode: modes.syncMode,
				destination_sync_mode: modes.destinationSyncMode,
				...(config.cursorField ? { cursor_field: config.cursorField } : {}),
				...(config.primaryKey ? { primary_key: config.primaryKey } : {}),
				generation_id: generationId,
				minimum_generation_id: overwrite ? generationId : 0,
				sync_id: job.jobId,
			});
			const loader = new PostgresStreamLoader(client, {
				namespace: resolveNamespace(connection, stream.namespace, destinationSchema),
				stream: selected,
				prefix: connection.prefix,
				mode: overwrite ? 'overwrite' : 'append',
				internalSchema,
				generationId,
				syncId: job.jobId,
				flushMaxRecords: ctx.flushMaxRecords,
				flushMaxBytes: ctx.flushMaxBytes,
				signal,
				onFlush: (rows, bytes) => {
					const p = progressOf(job, config.name, stream.namespace ?? undefined);
					p.recordsCommitted += rows;
					p.bytesCommitted += bytes;
					job.updatedAt = Date.now();
				},
			});
			await loader.start();
			loaders.set(config.name, loader);
			progressOf(job, config.name, stream.namespace ?? undefined);
		}
		assertConfiguredCatalog(ctx.referenceDir, configured);

		if (job.jobType === 'sync' && configured.streams.length > 0) {
			proc = ctx.tracker.spawnSource(ctx.sourceDefinition, 'read', { config: ctx.source.configuration, catalog: configured });
			if (signal.aborted) proc.kill();
			let total = 0;
			let sourceError: string | undefined;
			for await (const line of proc.lines) {
				if (signal.aborted) break;
				if (!line.trim()) continue;
				let message: Record<string, any>;
				try {
					message = JSON.parse(line);
				} catch {
					continue;
				}
				assertAirbyteMessage(ctx.referenceDir, message);
				if (message.type === 'RECORD') {
					const { stream, data, emitted_at: emittedAt } = message.record;
					const loader = loaders.get(stream);
					if (!loader) throw new JobFailure(`source emitted a record for unselected stream ${stream}`);
					const p = progressOf(job, stream, undefined);
					p.recordsEmitted++;
					p.bytesEmitted += line.length;
					await loader.add(data, emittedAt, line.length);
					total++;
					if (ctx.jobFault && total >= ctx.jobFault.afterRecords)
						throw new JobFailure(ctx.jobFault.message ?? `Injected failure after ${total} records`);
				} else if (message.type === 'TRACE' && message.trace.type === 'STREAM_STATUS' && message.trace.stream_status.status === 'COMPLETE') {
					await loaders.get(message.trace.stream_status.stream_descriptor.name)?.finish();
				} else if (message.type === 'TRACE' && message.trace.type === 'ERROR') {
					sourceError = message.trace.error.message;
				}
			}
			const code = await proc.exited;
			if (signal.aborted) throw new JobCancelled();
			if (sourceError) throw new JobFailure(`Source failed: ${sourceError}`);
			if (code !== 0) throw new JobFailure(`Source exited with code ${code}: ${proc.stderr().slice(0, 300)}`);
		}
		// End of sync: final flush of every stream (a no-op for streams already finished).
		for (const loader of loaders.values()) await loader.finish();
		job.status = 'succeeded';
	} catch (error) {
		for (const loader of loaders.values()) loader.abort();
		if (signal.aborted || error instanceof JobCancelled) {
			job.status = 'cancelled';
		} else {
			job.status = 'failed';
			job.failureReason = error instanceof Error ? error.message : String(error);
			ctx.log(`job ${job.jobId} failed: ${job.failureReason}`);
		}
	} finally {
		signal.removeEventListener('abort', abortListener);
		if (proc) {
			proc.kill();
			await proc.exited;
		}
		await client?.end().catch(() => undefined);
		job.updatedAt = Date.now();
		ctx.onUpdate();
	}
}
