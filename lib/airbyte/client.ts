// Typed client for Airbyte's public API (plus the two Config API calls the public API lacks).
// Framework-free: the network goes through an AirbyteTransport and waiting through an injected sleep.
import type { ConnectionSyncProgressRead, DiscoverSchemaRequest, SourceDiscoverSchemaRead } from './config-api';
import {
	AirbyteAmbiguousCreateError,
	AirbyteApiError,
	AirbyteTransportError,
	isAirbyteApiError,
} from './errors';
import { collectPages } from './pagination';
import {
	abortableSleep,
	backoffDelay,
	DEFAULT_RETRY_POLICY,
	settle,
	withRetry, type RetryEnvironment, type RetryPolicy, type Sleep } from './retry';
import type { AirbyteTransport, HttpMethod, QueryValue } from './transport';
import type {
	ConnectionCreateRequest,
	ConnectionPatchRequest,
	ConnectionResponse,
	ConnectionsResponse,
	ConnectorDefinitionResponse,
	ConnectorType,
	DestinationCreateRequest,
	DestinationPatchRequest,
	DestinationResponse,
	DestinationsResponse,
	JobResponse,
	JobsResponse,
	JobType,
	ListConnectionsQuery,
	ListDestinationsQuery,
	ListJobsQuery,
	ListSourcesQuery,
	ListWorkspacesQuery,
	SourceCreateRequest,
	SourcePatchRequest,
	SourceResponse,
	SourcesResponse,
	StreamProperties,
	StreamPropertiesQuery,
	ListTagsQuery,
	TagCreateRequest,
	TagPatchRequest,
	TagResponse,
	WorkspaceResponse,
	WorkspacesResponse,
} from './types';
import { deriveConfigApiRoot, joinUrl, normalizeBaseUrl } from './urls';

export interface AirbyteClientOptions {
	/** Public API root, e.g. https://api.airbyte.com/v1 or http://localhost:8000/api/public/v1. */
	baseUrl: string;
	transport: AirbyteTransport;
	/** sleep(ms, signal) from n8n-workflow inside nodes. */
	sleep: Sleep;
	/** Overrides the Config API root derived from baseUrl. */
	configApiRoot?: string;
	retry?: Partial<RetryPolicy>;
	signal?: AbortSignal;
	/** Per-attempt timeout for ordinary calls (default 60 s). */
	timeoutMs?: number;
	/** Per-attempt timeout for discover and connection create, which run a discover (default 10 min). */
	discoverTimeoutMs?: number;
	random?: () => number;
	now?: () => number;
	onRetry?: (info: { attempt: number; delayMs: number; error: unknown; method: string; path: string }) => void;
}

interface CallOptions {
	query?: Record<string, QueryValue>;
	body?: unknown;
	api?: 'public' | 'config';
	idempotent?: boolean;
	timeoutMs?: number;
}

export interface ListOptions {
	/** Maximum rows to return; undefined returns all. */
	max?: number;
	pageSize?: number;
}

type Paged<T> = { data?: T[] };

/** Airbyte's clock and ours may differ; look this far back when reconciling an ambiguous job create. */
const RECONCILE_SKEW_MS = 5 * 60_000;

export class AirbyteClient {
	readonly baseUrl: string;
	readonly configApiRoot: string;
	private readonly transport: AirbyteTransport;
	private readonly policy: RetryPolicy;
	private readonly env: RetryEnvironment;
	private readonly signal?: AbortSignal;
	private readonly timeoutMs: number;
	private readonly discoverTimeoutMs: number;
	private readonly onRetry: AirbyteClientOptions['onRetry'];

	constructor(options: AirbyteClientOptions) {
		this.baseUrl = normalizeBaseUrl(options.baseUrl);
		this.configApiRoot = options.configApiRoot
			? options.configApiRoot.replace(/\/+$/, '')
			: deriveConfigApiRoot(this.baseUrl);
		this.transport = options.transport;
		this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
		this.env = { sleep: options.sleep, random: options.random ?? Math.random, now: options.now ?? Date.now };
		this.signal = options.signal;
		this.timeoutMs = options.timeoutMs ?? 60_000;
		this.discoverTimeoutMs = options.discoverTimeoutMs ?? 600_000;
		this.onRetry = options.onRetry;
	}

	get sleep(): Sleep {
		return this.env.sleep;
	}

	get now(): () => number {
		return this.env.now;
	}

	get abortSignal(): AbortSignal | undefined {
		return this.signal;
	}

