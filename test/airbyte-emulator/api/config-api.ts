// The two Config API calls the public API lacks. api.yaml does not describe them; request and response
// shapes below are transcribed from Airbyte's config.yaml (SourceDiscoverSchemaRequestBody,
// SourceDiscoverSchemaRead, ConnectionIdRequestBody, ConnectionSyncProgressRead) and validated the same way.
import { randomUUID } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { SYNC_MODES } from '../sync';
import { createAjv, formatErrors } from '../spec/ajv';
import { isTerminal } from '../state';
import type { HandlerContext, HandlerRequest, HandlerResponse } from './context';
import { getActor } from './handlers';

const uuid = { type: 'string', format: 'uuid' };
const stringArray = { type: 'array', items: { type: 'string' } };
const counts = {
	recordsEmitted: { type: 'integer' },
	recordsCommitted: { type: 'integer' },
	bytesEmitted: { type: 'integer' },
	bytesCommitted: { type: 'integer' },
};

export const CONFIG_API_SCHEMAS = {
	'/sources/discover_schema': {
		request: {
			type: 'object',
			required: ['sourceId'],
			properties: { sourceId: uuid, connectionId: uuid, disable_cache: { type: 'boolean' }, notifySchemaChange: { type: 'boolean' }, priority: { type: 'string' } },
		},
		response: {
			type: 'object',
			required: ['jobInfo'],
			properties: {
				catalog: {
					type: 'object',
					required: ['streams'],
					properties: {
						streams: {
							type: 'array',
							items: {
								type: 'object',
								required: ['stream', 'config'],
								properties: {
									stream: {
										type: 'object',
										required: ['name', 'jsonSchema', 'supportedSyncModes'],
										properties: {
											name: { type: 'string' },
											jsonSchema: { type: 'object' },
											supportedSyncModes: { type: 'array', items: { enum: ['full_refresh', 'incremental'] } },
											sourceDefinedCursor: { type: 'boolean' },
											defaultCursorField: stringArray,
											sourceDefinedPrimaryKey: { type: 'array', items: stringArray },
											namespace: { type: 'string' },
											isResumable: { type: 'boolean' },
										},
									},
									config: {
										type: 'object',
										required: ['syncMode', 'destinationSyncMode'],
										properties: {
											syncMode: { enum: ['full_refresh', 'incremental'] },
											cursorField: stringArray,
											destinationSyncMode: { enum: ['append', 'overwrite', 'append_dedup', 'overwrite_dedup', 'update', 'soft_delete'] },
											primaryKey: { type: 'array', items: stringArray },
											aliasName: { type: 'string' },
											selected: { type: 'boolean' },
											suggested: { type: 'boolean' },
											fieldSelectionEnabled: { type: 'boolean' },
										},
									},
								},
							},
						},
					},
				},
				jobInfo: {
					type: 'object',
					required: ['id', 'configType', 'createdAt', 'endedAt', 'succeeded'],
					properties: {
						id: uuid,
						configType: { const: 'discover_schema' },
						createdAt: { type: 'integer' },
						endedAt: { type: 'integer' },
						succeeded: { type: 'boolean' },
						failureReason: { type: 'object' },
						logs: { type: 'object', properties: { logLines: stringArray } },
					},
				},
				catalogId: uuid,
			},
		},
	},
	'/connections/sync_progress': {
		request: { type: 'object', required: ['connectionId'], properties: { connectionId: uuid } },
		response: {
			type: 'object',
			required: ['connectionId', 'streams'],
			properties: {
				connectionId: uuid,
				jobId: { type: 'integer' },
				syncStartedAt: { type: 'integer' },
				configType: { enum: ['sync', 'reset_connection', 'clear', 'refresh'] },
				...counts,
				streams: {
					type: 'array',
					items: {
						type: 'object',
						required: ['streamName'],
						properties: { streamName: { type: 'string' }, streamNamespace: { type: 'string' }, configType: { type: 'string' }, ...counts },
					},
				},
			},
		},
	},
} as const;

type ConfigPath = keyof typeof CONFIG_API_SCHEMAS;

