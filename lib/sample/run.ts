// The sample lifecycle against Airbyte: catalog, start (create the temporary connection, trigger, and
// optionally wait with early stop), check, finish (cancel, delete, assemble) and orphan clean-up.
// Every Airbyte call goes through the shared AirbyteClient; waiting goes through its injected sleep.
import type { AirbyteClient } from '../airbyte/client';
import { AirbyteAbortError, AirbyteAmbiguousCreateError, describeAirbyteError, isAirbyteApiError } from '../airbyte/errors';
import { abortableSleep, settle } from '../airbyte/retry';
import { toPostgresCompatibleName } from '../airbyte/naming';
import type { AirbyteStream } from '../airbyte/protocol';
import { isTerminalJobStatus, type ConnectionResponse, type JobResponse, type TagResponse } from '../airbyte/types';
import { assembleSamples, type AssembledStream } from './assemble';
import { catalogFromDiscover, catalogFromStreamProperties, type SampleCatalog } from './catalog';
import { parseSampleConnectionName, runIdOfNamespace, sampleNamespace } from './naming';
import { connectionRequest, planSample } from './plan';
import { cleanupSql, readSql, type CleanupTarget } from './sql';
import { decideStop, rotationTargets } from './stop';
import { ensureSampleTag, findSampleTags, hasAnyTag } from './tag';
import type { SampleLimits, SamplePlan, SampleProgress, SampleTicket, StopDecision } from './types';

/**
 * `client` carries the execution's abort signal; `cleanup` must not, so that a cancelled execution can still
 * delete what it created before the cancel propagates.
 */
export interface SampleClients {
	client: AirbyteClient;
	cleanup: AirbyteClient;
}

// ---------- Catalog ----------

/** discover_schema via the Config API; on any failure other than a failed discover, public GET /streams. */
export async function getCatalog(client: AirbyteClient, sourceId: string, options: { destinationId?: string; refresh?: boolean } = {}): Promise<SampleCatalog> {
	const read = await settle(client.discoverSchema({ sourceId, disable_cache: options.refresh ?? false }));
	if (read.ok) return catalogFromDiscover(read.value.catalog ?? { streams: [] });
	const error = read.error;
	if (error instanceof AirbyteAbortError) throw error;
	if (isAirbyteApiError(error) && error.problem.title === 'discover-failed') throw error;
	const streams = await client.getStreamProperties({
		sourceId,
		destinationId: options.destinationId,
		ignoreCache: options.refresh ?? false,
	});
	return catalogFromStreamProperties(streams, describeAirbyteError(error).message);
}

// ---------- Progress ----------

export interface ProgressState {
	/** Cleared after the Config API failed once; the job status alone then decides. */
	useConfigApi: boolean;
	note?: string;
}

export async function readProgress(client: AirbyteClient, connectionId: string, job: JobResponse, state: ProgressState): Promise<SampleProgress> {
	const base: SampleProgress = { jobStatus: job.status, perStreamAvailable: false, streams: [], rowsSynced: job.rowsSynced ?? undefined };
	if (!state.useConfigApi || isTerminalJobStatus(job.status)) return base;
	const outcome = await settle(client.getSyncProgress(connectionId));
	if (outcome.ok) {
		const progress = outcome.value;
		if (progress.jobId !== undefined && progress.jobId !== null && Number(progress.jobId) !== Number(job.jobId)) return base;
		return {
			...base,
			perStreamAvailable: true,
			streams: progress.streams.map((s) => ({
				name: s.streamName,
				namespace: s.streamNamespace,
				recordsEmitted: s.recordsEmitted ?? undefined,
				recordsCommitted: s.recordsCommitted ?? 0,
			})),
		};
	}
	if (outcome.error instanceof AirbyteAbortError) throw outcome.error;
	state.useConfigApi = false;
	state.note =
		`Per-stream progress is unavailable (${describeAirbyteError(outcome.error).message}); ` +
		'the sample waits for the sync to finish or the time budget instead of stopping early.';
	return base;
}

