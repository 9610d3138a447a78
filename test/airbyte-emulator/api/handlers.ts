// Public API handlers (api.yaml), with the server-side rules of airbyte-server's public API controllers.
import { randomUUID } from 'node:crypto';
import type { AirbyteStream } from '../../../lib/airbyte/protocol';
import { DEFINITIONS, definitionById, definitionByType } from '../definitions';
import { isTerminal, type Actor, type Connection, type Job, type StreamConfig } from '../state';
import { SYNC_MODES } from '../sync';
import type { HandlerContext, HandlerRequest, HandlerResponse } from './context';
import { paginate } from './pagination';
import { connectionTagsBody, matchesTagFilter, requestedTagIds, TAG_HANDLERS } from './tags';

type Handler = (ctx: HandlerContext, req: HandlerRequest) => Promise<HandlerResponse> | HandlerResponse;

const ok = (body: unknown): HandlerResponse => ({ status: 200, body });
const noContent = (): HandlerResponse => ({ status: 204 });

// ---------- workspaces
function workspaceBody(w: { workspaceId: string; name: string; dataResidency: string }) {
	return { workspaceId: w.workspaceId, name: w.name, dataResidency: w.dataResidency, notifications: {} };
}
function getWorkspace(ctx: HandlerContext, id: string) {
	const w = ctx.state.workspaces.get(id);
	if (!w || w.deleted) throw ctx.problems.notFound('workspace', id);
	return w;
}

// ---------- sources / destinations
function masked(def: ReturnType<typeof definitionById>, configuration: Record<string, unknown>) {
	const out: Record<string, unknown> = { ...configuration };
	for (const key of def?.secrets ?? []) if (key in out) out[key] = '**********';
	return out;
}
function actorBody(a: Actor) {
	const def = definitionById(a.definitionId);
	const common = { name: a.name, definitionId: a.definitionId, workspaceId: a.workspaceId, configuration: masked(def, a.configuration), createdAt: a.createdAt };
	return a.kind === 'source'
		? { sourceId: a.id, sourceType: a.type, ...common }
		: { destinationId: a.id, destinationType: a.type, ...common };
}
export function getActor(ctx: HandlerContext, kind: 'source' | 'destination', id: string): Actor {
	const a = ctx.state.actors.get(id);
	if (!a || a.kind !== kind || a.deleted) throw ctx.problems.notFound(kind, id);
	return a;
}

/** NameToDefinitionMapper: `configuration.sourceType` (found recursively) or `definitionId`. */
function resolveDefinition(ctx: HandlerContext, kind: 'source' | 'destination', body: any) {
	const typeKey = kind === 'source' ? 'sourceType' : 'destinationType';
	if (body.definitionId) {
		const def = definitionById(body.definitionId);
		if (!def || def.kind !== kind) throw ctx.problems.notFound(`${kind}_definition`, body.definitionId);
		return def;
	}
	const type = body.configuration?.[typeKey];
	if (typeof type !== 'string')
		throw ctx.problems.error('UnprocessableEntityProblemResponse', { data: { message: `One of configuration.${typeKey} or definitionId must be provided.` } });
	const def = definitionByType(kind, type);
	if (!def) throw ctx.problems.error('UnknownValueProblemResponse', { data: { value: type } });
	return def;
}

function createActor(kind: 'source' | 'destination'): Handler {
	return async (ctx, req) => {
		const body = req.body;
		getWorkspace(ctx, body.workspaceId);
		const def = resolveDefinition(ctx, kind, body);
		const configuration = { ...body.configuration };
		await ctx.checkConfiguration(kind, def.id, configuration);
		delete configuration[kind === 'source' ? 'sourceType' : 'destinationType'];
		const actor: Actor = {
			id: randomUUID(),
			kind,
			name: body.name,
			workspaceId: body.workspaceId,
			definitionId: def.id,
			type: def.type,
			configuration,
			createdAt: Math.floor(Date.now() / 1000),
			deleted: false,
		};
		ctx.state.actors.set(actor.id, actor);
		return ok(actorBody(actor));
	};
}