const ajv = createAjv();
const compiled = new Map<string, { request: ValidateFunction; response: ValidateFunction }>();
function validators(path: ConfigPath) {
	let v = compiled.get(path);
	if (!v) {
		v = { request: ajv.compile(CONFIG_API_SCHEMAS[path].request), response: ajv.compile(CONFIG_API_SCHEMAS[path].response) };
		compiled.set(path, v);
	}
	return v;
}

export function isConfigApiPath(path: string): path is ConfigPath {
	return path in CONFIG_API_SCHEMAS;
}

export function checkConfigRequest(path: ConfigPath, body: unknown): string | undefined {
	const { request } = validators(path);
	return request(body) ? undefined : `body ${formatErrors(request.errors)}`;
}

export function assertConfigResponse(path: ConfigPath, body: unknown): void {
	const { response } = validators(path);
	if (!response(body)) throw new Error(`Emulator bug: Config API ${path} response invalid: ${formatErrors(response.errors)}`);
}

export async function handleConfigApi(ctx: HandlerContext, path: ConfigPath, req: HandlerRequest): Promise<HandlerResponse> {
	if (path === '/sources/discover_schema') {
		const source = getActor(ctx, 'source', req.body.sourceId);
		const createdAt = Math.floor(Date.now() / 1000);
		const jobInfo = { id: randomUUID(), configType: 'discover_schema', createdAt, endedAt: createdAt, succeeded: true, logs: { logLines: [] as string[] } };
		try {
			const catalog = await ctx.discover(source.id, req.body.disable_cache === true);
			return {
				status: 200,
				body: {
					catalog: {
						streams: catalog.map((s) => ({
							stream: {
								name: s.name,
								jsonSchema: s.json_schema,
								supportedSyncModes: s.supported_sync_modes,
								sourceDefinedCursor: s.source_defined_cursor ?? false,
								defaultCursorField: s.default_cursor_field ?? [],
								sourceDefinedPrimaryKey: s.source_defined_primary_key ?? [],
								...(s.namespace ? { namespace: s.namespace } : {}),
								isResumable: s.is_resumable ?? false,
							},
							config: {
								syncMode: s.supported_sync_modes.includes('full_refresh') ? 'full_refresh' : 'incremental',
								cursorField: s.default_cursor_field ?? [],
								destinationSyncMode: SYNC_MODES.full_refresh_overwrite.destinationSyncMode,
								primaryKey: s.source_defined_primary_key ?? [],
								aliasName: s.name,
								selected: true,
								suggested: true,
								fieldSelectionEnabled: false,
							},
						})),
					},
					jobInfo: { ...jobInfo, endedAt: Math.floor(Date.now() / 1000) },
					catalogId: randomUUID(),
				},
			};
		} catch (error) {
			// "If the job was not successful, the catalog field will not be present."
			return { status: 200, body: { jobInfo: { ...jobInfo, succeeded: false, failureReason: { externalMessage: String((error as Error).message) } } } };
		}
	}
	const connection = ctx.state.connections.get(req.body.connectionId);
	if (!connection) return { status: 404, body: { message: `Could not find connection ${req.body.connectionId}`, exceptionClassName: 'io.airbyte.commons.server.errors.IdNotFoundKnownException' } };
	const job = [...ctx.state.jobs.values()].filter((j) => j.connectionId === connection.connectionId && !isTerminal(j.status)).pop();
	if (!job) return { status: 200, body: { connectionId: connection.connectionId, streams: [] } };
	const streams = [...job.streams.values()].map((s) => ({ ...s, configType: job.jobType === 'sync' ? 'sync' : 'clear' }));
	const sum = (k: 'recordsEmitted' | 'recordsCommitted' | 'bytesEmitted' | 'bytesCommitted') => streams.reduce((n, s) => n + s[k], 0);
	return {
		status: 200,
		body: {
			connectionId: connection.connectionId,
			jobId: job.jobId,
			syncStartedAt: Math.floor(job.createdAt / 1000),
			configType: job.jobType === 'sync' ? 'sync' : 'clear',
			recordsEmitted: sum('recordsEmitted'),
			recordsCommitted: sum('recordsCommitted'),
			bytesEmitted: sum('bytesEmitted'),
			bytesCommitted: sum('bytesCommitted'),
			streams,
		},
	};
}