// ---------- Start / Check ----------

export interface StartParams {
	workspaceId?: string;
	sourceId: string;
	destinationId: string;
	selected: string[];
	limits: SampleLimits;
	/** Wait for the stop rule (true) or return right after triggering (false, for a Wait-node loop). */
	wait: boolean;
	budgetMs: number;
	pollIntervalMs: number;
	runId: string;
	/** A catalog already read (e.g. by Get Catalog); read here when absent. */
	catalog?: SampleCatalog;
}

export interface StreamState {
	recordsCommitted: number;
	recordsEmitted?: number;
	finished: boolean;
}

/** Everything the per-stream output items carry; Check and Finish work from it alone (nodes are stateless). */
export interface SampleRunState {
	runId: string;
	connectionId: string;
	jobId?: number;
	jobStatus: string;
	namespace: string;
	connectionName: string;
	startedAt: string;
	budgetMs: number;
	limits: SampleLimits;
	catalogOrigin: SampleCatalog['origin'];
	plan: SamplePlan;
	decision: StopDecision;
	streams: Record<string, StreamState>;
	cancelledByStopRule: boolean;
	/** Jobs restarted with only the pending streams (see rotationTargets). */
	rotations: number;
	/** The sample tag attached to the connection (absent when Airbyte has no usable tags API). */
	tagId?: string;
	warnings: string[];
}

export interface StreamItem {
	runId: string;
	connectionId: string;
	jobId?: number;
	jobStatus: string;
	sampleDone: boolean;
	stopReason: string;
	namespace: string;
	table: string;
	stream: string;
	streamNamespace?: string | null;
	syncMode: string;
	recordsCommitted: number;
	recordsEmitted?: number;
	streamFinished: boolean;
	catalogEntry: AirbyteStream;
	readSql: string;
	cleanupSql: string;
	startedAt: string;
	budgetMs: number;
	limits: SampleLimits;
	catalogOrigin: string;
	rotations: number;
	tagId?: string;
	warnings: string[];
}

function ticketOf(run: SampleRunState, planned: SamplePlan['streams'][number]): SampleTicket {
	const s = run.streams[planned.stream.name];
	return {
		v: 1,
		runId: run.runId,
		connectionId: run.connectionId,
		jobId: run.jobId,
		namespace: run.namespace,
		table: planned.table,
		sampleSize: run.limits.sampleSize,
		finished: s?.finished ?? false,
		recordsCommitted: s?.recordsCommitted,
		stream: planned.stream,
	};
}

export function runCleanupTarget(run: Pick<SampleRunState, 'namespace' | 'plan'>): CleanupTarget {
	return { namespace: run.namespace, tables: run.plan.streams.map((s) => s.table) };
}

/** One output item per planned stream. */
export function streamItems(run: SampleRunState): StreamItem[] {
	const cleanup = cleanupSql([runCleanupTarget(run)]);
	const done = run.decision.action !== 'wait';
	return run.plan.streams.map((planned) => {
		const s = run.streams[planned.stream.name] ?? { recordsCommitted: 0, finished: false };
		return {
			runId: run.runId,
			connectionId: run.connectionId,
			jobId: run.jobId,
			jobStatus: run.jobStatus,
			sampleDone: done,
			stopReason: run.decision.reason,
			namespace: run.namespace,
			table: planned.table,
			stream: planned.stream.name,
			streamNamespace: planned.stream.namespace,
			syncMode: planned.syncMode,
			recordsCommitted: s.recordsCommitted,
			recordsEmitted: s.recordsEmitted,
			streamFinished: s.finished,
			catalogEntry: planned.stream,
			readSql: readSql({ ticket: ticketOf(run, planned), limits: run.limits }),
			cleanupSql: cleanup,
			startedAt: run.startedAt,
			budgetMs: run.budgetMs,
			limits: run.limits,
			catalogOrigin: run.catalogOrigin,
			rotations: run.rotations,
			...(run.tagId ? { tagId: run.tagId } : {}),
			warnings: run.warnings,
		};
	});
}