function updateActor(kind: 'source' | 'destination', replace: boolean): Handler {
	return async (ctx, req) => {
		const actor = getActor(ctx, kind, req.pathParams[`${kind}Id`]);
		const body = req.body ?? {};
		if (body.configuration) {
			const configuration = replace ? { ...body.configuration } : { ...actor.configuration, ...body.configuration };
			await ctx.checkConfiguration(kind, actor.definitionId, configuration);
			delete configuration[kind === 'source' ? 'sourceType' : 'destinationType'];
			actor.configuration = configuration;
			actor.catalog = undefined;
		}
		if (body.name) actor.name = body.name;
		return ok(actorBody(actor));
	};
}

function listActors(kind: 'source' | 'destination'): Handler {
	return (ctx, req) => {
		const ids: string[] | undefined = req.query.workspaceIds?.length ? req.query.workspaceIds : undefined;
		const items = [...ctx.state.actors.values()].filter(
			(a) => a.kind === kind && (req.query.includeDeleted || !a.deleted) && (!ids || ids.includes(a.workspaceId)),
		);
		return ok(paginate(items.map(actorBody), req.query, req.baseUrl, req.path));
	};
}

function deleteActor(kind: 'source' | 'destination'): Handler {
	return (ctx, req) => {
		const actor = getActor(ctx, kind, req.pathParams[`${kind}Id`]);
		actor.deleted = true;
		// Airbyte deletes the actor's connections with it.
		for (const c of ctx.state.connections.values())
			if ((kind === 'source' ? c.sourceId : c.destinationId) === actor.id) softDeleteConnection(ctx, c);
		return noContent();
	};
}

// ---------- connections
const CURSOR_REQUIRED = (mode: string) => mode.startsWith('incremental');
const DEDUP = (mode: string) => mode.includes('dedup');

function topLevelFields(stream: AirbyteStream): string[] {
	return Object.keys(stream.json_schema?.properties ?? {});
}

/** AirbyteCatalogHelper rules for one requested stream configuration. */
function validateStreamConfig(ctx: HandlerContext, stream: AirbyteStream, requested: any): StreamConfig {
	const syncMode: string = requested.syncMode ?? 'full_refresh_overwrite';
	const { syncMode: protocolMode } = SYNC_MODES[syncMode];
	if (!stream.supported_sync_modes.includes(protocolMode))
		throw ctx.problems.badRequest(`Cannot set sync mode to ${syncMode} for stream ${stream.name}`);
	const fields = topLevelFields(stream);
	const config: StreamConfig = { ...requested, name: stream.name, syncMode };
	if (CURSOR_REQUIRED(syncMode)) {
		if (stream.source_defined_cursor) {
			if (requested.cursorField && JSON.stringify(requested.cursorField) !== JSON.stringify(stream.default_cursor_field))
				throw ctx.problems.badRequest(`Cursor field for stream ${stream.name} is source defined and cannot be set. Expected ${JSON.stringify(stream.default_cursor_field)}`);
			config.cursorField = stream.default_cursor_field;
		} else if (requested.cursorField?.length) {
			if (!fields.includes(requested.cursorField[0]))
				throw ctx.problems.badRequest(`Invalid cursor field for stream ${stream.name}: ${JSON.stringify(requested.cursorField)}`);
		} else if (stream.default_cursor_field?.length) {
			config.cursorField = stream.default_cursor_field;
		} else {
			throw ctx.problems.badRequest(`No default cursor field for stream ${stream.name}`);
		}
	} else if (requested.cursorField) {
		config.cursorField = requested.cursorField;
	}
	if (stream.source_defined_primary_key?.length) {
		if (requested.primaryKey && JSON.stringify(requested.primaryKey) !== JSON.stringify(stream.source_defined_primary_key))
			throw ctx.problems.badRequest(`Primary key for stream ${stream.name} is already pre-defined. Please remove the primaryKey or provide the value as ${JSON.stringify(stream.source_defined_primary_key)}`);
		config.primaryKey = stream.source_defined_primary_key;
	} else if (requested.primaryKey) {
		for (const path of requested.primaryKey)
			if (!fields.includes(path[0])) throw ctx.problems.badRequest(`Invalid primary key for stream ${stream.name}: ${JSON.stringify(path)}`);
	}
	if (DEDUP(syncMode) && !config.primaryKey?.length)
		throw ctx.problems.badRequest(`Primary key for stream ${stream.name} is required for ${syncMode}`);
	if (requested.selectedFields?.length) {
		const selected = new Set(requested.selectedFields.map((f: { fieldPath: string[] }) => f.fieldPath[0]));
		for (const f of requested.selectedFields)
			if (f.fieldPath.length !== 1 || !fields.includes(f.fieldPath[0]))
				throw ctx.problems.badRequest(`Invalid selected field ${JSON.stringify(f.fieldPath)} for stream ${stream.name}: only top-level fields can be selected`);
		for (const path of [...(config.primaryKey ?? []), ...(config.cursorField ? [config.cursorField] : [])])
			if (!selected.has(path[0])) throw ctx.problems.badRequest(`Selected fields for stream ${stream.name} must include the cursor and primary key (${path.join('.')})`);
	}
	return config;
}