	/** One logical call: retried per policy, errors parsed into AirbyteApiError. */
	async call<T>(method: HttpMethod, path: string, options: CallOptions = {}): Promise<T> {
		const root = options.api === 'config' ? this.configApiRoot : this.baseUrl;
		const url = joinUrl(root, path);
		const idempotent = options.idempotent ?? method !== 'POST';
		return await withRetry(
			async () => {
				const response = await this.transport.request({
					method,
					url,
					query: options.query,
					body: options.body,
					signal: this.signal,
					timeoutMs: options.timeoutMs ?? this.timeoutMs,
				});
				if (response.status < 200 || response.status >= 300) {
					throw new AirbyteApiError(response.status, response.body, { method, path });
				}
				return (response.status === 204 ? undefined : response.body) as T;
			},
			{
				policy: this.policy,
				env: this.env,
				idempotent,
				signal: this.signal,
				onRetry: this.onRetry ? (info) => this.onRetry?.({ ...info, method, path }) : undefined,
			},
		);
	}

	/** A non-idempotent create: only retried where Airbyte surely did not process it. */
	private async create<T>(what: string, path: string, body: unknown, timeoutMs?: number): Promise<T> {
		const outcome = await settle(this.call<T>('POST', path, { body, idempotent: false, timeoutMs }));
		if (outcome.ok) return expectObject<T>(outcome.value, 'POST', path);
		throw isAmbiguous(outcome.error) ? new AirbyteAmbiguousCreateError(what, outcome.error) : outcome.error;
	}

	private async remove(path: string): Promise<void> {
		const outcome = await settle(this.call<void>('DELETE', path));
		if (outcome.ok) return;
		// A retried DELETE whose first attempt went through answers 404: the resource is gone either way.
		if (isAirbyteApiError(outcome.error, 'not-found') && outcome.error.attempts > 1) return;
		throw outcome.error;
	}

	private async list<T>(path: string, query: Record<string, QueryValue>, options: ListOptions): Promise<T[]> {
		return await collectPages<T>(
			async (limit, offset) => {
				const page = await this.call<Paged<T>>('GET', path, { query: { ...query, limit, offset } });
				return expectData<T>(page, path);
			},
			options.max,
			options.pageSize,
		);
	}

	// Workspaces
	async listWorkspaces(query: Omit<ListWorkspacesQuery, 'limit' | 'offset'> = {}, options: ListOptions = {}) {
		return await this.list<WorkspaceResponse>('/workspaces', query, options);
	}
	async listWorkspacesPage(query: ListWorkspacesQuery = {}) {
		return await this.call<WorkspacesResponse>('GET', '/workspaces', { query });
	}
	async getWorkspace(workspaceId: string) {
		return expectObject<WorkspaceResponse>(await this.call('GET', `/workspaces/${seg(workspaceId)}`), 'GET', '/workspaces/{id}');
	}

	// Sources
	async createSource(request: SourceCreateRequest) {
		return await this.create<SourceResponse>('source', '/sources', request);
	}
	async getSource(sourceId: string) {
		return expectObject<SourceResponse>(await this.call('GET', `/sources/${seg(sourceId)}`), 'GET', '/sources/{id}');
	}
	async listSources(query: Omit<ListSourcesQuery, 'limit' | 'offset'> = {}, options: ListOptions = {}) {
		return await this.list<SourceResponse>('/sources', query, options);
	}
	async listSourcesPage(query: ListSourcesQuery = {}) {
		return await this.call<SourcesResponse>('GET', '/sources', { query });
	}
	async updateSource(sourceId: string, patch: SourcePatchRequest) {
		return expectObject<SourceResponse>(
			await this.call('PATCH', `/sources/${seg(sourceId)}`, { body: patch }),
			'PATCH',
			'/sources/{id}',
		);
	}
	async deleteSource(sourceId: string) {
		await this.remove(`/sources/${seg(sourceId)}`);
	}

	// Destinations
	async createDestination(request: DestinationCreateRequest) {
		return await this.create<DestinationResponse>('destination', '/destinations', request);
	}
	async getDestination(destinationId: string) {
		return expectObject<DestinationResponse>(
			await this.call('GET', `/destinations/${seg(destinationId)}`),
			'GET',
			'/destinations/{id}',
		);
	}
	async listDestinations(query: Omit<ListDestinationsQuery, 'limit' | 'offset'> = {}, options: ListOptions = {}) {
		return await this.list<DestinationResponse>('/destinations', query, options);
	}
	async listDestinationsPage(query: ListDestinationsQuery = {}) {
		return await this.call<DestinationsResponse>('GET', '/destinations', { query });
	}
	async updateDestination(destinationId: string, patch: DestinationPatchRequest) {
		return expectObject<DestinationResponse>(
			await this.call('PATCH', `/destinations/${seg(destinationId)}`, { body: patch }),
			'PATCH',
			'/destinations/{id}',
		);
	}
	async deleteDestination(destinationId: string) {
		await this.remove(`/destinations/${seg(destinationId)}`);
	}