function carriedOf(run: SampleRunState): Record<string, { recordsCommitted: number; finished: boolean }> {
	return Object.fromEntries(Object.entries(run.streams).map(([name, s]) => [name, { recordsCommitted: s.recordsCommitted, finished: s.finished }]));
}

/** Cancels the current job and starts another that reads only `names` (streams with no rows yet). */
async function rotate(client: AirbyteClient, run: SampleRunState, names: string[], pollIntervalMs: number): Promise<void> {
	if (run.jobId !== undefined) await cancelAndSettle(client, run.jobId, pollIntervalMs);
	const keep = new Set(names);
	const configured = connectionRequest(run.plan, '', '').configurations.streams.filter((s) => keep.has(s.name));
	await client.updateConnection(run.connectionId, {
		namespaceDefinition: 'custom_format',
		namespaceFormat: run.namespace,
		configurations: { streams: configured },
	});
	for (const name of names) {
		const s = run.streams[name];
		if (s) s.recordsEmitted = 0;
	}
	const job = await client.triggerSync(run.connectionId);
	run.jobId = Number(job.jobId);
	run.jobStatus = job.status;
	run.rotations++;
}

function applyDecision(run: SampleRunState, progress: SampleProgress, decision: StopDecision): void {
	run.jobStatus = progress.jobStatus;
	run.decision = decision;
	const byName = new Map(progress.streams.map((s) => [s.name, s]));
	for (const d of decision.streams) {
		const prev = run.streams[d.name];
		run.streams[d.name] = {
			recordsCommitted: Math.max(d.recordsCommitted, prev?.recordsCommitted ?? 0),
			recordsEmitted: byName.get(d.name)?.recordsEmitted ?? prev?.recordsEmitted,
			finished: d.finished || (prev?.finished ?? false),
		};
	}
}

async function cancelAndSettle(client: AirbyteClient, jobId: number, pollIntervalMs: number, maxMs = 60_000): Promise<JobResponse> {
	const cancelled = await settle(client.cancelJob(jobId));
	if (!cancelled.ok && !isAirbyteApiError(cancelled.error, 'job-not-running')) throw cancelled.error;
	const started = client.now();
	for (;;) {
		const job = await client.getJob(jobId);
		if (isTerminalJobStatus(job.status) || client.now() - started >= maxMs) return job;
		await abortableSleep(client.sleep, Math.min(pollIntervalMs, 2_000), client.abortSignal);
	}
}

/** Polls until the stop rule says done or cancel (then cancels). Returns when the sample can be read. */
export async function pollUntilStop(clients: SampleClients, run: SampleRunState, pollIntervalMs: number, progressState: ProgressState): Promise<void> {
	const { client } = clients;
	if (run.jobId === undefined) return;
	const startedMs = Date.parse(run.startedAt);
	let previous: SampleProgress | undefined;
	for (;;) {
		const job = await client.getJob(run.jobId);
		const progress = await readProgress(client, run.connectionId, job, progressState);
		const decision = decideStop({
			streams: run.plan.streams.map((s) => s.stream.name),
			sampleSize: run.limits.sampleSize,
			progress,
			previous,
			elapsedMs: client.now() - startedMs,
			budgetMs: run.budgetMs,
			carried: carriedOf(run),
		});
		applyDecision(run, progress, decision);
		if (decision.action === 'done') return;
		const pending = run.rotations < run.plan.streams.length ? rotationTargets(decision, progress) : undefined;
		if (pending) {
			await rotate(client, run, pending, pollIntervalMs);
			previous = undefined;
			continue;
		}
		if (decision.action === 'cancel') {
			const final = await cancelAndSettle(client, run.jobId, pollIntervalMs);
			run.jobStatus = final.status;
			run.cancelledByStopRule = true;
			if (decision.reason === 'budget_expired') {
				const open = decision.streams.filter((s) => !s.satisfied).map((s) => s.name);
				run.warnings.push(
					`The time budget (${Math.round(run.budgetMs / 1000)} s) ran out; the sync was cancelled. ` +
						`Streams that may be partial or missing: ${open.join(', ') || 'none'}.`,
				);
			}
			return;
		}
		previous = progress;
		await abortableSleep(client.sleep, pollIntervalMs, client.abortSignal);
	}
}