function streamsFor(ctx: HandlerContext, catalog: AirbyteStream[], requested: any[] | undefined): StreamConfig[] {
	if (!requested) return catalog.map((s) => validateStreamConfig(ctx, s, { name: s.name, syncMode: 'full_refresh_overwrite' }));
	const seen = new Set<string>();
	return requested.map((r) => {
		if (seen.has(r.name)) throw ctx.problems.badRequest(`Duplicate stream found in configuration for: ${r.name}`);
		seen.add(r.name);
		const stream = catalog.find((s) => s.name === r.name && (!r.namespace || s.namespace === r.namespace));
		if (!stream) throw ctx.problems.badRequest(`Invalid stream found in configuration for: ${r.name}`);
		return validateStreamConfig(ctx, stream, r);
	});
}

/** Quartz cron (6-7 fields), never more often than hourly. */
function validateSchedule(ctx: HandlerContext, schedule: any): Connection['schedule'] {
	if (!schedule || schedule.scheduleType === 'manual') return { scheduleType: 'manual' };
	if (schedule.scheduleType !== 'cron') throw ctx.problems.badRequest(`Unsupported schedule type ${schedule.scheduleType}`);
	const cron: string | undefined = schedule.cronExpression?.trim();
	if (!cron) throw ctx.problems.error('CronValidationMissingCronProblemResponse');
	const parts = cron.split(/\s+/);
	if (parts.length < 6 || parts.length > 7 || !parts.every((p) => /^[0-9*?,\-/LW#A-Za-z]+$/.test(p)))
		throw ctx.problems.error('CronValidationInvalidExpressionProblemResponse', { data: { cronExpression: cron, validationErrorMessage: 'Not a Quartz cron expression' } });
	if (parts[0].includes('*') || parts[1].includes('*') || parts[0].includes('/') || parts[1].includes('/') || parts[1].includes(',') || parts[1].includes('-'))
		throw ctx.problems.error('CronValidationUnderOneHourNotAllowedProblemResponse', {
			detail: 'Cron executions more frequent than once per hour are not allowed (less than the one hour minimum).',
			data: { cronExpression: cron },
		});
	return { scheduleType: 'cron', cronExpression: cron };
}

function connectionBody(ctx: HandlerContext, c: Connection) {
	return {
		connectionId: c.connectionId,
		name: c.name,
		sourceId: c.sourceId,
		destinationId: c.destinationId,
		workspaceId: c.workspaceId,
		status: c.status,
		schedule: c.schedule,
		nonBreakingSchemaUpdatesBehavior: c.nonBreakingSchemaUpdatesBehavior,
		namespaceDefinition: c.namespaceDefinition,
		...(c.namespaceFormat !== undefined ? { namespaceFormat: c.namespaceFormat } : {}),
		prefix: c.prefix,
		configurations: { streams: c.streams },
		createdAt: c.createdAt,
		tags: connectionTagsBody(ctx, c),
	};
}

function getConnection(ctx: HandlerContext, id: string, includeDeleted = false): Connection {
	const c = ctx.state.connections.get(id);
	if (!c || (!includeDeleted && c.status === 'deprecated')) throw ctx.problems.notFound('connection', id);
	return c;
}

function runningJob(ctx: HandlerContext, connectionId: string): Job | undefined {
	return [...ctx.state.jobs.values()].find((j) => j.connectionId === connectionId && !isTerminal(j.status));
}

function softDeleteConnection(ctx: HandlerContext, c: Connection) {
	c.status = 'deprecated';
	runningJob(ctx, c.connectionId)?.cancel();
}

const createConnection: Handler = async (ctx, req) => {
	const body = req.body;
	const source = getActor(ctx, 'source', body.sourceId);
	const destination = getActor(ctx, 'destination', body.destinationId);
	if (source.workspaceId !== destination.workspaceId) throw ctx.problems.badRequest('Source and destination must be in the same workspace');
	const catalog = await ctx.discover(source.id);
	const connection: Connection = {
		connectionId: randomUUID(),
		name: body.name ?? `${source.name} → ${destination.name}`,
		sourceId: source.id,
		destinationId: destination.id,
		workspaceId: source.workspaceId,
		status: body.status ?? 'active',
		schedule: validateSchedule(ctx, body.schedule),
		nonBreakingSchemaUpdatesBehavior: body.nonBreakingSchemaUpdatesBehavior ?? 'ignore',
		namespaceDefinition: body.namespaceDefinition ?? 'destination',
		namespaceFormat: body.namespaceFormat,
		prefix: body.prefix ?? '',
		streams: streamsFor(ctx, catalog, body.configurations?.streams),
		createdAt: Math.floor(Date.now() / 1000),
		tags: requestedTagIds(ctx, source.workspaceId, body.tags) ?? [],
		generations: {},
	};
	ctx.state.connections.set(connection.connectionId, connection);
	return ok(connectionBody(ctx, connection));
};

const patchConnection: Handler = async (ctx, req) => {
	const c = getConnection(ctx, req.pathParams.connectionId);
	const body = req.body ?? {};
	if (body.configurations?.streams) c.streams = streamsFor(ctx, await ctx.discover(c.sourceId), body.configurations.streams);
	if (body.schedule) c.schedule = validateSchedule(ctx, body.schedule);
	const tags = requestedTagIds(ctx, c.workspaceId, body.tags);
	if (tags) c.tags = tags;
	for (const key of ['name', 'namespaceDefinition', 'namespaceFormat', 'prefix', 'nonBreakingSchemaUpdatesBehavior', 'status'] as const)
		if (body[key] !== undefined) (c as any)[key] = body[key];
	return ok(connectionBody(ctx, c));
};

// ---------- jobs
function isoDuration(ms: number): string {
	const s = Math.max(0, Math.round(ms / 1000));
	return `PT${Math.floor(s / 3600) ? `${Math.floor(s / 3600)}H` : ''}${Math.floor((s % 3600) / 60) ? `${Math.floor((s % 3600) / 60)}M` : ''}${s % 60}S`;
}
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function jobBody(j: Job) {
	let rows = 0;
	let bytes = 0;
	for (const s of j.streams.values()) {
		rows += s.recordsCommitted;
		bytes += s.bytesCommitted;
	}
	return {
		jobId: j.jobId,
		status: j.status,
		jobType: j.jobType,
		startTime: iso(j.createdAt),
		connectionId: j.connectionId,
		...(isTerminal(j.status) ? { lastUpdatedAt: iso(j.updatedAt) } : {}),
		...(j.status !== 'pending' ? { duration: isoDuration(j.updatedAt - j.createdAt) } : {}),
		bytesSynced: bytes,
		rowsSynced: rows,
	};
}

function getJob(ctx: HandlerContext, id: number): Job {
	const j = ctx.state.jobs.get(id);
	if (!j) throw ctx.problems.notFound('job', id);
	return j;
}

const createJob: Handler = (ctx, req) => {
	const { connectionId, jobType } = req.body;
	if (jobType === 'refresh') throw ctx.problems.error('UnprocessableEntityProblemResponse', { data: { message: 'Refreshes are not supported in the public API' } });
	const c = getConnection(ctx, connectionId);
	if (runningJob(ctx, c.connectionId))
		throw ctx.problems.error('TryAgainLaterConflictProblemResponse', { data: { message: `A sync is already running for: ${c.connectionId}` } });
	return ok(jobBody(ctx.startJob(c.connectionId, jobType)));
};

const cancelJob: Handler = async (ctx, req) => {
	const j = getJob(ctx, req.pathParams.jobId);
	if (isTerminal(j.status)) throw ctx.problems.error('StateConflictProblemResponse', { data: { message: 'Job is not currently running' } });
	j.cancel();
	await j.done;
	return ok(jobBody(j));
};

const listJobs: Handler = (ctx, req) => {
	const q = req.query;
	if (q.connectionId) getConnection(ctx, q.connectionId, true);
	const ms = (s?: string) => (s ? Date.parse(s) : undefined);
	const [cs, ce, us, ue] = [ms(q.createdAtStart), ms(q.createdAtEnd), ms(q.updatedAtStart), ms(q.updatedAtEnd)];
	const ws: string[] | undefined = q.workspaceIds?.length ? q.workspaceIds : undefined;
	const [field, direction] = String(q.orderBy ?? 'createdAt|DESC').split('|');
	const key = field === 'updatedAt' ? 'updatedAt' : 'createdAt';
	const jobs = [...ctx.state.jobs.values()]
		.filter(
			(j) =>
				(!q.connectionId || j.connectionId === q.connectionId) &&
				(!q.jobType || j.jobType === q.jobType) &&
				(!q.status || j.status === q.status) &&
				(!ws || ws.includes(j.workspaceId)) &&
				(cs === undefined || j.createdAt >= cs) &&
				(ce === undefined || j.createdAt <= ce) &&
				(us === undefined || j.updatedAt >= us) &&
				(ue === undefined || j.updatedAt <= ue),
		)
		.sort((a, b) => (direction === 'ASC' ? 1 : -1) * (a[key] - b[key] || a.jobId - b.jobId));
	return ok(paginate(jobs.map(jobBody), q, req.baseUrl, req.path));
};

// ---------- streams
const PROTOCOL_TO_API_MODES: Record<string, string[]> = {
	full_refresh: ['full_refresh_overwrite', 'full_refresh_overwrite_deduped', 'full_refresh_append'],
	incremental: ['incremental_append', 'incremental_deduped_history'],
};

function propertyFields(schema: any, prefix: string[] = []): string[][] {
	const out: string[][] = [];
	for (const [name, sub] of Object.entries<any>(schema?.properties ?? {})) {
		out.push([...prefix, name]);
		if (sub && typeof sub === 'object' && sub.properties) out.push(...propertyFields(sub, [...prefix, name]));
	}
	return out;
}

const listStreams: Handler = async (ctx, req) => {
	const source = getActor(ctx, 'source', req.query.sourceId);
	if (req.query.destinationId) getActor(ctx, 'destination', req.query.destinationId);
	const catalog = await ctx.discover(source.id, req.query.ignoreCache === true);
	return ok(
		catalog.map((s) => ({
			streamName: s.name,
			...(s.namespace ? { streamnamespace: s.namespace } : {}),
			...(req.query.destinationId ? { syncModes: s.supported_sync_modes.flatMap((m) => PROTOCOL_TO_API_MODES[m] ?? []) } : {}),
			defaultCursorField: s.default_cursor_field ?? [],
			sourceDefinedCursorField: s.source_defined_cursor ?? false,
			sourceDefinedPrimaryKey: s.source_defined_primary_key ?? [],
			propertyFields: propertyFields(s.json_schema),
		})),
	);
};

// ---------- connector definitions
const listConnectorDefinitions: Handler = (ctx, req) => {
	if (req.query.workspaceId) getWorkspace(ctx, req.query.workspaceId);
	return ok({
		data: DEFINITIONS.filter((d) => d.kind === req.query.type).map((d) => ({ id: d.id, name: d.name, connectorDefinitionType: d.kind, version: d.version })),
	});
};

function workspaceDefinitions(kind: 'source' | 'destination'): Handler {
	return (ctx, req) => {
		getWorkspace(ctx, req.pathParams.workspaceId);
		const defs = DEFINITIONS.filter((d) => d.kind === kind).map((d) => ({
			id: d.id,
			name: d.name,
			dockerRepository: `airbyte/${kind}-${d.type}`,
			dockerImageTag: d.version,
			documentationUrl: d.documentationUrl,
		}));
		return ok({ data: defs });
	};
}

// ---------- routes (api.yaml templates)
export const PUBLIC_HANDLERS: Record<string, Handler> = {
	'GET /health': () => ({ status: 200 }),
	'GET /workspaces': (ctx, req) => {
		const ids: string[] | undefined = req.query.workspaceIds?.length ? req.query.workspaceIds : undefined;
		const items = [...ctx.state.workspaces.values()].filter((w) => (req.query.includeDeleted || !w.deleted) && (!ids || ids.includes(w.workspaceId)));
		return ok(paginate(items.map(workspaceBody), req.query, req.baseUrl, req.path));
	},
	'POST /workspaces': (ctx, req) => {
		const w = { workspaceId: randomUUID(), name: req.body.name, dataResidency: 'auto', deleted: false };
		ctx.state.workspaces.set(w.workspaceId, w);
		return ok(workspaceBody(w));
	},
	'GET /workspaces/{workspaceId}': (ctx, req) => ok(workspaceBody(getWorkspace(ctx, req.pathParams.workspaceId))),
	'PATCH /workspaces/{workspaceId}': (ctx, req) => {
		const w = getWorkspace(ctx, req.pathParams.workspaceId);
		if (req.body?.name) w.name = req.body.name;
		return ok(workspaceBody(w));
	},
	'DELETE /workspaces/{workspaceId}': (ctx, req) => {
		getWorkspace(ctx, req.pathParams.workspaceId).deleted = true;
		return noContent();
	},
	'GET /sources': listActors('source'),
	'POST /sources': createActor('source'),
	'GET /sources/{sourceId}': (ctx, req) => ok(actorBody(getActor(ctx, 'source', req.pathParams.sourceId))),
	'PATCH /sources/{sourceId}': updateActor('source', false),
	'PUT /sources/{sourceId}': updateActor('source', true),
	'DELETE /sources/{sourceId}': deleteActor('source'),
	'GET /destinations': listActors('destination'),
	'POST /destinations': createActor('destination'),
	'GET /destinations/{destinationId}': (ctx, req) => ok(actorBody(getActor(ctx, 'destination', req.pathParams.destinationId))),
	'PATCH /destinations/{destinationId}': updateActor('destination', false),
	'PUT /destinations/{destinationId}': updateActor('destination', true),
	'DELETE /destinations/{destinationId}': deleteActor('destination'),
	'GET /connections': (ctx, req) => {
		const ids: string[] | undefined = req.query.workspaceIds?.length ? req.query.workspaceIds : undefined;
		const items = [...ctx.state.connections.values()].filter(
			(c) =>
				(req.query.includeDeleted || c.status !== 'deprecated') &&
				(!ids || ids.includes(c.workspaceId)) &&
				matchesTagFilter(ctx, c, req.query.tagIds),
		);
		return ok(paginate(items.map((c) => connectionBody(ctx, c)), req.query, req.baseUrl, req.path));
	},
	'POST /connections': createConnection,
	'GET /connections/{connectionId}': (ctx, req) => ok(connectionBody(ctx, getConnection(ctx, req.pathParams.connectionId))),
	'PATCH /connections/{connectionId}': patchConnection,
	'DELETE /connections/{connectionId}': (ctx, req) => {
		softDeleteConnection(ctx, getConnection(ctx, req.pathParams.connectionId));
		return noContent();
	},
	'GET /jobs': listJobs,
	'POST /jobs': createJob,
	'GET /jobs/{jobId}': (ctx, req) => ok(jobBody(getJob(ctx, req.pathParams.jobId))),
	'DELETE /jobs/{jobId}': cancelJob,
	'GET /streams': listStreams,
	'GET /connector_definitions': listConnectorDefinitions,
	'GET /workspaces/{workspaceId}/definitions/sources': workspaceDefinitions('source'),
	'GET /workspaces/{workspaceId}/definitions/destinations': workspaceDefinitions('destination'),
	...TAG_HANDLERS,
};