	// Connections
	async createConnection(request: ConnectionCreateRequest) {
		return await this.create<ConnectionResponse>('connection', '/connections', request, this.discoverTimeoutMs);
	}
	async getConnection(connectionId: string) {
		return expectObject<ConnectionResponse>(
			await this.call('GET', `/connections/${seg(connectionId)}`),
			'GET',
			'/connections/{id}',
		);
	}
	async listConnections(query: Omit<ListConnectionsQuery, 'limit' | 'offset'> = {}, options: ListOptions = {}) {
		return await this.list<ConnectionResponse>('/connections', query, options);
	}
	async listConnectionsPage(query: ListConnectionsQuery = {}) {
		return await this.call<ConnectionsResponse>('GET', '/connections', { query });
	}
	async updateConnection(connectionId: string, patch: ConnectionPatchRequest) {
		return expectObject<ConnectionResponse>(
			await this.call('PATCH', `/connections/${seg(connectionId)}`, { body: patch }),
			'PATCH',
			'/connections/{id}',
		);
	}
	/** Soft delete: Airbyte marks the connection deprecated and never drops destination tables. */
	async deleteConnection(connectionId: string) {
		await this.remove(`/connections/${seg(connectionId)}`);
	}

	// Jobs
	/**
	 * Starts a job. A 429 is retried; after an ambiguous failure (5xx, timeout) the job list is checked
	 * for a job this request may have created before anything is retried, so a sync never starts twice.
	 * A 409 "sync already running" surfaces as AirbyteApiError kind 'sync-already-running'.
	 */
	async createJob(connectionId: string, jobType: JobType): Promise<JobResponse> {
		const startedAt = this.env.now();
		let ambiguous: unknown;
		for (let attempt = 1; attempt <= this.policy.maxAttempts; attempt++) {
			const outcome = await settle(
				this.call<JobResponse>('POST', '/jobs', { body: { connectionId, jobType }, idempotent: false }),
			);
			if (outcome.ok) return expectObject<JobResponse>(outcome.value, 'POST', '/jobs');
			const error = outcome.error;
			if (ambiguous !== undefined && isAirbyteApiError(error, 'sync-already-running')) {
				const created = await this.findJobStartedSince(connectionId, jobType, startedAt);
				if (created) return created;
			}
			if (!isAmbiguous(error)) throw error;
			ambiguous = error;
			const created = await this.findJobStartedSince(connectionId, jobType, startedAt);
			if (created) return created;
			const delayMs = backoffDelay(attempt, this.policy, this.env.random);
			if (this.env.now() - startedAt + delayMs > this.policy.maxTotalMs) break;
			await abortableSleep(this.env.sleep, delayMs, this.signal);
		}
		throw new AirbyteAmbiguousCreateError('job', ambiguous);
	}
	async triggerSync(connectionId: string) {
		return await this.createJob(connectionId, 'sync');
	}
	private async findJobStartedSince(connectionId: string, jobType: JobType, since: number): Promise<JobResponse | undefined> {
		const jobs = await this.listJobs(
			{
				connectionId,
				jobType,
				createdAtStart: new Date(since - RECONCILE_SKEW_MS).toISOString(),
				orderBy: 'createdAt|DESC',
			},
			{ max: 5 },
		);
		return jobs.find((job) => job.status === 'pending' || job.status === 'running' || job.status === 'queued');
	}
	async getJob(jobId: number | string) {
		return expectObject<JobResponse>(await this.call('GET', `/jobs/${seg(String(jobId))}`), 'GET', '/jobs/{id}');
	}
	async listJobs(query: Omit<ListJobsQuery, 'limit' | 'offset'> = {}, options: ListOptions = {}) {
		return await this.list<JobResponse>('/jobs', query as Record<string, QueryValue>, options);
	}
	async listJobsPage(query: ListJobsQuery = {}) {
		return await this.call<JobsResponse>('GET', '/jobs', { query: query as Record<string, QueryValue> });
	}
	/** Cancels a running job. A job that is no longer running surfaces as kind 'job-not-running'. */
	async cancelJob(jobId: number | string) {
		return expectObject<JobResponse>(await this.call('DELETE', `/jobs/${seg(String(jobId))}`), 'DELETE', '/jobs/{id}');
	}