/** Best effort: cancel the job and delete the connection with the signal-free client. Never throws. */
export async function discardRun(cleanup: AirbyteClient, connectionId: string, jobId?: number): Promise<string[]> {
	const problems: string[] = [];
	if (jobId !== undefined) {
		try {
			await cleanup.cancelJob(jobId);
		} catch (error) {
			if (!isAirbyteApiError(error, 'job-not-running') && !isAirbyteApiError(error, 'not-found')) {
				problems.push(`cancel job ${jobId}: ${describeAirbyteError(error).message}`);
			}
		}
	}
	try {
		await cleanup.deleteConnection(connectionId);
	} catch (error) {
		if (!isAirbyteApiError(error, 'not-found')) problems.push(`delete connection ${connectionId}: ${describeAirbyteError(error).message}`);
	}
	return problems;
}

/** Thrown when Start fails after creating things: they were removed; cleanupSql drops what reached Postgres. */
export class SampleAbortedError extends Error {
	constructor(
		readonly cause: unknown,
		readonly cleanupSql: string,
		readonly cleanupProblems: string[],
	) {
		super(cause instanceof Error ? cause.message : String(cause));
		this.name = 'SampleAbortedError';
	}
}

async function deleteAmbiguousConnection(clients: SampleClients, params: StartParams, name: string): Promise<void> {
	const workspaceIds = params.workspaceId ? [params.workspaceId] : undefined;
	const connections = await clients.cleanup.listConnections({ workspaceIds }).catch(() => [] as ConnectionResponse[]);
	for (const c of connections.filter((c) => c.name === name)) await discardRun(clients.cleanup, c.connectionId);
}

/** The sample tag of the source's workspace (see tag.ts); a warning instead when tags cannot be used. */
async function sampleTag(client: AirbyteClient, params: StartParams): Promise<{ tag?: TagResponse; warning?: string }> {
	let workspaceId = params.workspaceId;
	if (!workspaceId) {
		const source = await settle(client.getSource(params.sourceId));
		if (!source.ok) {
			if (source.error instanceof AirbyteAbortError) throw source.error;
			return { warning: `The sample connection is not tagged: reading the source's workspace failed (${describeAirbyteError(source.error).message}).` };
		}
		workspaceId = source.value.workspaceId;
	}
	return await ensureSampleTag(client, workspaceId);
}

export async function startSample(clients: SampleClients, params: StartParams): Promise<SampleRunState> {
	const { client } = clients;
	const catalog = params.catalog ?? (await getCatalog(client, params.sourceId, { destinationId: params.destinationId }));
	const startedAt = new Date(client.now());
	const plan = planSample({ runId: params.runId, createdAt: startedAt, catalog: catalog.streams, selected: params.selected, limits: params.limits });
	const tagged = await sampleTag(client, params);
	const created = await settle(client.createConnection(connectionRequest(plan, params.sourceId, params.destinationId, tagged.tag ? [tagged.tag] : undefined)));
	if (!created.ok) {
		if (created.error instanceof AirbyteAmbiguousCreateError || created.error instanceof AirbyteAbortError) {
			await deleteAmbiguousConnection(clients, params, plan.connectionName);
		}
		throw created.error;
	}
	const connection = created.value;
	const run: SampleRunState = {
		runId: plan.runId,
		connectionId: connection.connectionId,
		jobStatus: 'not_started',
		namespace: plan.namespace,
		connectionName: plan.connectionName,
		startedAt: startedAt.toISOString(),
		budgetMs: params.budgetMs,
		limits: params.limits,
		catalogOrigin: catalog.origin,
		plan,
		decision: { action: 'wait', reason: 'running', streams: [] },
		streams: {},
		cancelledByStopRule: false,
		rotations: 0,
		...(tagged.tag ? { tagId: tagged.tag.tagId } : {}),
		warnings: [...catalog.warnings, ...plan.warnings, ...(tagged.warning ? [tagged.warning] : [])],
	};
	const outcome = await settle(
		(async () => {
			const job = await client.triggerSync(connection.connectionId);
			run.jobId = Number(job.jobId);
			run.jobStatus = job.status;
			if (params.wait) {
				const progressState: ProgressState = { useConfigApi: true };
				await pollUntilStop(clients, run, params.pollIntervalMs, progressState);
				if (progressState.note) run.warnings.push(progressState.note);
			}
		})(),
	);
	if (outcome.ok) return run;
	const problems = await discardRun(clients.cleanup, connection.connectionId, run.jobId);
	throw new SampleAbortedError(outcome.error, cleanupSql([runCleanupTarget(run)]), problems);
}

/** Rebuilds a run from Start/Check output items of one run (nodes keep no state between executions). */
export function runFromItems(items: StreamItem[]): SampleRunState {
	const first = items[0];
	const plannedStreams = items.map((i) => ({
		stream: i.catalogEntry,
		syncMode: i.syncMode as SamplePlan['streams'][number]['syncMode'],
		table: i.table,
	}));
	const streams: Record<string, StreamState> = {};
	for (const i of items) streams[i.stream] = { recordsCommitted: i.recordsCommitted ?? 0, recordsEmitted: i.recordsEmitted, finished: !!i.streamFinished };
	return {
		runId: first.runId,
		connectionId: first.connectionId,
		jobId: first.jobId,
		jobStatus: first.jobStatus,
		namespace: sampleNamespace(first.runId),
		connectionName: '',
		startedAt: first.startedAt,
		budgetMs: first.budgetMs,
		limits: first.limits,
		catalogOrigin: first.catalogOrigin as SampleCatalog['origin'],
		plan: { runId: first.runId, namespace: sampleNamespace(first.runId), connectionName: '', streams: plannedStreams, skipped: [], warnings: [] },
		decision: { action: first.sampleDone ? 'done' : 'wait', reason: first.stopReason as StopDecision['reason'], streams: [] },
		streams,
		cancelledByStopRule: false,
		rotations: Number(first.rotations ?? 0),
		...(typeof first.tagId === 'string' ? { tagId: first.tagId } : {}),
		warnings: [...(first.warnings ?? [])],
	};
}

/** One poll of a started sample; with cancelWhenDone, applies the stop rule's cancel too. */
export async function checkSample(clients: SampleClients, run: SampleRunState, options: { cancelWhenDone: boolean; pollIntervalMs: number }): Promise<SampleRunState> {
	const { client } = clients;
	if (run.jobId === undefined) return run;
	const previous: SampleProgress = {
		jobStatus: run.jobStatus,
		perStreamAvailable: true,
		streams: Object.entries(run.streams).map(([name, s]) => ({ name, recordsCommitted: s.recordsCommitted, recordsEmitted: s.recordsEmitted })),
	};
	const job = await client.getJob(run.jobId);
	const progressState: ProgressState = { useConfigApi: true };
	const progress = await readProgress(client, run.connectionId, job, progressState);
	const decision = decideStop({
		streams: run.plan.streams.map((s) => s.stream.name),
		sampleSize: run.limits.sampleSize,
		progress,
		previous,
		elapsedMs: client.now() - Date.parse(run.startedAt),
		budgetMs: run.budgetMs,
		carried: carriedOf(run),
	});
	applyDecision(run, progress, decision);
	if (progressState.note && !run.warnings.includes(progressState.note)) run.warnings.push(progressState.note);
	const pending = options.cancelWhenDone && run.rotations < run.plan.streams.length ? rotationTargets(decision, progress) : undefined;
	if (pending) {
		await rotate(client, run, pending, options.pollIntervalMs);
		run.decision = { ...decision, action: 'wait', reason: 'running' };
		return run;
	}
	if (decision.action === 'cancel' && options.cancelWhenDone) {
		const final = await cancelAndSettle(client, run.jobId, options.pollIntervalMs);
		run.jobStatus = final.status;
		run.cancelledByStopRule = true;
	}
	return run;
}