	// Tags (not served by older self-hosted Airbyte: 404; 403 without access)
	/** Every tag of the given workspaces (all allowed workspaces when none are given); not paged by Airbyte. */
	async listTags(query: ListTagsQuery = {}) {
		return expectData<TagResponse>(await this.call('GET', '/tags', { query }), '/tags');
	}
	/** A name already used in the workspace answers 409 (AirbyteApiError kind 'conflict', type tag-already-exists). */
	async createTag(request: TagCreateRequest) {
		return await this.create<TagResponse>('tag', '/tags', request);
	}
	async getTag(tagId: string) {
		return expectObject<TagResponse>(await this.call('GET', `/tags/${seg(tagId)}`), 'GET', '/tags/{id}');
	}
	async updateTag(tagId: string, patch: TagPatchRequest) {
		return expectObject<TagResponse>(await this.call('PATCH', `/tags/${seg(tagId)}`, { body: patch }), 'PATCH', '/tags/{id}');
	}
	async deleteTag(tagId: string) {
		await this.remove(`/tags/${seg(tagId)}`);
	}

	// Streams and connector definitions
	async getStreamProperties(query: StreamPropertiesQuery) {
		const body = await this.call<StreamProperties[]>('GET', '/streams', {
			query,
			timeoutMs: query.ignoreCache ? this.discoverTimeoutMs : undefined,
		});
		if (!Array.isArray(body)) throw unexpectedShape('GET', '/streams', 'a list of streams');
		return body;
	}
	async listConnectorDefinitions(type: ConnectorType, workspaceId?: string) {
		const body = await this.call<Paged<ConnectorDefinitionResponse>>('GET', '/connector_definitions', {
			query: { type, workspaceId },
		});
		return expectData<ConnectorDefinitionResponse>(body, '/connector_definitions');
	}

	// Config API
	/** Full catalog with JSON schemas. Throws with Airbyte's reason when the discover job failed. */
	async discoverSchema(request: DiscoverSchemaRequest): Promise<SourceDiscoverSchemaRead> {
		const result = expectObject<SourceDiscoverSchemaRead>(
			await this.call('POST', '/sources/discover_schema', {
				api: 'config',
				body: request,
				idempotent: true,
				timeoutMs: this.discoverTimeoutMs,
			}),
			'POST',
			'/sources/discover_schema',
		);
		if (!result.catalog) {
			const reason =
				result.jobInfo?.failureReason?.externalMessage ??
				result.jobInfo?.failureReason?.internalMessage ??
				'no catalog was returned';
			throw new AirbyteApiError(
				422,
				{ title: 'discover-failed', data: { message: `Discover failed for source ${request.sourceId}: ${reason}` } },
				{ method: 'POST', path: '/sources/discover_schema' },
			);
		}
		return result;
	}
	async getSyncProgress(connectionId: string): Promise<ConnectionSyncProgressRead> {
		const result = expectObject<ConnectionSyncProgressRead>(
			await this.call('POST', '/connections/sync_progress', { api: 'config', body: { connectionId }, idempotent: true }),
			'POST',
			'/connections/sync_progress',
		);
		return { ...result, streams: Array.isArray(result.streams) ? result.streams : [] };
	}
}

function seg(id: string): string {
	const value = String(id ?? '').trim();
	if (value === '') throw new Error('An Airbyte ID is empty. Select a resource or enter its ID.');
	return encodeURIComponent(value);
}

function isAmbiguous(error: unknown): boolean {
	if (error instanceof AirbyteApiError) return error.status >= 500 || error.status === 408;
	return error instanceof AirbyteTransportError && error.code !== 'ECONNREFUSED';
}

function unexpectedShape(method: string, path: string, expected: string): AirbyteApiError {
	return new AirbyteApiError(
		200,
		{ title: 'unexpected-response', data: { message: `expected ${expected}; is the base URL an Airbyte API root?` } },
		{ method, path },
	);
}

function expectObject<T>(body: unknown, method: string, path: string): T {
	if (!body || typeof body !== 'object' || Array.isArray(body)) throw unexpectedShape(method, path, 'a JSON object');
	return body as T;
}

function expectData<T>(body: unknown, path: string): T[] {
	const data = (body as Paged<T> | undefined)?.data;
	if (!Array.isArray(data)) throw unexpectedShape('GET', path, 'a page with a "data" list');
	return data;
}