// ---------- Finish ----------

export interface FinishResult {
	samples: AssembledStream[];
	cleanupSql: string;
	rejected: Array<{ index: number; reason: string }>;
	runs: Array<{ runId: string; connectionId: string; jobStatus?: string; problems: string[] }>;
}

export async function finishSample(clients: SampleClients, rows: unknown[]): Promise<FinishResult> {
	const first = assembleSamples(rows);
	const finishedRuns = new Set<string>();
	const runs: FinishResult['runs'] = [];
	// A cancelled execution still deletes every run's connection (the clean-up client has no cancel signal).
	let aborted: AirbyteAbortError | undefined;
	for (const run of first.runs) {
		let jobStatus: string | undefined;
		const problems: string[] = [];
		if (run.jobId !== undefined) {
			const job = await settle(clients.client.getJob(run.jobId));
			if (job.ok) {
				jobStatus = job.value.status;
				if (jobStatus === 'succeeded') finishedRuns.add(run.runId);
			} else if (job.error instanceof AirbyteAbortError) {
				aborted = job.error;
			} else {
				problems.push(`read job ${run.jobId}: ${describeAirbyteError(job.error).message}`);
			}
		}
		const stillRunning = jobStatus === undefined || !isTerminalJobStatus(jobStatus);
		problems.push(...(await discardRun(clients.cleanup, run.connectionId, stillRunning ? run.jobId : undefined)));
		runs.push({ runId: run.runId, connectionId: run.connectionId, jobStatus, problems });
	}
	if (aborted) throw aborted;
	const assembled = finishedRuns.size > 0 ? assembleSamples(rows, finishedRuns) : first;
	return {
		samples: assembled.streams,
		cleanupSql: cleanupSql(assembled.runs.map((r) => ({ namespace: r.namespace, tables: r.tables }))),
		rejected: assembled.rejected,
		runs,
	};
}

// ---------- Orphans ----------

export interface Orphan {
	connectionId: string;
	runId: string;
	name: string;
	namespace: string;
	createdAt?: string;
	ageSeconds?: number;
	status: string;
	/** How the connection was recognised: its sample name, the sample tag, or both. */
	foundBy: Array<'name' | 'tag'>;
	actions: string[];
	problems: string[];
}

export interface OrphanCleanup {
	orphans: Orphan[];
	cleanupSql: string;
	/** E.g. tags unavailable (names only), or a tagged connection left alone because it is not a sample's. */
	warnings: string[];
}

function createdAtMs(connection: ConnectionResponse): number | undefined {
	const fromName = parseSampleConnectionName(connection.name)?.createdAt?.getTime();
	if (fromName !== undefined) return fromName;
	const raw = Number(connection.createdAt);
	if (!Number.isFinite(raw) || raw <= 0) return undefined;
	return raw < 1e12 ? raw * 1000 : raw;
}

interface OrphanCandidate {
	connection: ConnectionResponse;
	foundBy: Set<'name' | 'tag'>;
}

/**
 * Sample connections by tag (each connection's own tags) and by name. One listing of every connection (deleted
 * ones included) serves both: every connection answers its `tags`, so a second listing filtered by `tagIds` would
 * only return a subset of it.
 */
async function orphanCandidates(client: AirbyteClient, workspaceIds: string[] | undefined, warnings: string[]): Promise<OrphanCandidate[]> {
	const lookup = await findSampleTags(client, workspaceIds);
	if (lookup.warning) warnings.push(lookup.warning);
	const tagIds = new Set(lookup.tags.map((t) => t.tagId));
	const found: OrphanCandidate[] = [];
	for (const connection of await client.listConnections({ workspaceIds, includeDeleted: true })) {
		const foundBy = new Set<'name' | 'tag'>();
		if (hasAnyTag(connection, tagIds)) foundBy.add('tag');
		if (parseSampleConnectionName(connection.name ?? '')) foundBy.add('name');
		if (foundBy.size > 0) found.push({ connection, foundBy });
	}
	return found;
}

/**
 * Temporary sample connections older than the threshold, found by the sample tag and by name (deleted ones
 * included because a cancelled run deletes its connection but may leave its schema): running jobs cancelled,
 * connections deleted, and one cleanupSql for all their schemas. Running it again is harmless.
 */
export async function cleanUpOrphans(
	clients: SampleClients,
	options: { workspaceId?: string; olderThanMs: number; dryRun?: boolean },
): Promise<OrphanCleanup> {
	const { client } = clients;
	const warnings: string[] = [];
	const candidates = await orphanCandidates(client, options.workspaceId ? [options.workspaceId] : undefined, warnings);
	const now = client.now();
	const orphans: Orphan[] = [];
	const targets: CleanupTarget[] = [];
	for (const { connection: c, foundBy } of candidates) {
		const parsed = parseSampleConnectionName(c.name ?? '');
		const fromNamespace = runIdOfNamespace(c.namespaceFormat ?? '');
		const runId = fromNamespace ?? parsed?.runId;
		if (!runId) {
			// Tagged by hand, or renamed and pointed elsewhere: nothing proves it is a sample's, so it stays.
			warnings.push(
				`Connection "${c.name}" (${c.connectionId}) carries the sample tag but neither its name nor its namespace is a sample's; it was left alone.`,
			);
			continue;
		}
		const namespace = fromNamespace ? (c.namespaceFormat as string) : sampleNamespace(runId);
		const created = createdAtMs(c);
		if (created === undefined || now - created < options.olderThanMs) continue;
		const tables = (c.configurations?.streams ?? []).map((s) => toPostgresCompatibleName(s.name));
		const orphan: Orphan = {
			connectionId: c.connectionId,
			runId,
			name: c.name,
			namespace,
			createdAt: new Date(created).toISOString(),
			ageSeconds: Math.round((now - created) / 1000),
			status: c.status,
			foundBy: (['name', 'tag'] as const).filter((how) => foundBy.has(how)),
			actions: [],
			problems: [],
		};
		if (!options.dryRun && c.status !== 'deprecated') {
			const running = await client.listJobs({ connectionId: c.connectionId, status: 'running' }, { max: 20 }).catch(() => [] as JobResponse[]);
			for (const job of running) {
				try {
					await client.cancelJob(job.jobId);
					orphan.actions.push(`cancelled job ${job.jobId}`);
				} catch (error) {
					if (!isAirbyteApiError(error, 'job-not-running')) orphan.problems.push(describeAirbyteError(error).message);
				}
			}
			const problems = await discardRun(clients.cleanup, c.connectionId);
			orphan.problems.push(...problems);
			if (problems.length === 0) orphan.actions.push('deleted connection');
		}
		targets.push({ namespace, tables: tables.filter((t) => /^[A-Za-z0-9_]{1,63}$/.test(t)) });
		orphans.push(orphan);
	}
	return { orphans, cleanupSql: targets.length > 0 ? cleanupSql(targets) : '', warnings };
}
