// The emulator's HTTP server: prefixes, tokens, faults, spec validation of every request and response,
// dispatch to the handlers, and the job lifecycle.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import type { AirbyteStream } from '../../lib/airbyte/protocol';
import { assertConfigResponse, checkConfigRequest, handleConfigApi, isConfigApiPath } from './api/config-api';
import type { HandlerContext, HandlerRequest, HandlerResponse } from './api/context';
import { jobBody, PUBLIC_HANDLERS } from './api/handlers';
import { connectorDiscover, connectorSpec, ProcessTracker } from './connectors';
import { DEFINITION_IDS, definitionById } from './definitions';
import { createAjv, formatErrors } from './spec/ajv';
import { openApiValidator } from './spec/openapi';
import { ProblemError, Problems, type Problem } from './spec/problems';
import { defaultDatasetsDir, defaultReferenceDir, loadSdkSchemas } from './spec/reference';
import { EmulatorState, isTerminal, type Actor, type Job } from './state';
import { runJob } from './sync';
import { TimerRegistry } from './timers';
import { TokenIssuer } from './tokens';
import type { EmulatorFaults, EmulatorHandle, EmulatorOptions, JobFault, RequestFault, SpecViolation, TagsApiMode } from './types';

const PUBLIC_PREFIXES = ['/api/public/v1', '/v1'];
const CONFIG_PREFIX = '/api/v1';
const UNAUTHENTICATED = new Set(['/applications/token', '/health', '/']);

interface ActiveFault<T> {
	fault: T;
	remaining: number;
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function postgresConfiguration(databaseUrl: string) {
	const u = new URL(databaseUrl);
	return {
		destinationType: 'postgres',
		host: u.hostname,
		port: Number(u.port || 5432),
		database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
		schema: 'public',
		username: decodeURIComponent(u.username),
		...(u.password ? { password: decodeURIComponent(u.password) } : {}),
		ssl_mode: { mode: 'disable' },
		tunnel_method: { tunnel_method: 'NO_TUNNEL' },
	};
}

export async function startEmulator(options: EmulatorOptions): Promise<EmulatorHandle> {
	const referenceDir = options.referenceDir ?? defaultReferenceDir();
	const log = options.log ?? (() => undefined);
	const validator = openApiValidator(referenceDir);
	const problems = new Problems(referenceDir);
	const state = new EmulatorState();
	const tracker = new ProcessTracker();
	const timers = new TimerRegistry();
	const tokens = new TokenIssuer(options.tokenExpiresInSeconds ?? 900);
	const clientId = options.clientId ?? randomUUID();
	const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
	const violations: SpecViolation[] = [];
	const heldSockets = new Set<Socket>();
	const jobControllers = new Map<number, AbortController>();
	let requestFaults: ActiveFault<RequestFault>[] = [];
	let jobFaults: ActiveFault<JobFault>[] = [];
	let startupDelayMs = options.startupDelayMs ?? 0;
	let stopping = false;
	let tagsApi: TagsApiMode = options.tagsApi ?? 'enabled';

	const setFaults = (faults: EmulatorFaults) => {
		requestFaults = (faults.requests ?? []).map((fault) => ({ fault, remaining: fault.times ?? Infinity }));
		jobFaults = (faults.jobs ?? []).map((fault) => ({ fault, remaining: fault.times ?? 1 }));
		startupDelayMs = faults.startupDelayMs ?? options.startupDelayMs ?? 0;
	};
	setFaults(options.faults ?? {});

	// ---------- connector configuration checks (api_sdk.yaml + the connector's own spec), cached compilations
	const sdkSchemas = loadSdkSchemas(referenceDir, ['source-faker', 'destination-postgres']);
	const configAjv = createAjv();
	const SDK_ID = 'https://airbyte.emulator/api_sdk.yaml';
	configAjv.addSchema({ $id: SDK_ID, components: { schemas: sdkSchemas } }, SDK_ID);
	const configValidators = new Map<string, ValidateFunction>();
	const specValidator = async (definitionId: string): Promise<ValidateFunction[]> => {
		const def = definitionById(definitionId)!;
		const out: ValidateFunction[] = [];
		if (def.sdkSchema) {
			const key = `sdk:${def.sdkSchema}`;
			if (!configValidators.has(key)) configValidators.set(key, configAjv.compile({ $ref: `${SDK_ID}#/components/schemas/${def.sdkSchema}` }));
			out.push(configValidators.get(key)!);
		}
		if (def.program) {
			const key = `spec:${def.id}`;
			if (!configValidators.has(key)) {
				const spec = await connectorSpec(tracker, referenceDir, def);
				const schema = { ...(spec.connectionSpecification as Record<string, unknown>) };
				delete schema.$schema;
				configValidators.set(key, configAjv.compile(schema));
			}
			out.push(configValidators.get(key)!);
		}
		return out;
	};

	const ctx: HandlerContext = {
		state,
		problems,
		tracker,
		referenceDir,
		tagsApi: () => tagsApi,
		async checkConfiguration(kind, definitionId, configuration) {
			const def = definitionById(definitionId)!;
			const typed = { ...configuration, [kind === 'source' ? 'sourceType' : 'destinationType']: def.type };
			for (const validate of await specValidator(definitionId)) {
				if (!validate(typed))
					throw problems.error('UnprocessableEntityProblemResponse', {
						data: { message: `The provided configuration does not fulfill the specification. Errors: ${formatErrors(validate.errors)}` },
					});
			}
		},
		async discover(sourceId, refresh = false) {
			const source = state.actors.get(sourceId)!;
			if (source.catalog && !refresh) return source.catalog;
			try {
				source.catalog = await connectorDiscover(tracker, referenceDir, definitionById(source.definitionId)!, source.configuration);
			} catch (error) {
				throw problems.badRequest(`Discover failed for source ${sourceId}: ${(error as Error).message}`);
			}
			return source.catalog;
		},
		startJob(connectionId, jobType) {
			const connection = state.connections.get(connectionId)!;
			const controller = new AbortController();
			let resolveDone!: () => void;
			const job: Job = {
				jobId: state.nextJobId++,
				connectionId,
				workspaceId: connection.workspaceId,
				jobType,
				status: 'pending',
				createdAt: Date.now(),
				updatedAt: Date.now(),
				streams: new Map(),
				done: new Promise<void>((r) => (resolveDone = r)),
				cancel: () => controller.abort(),
			};
			state.jobs.set(job.jobId, job);
			jobControllers.set(job.jobId, controller);
			const fault = jobFaults.find((f) => f.remaining > 0 && (!f.fault.connectionId || f.fault.connectionId === connectionId));
			if (fault) fault.remaining--;
			timers.later(0, () => {
				const finish = () => {
					jobControllers.delete(job.jobId);
					resolveDone();
				};
				if (controller.signal.aborted) {
					job.status = 'cancelled';
					job.updatedAt = Date.now();
					return finish();
				}
				const source = state.actors.get(connection.sourceId)!;
				void ctx
					.discover(source.id)
					.then((catalog: AirbyteStream[]) =>
						runJob({
							job,
							connection,
							source,
							sourceDefinition: definitionById(source.definitionId)!,
							destination: state.actors.get(connection.destinationId)!,
							catalog,
							tracker,
							referenceDir,
							flushMaxRecords: options.flushMaxRecords,
							flushMaxBytes: options.flushMaxBytes,
							startupDelayMs,
							jobFault: fault?.fault,
							sleep: (ms, signal) => timers.sleep(ms, signal),
							signal: controller.signal,
							onUpdate: () => undefined,
							log,
						}),
					)
					.catch((error: Error) => {
						job.status = 'failed';
						job.failureReason = error.message;
						job.updatedAt = Date.now();
					})
					.finally(finish);
			});
			return job;
		},
	};

	// ---------- HTTP
	const sendJson = (res: ServerResponse, status: number, body?: unknown, contentType = 'application/json') => {
		if (body === undefined) {
			res.writeHead(status);
			res.end();
			return;
		}
		const text = JSON.stringify(body);
		res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
		res.end(text);
	};
	const sendProblem = (res: ServerResponse, problem: Problem) => sendJson(res, problem.status, problem, 'application/problem+json');

	const recordViolation = (method: string, path: string, message: string, errors: unknown[]) => {
		violations.push({ method, path, message, errors, at: new Date().toISOString() });
		log(`SPEC VIOLATION ${method} ${path}: ${message}`);
	};

	async function applyFault(method: string, path: string, res: ServerResponse, socket: Socket): Promise<boolean> {
		const active = requestFaults.find(
			(f) =>
				f.remaining > 0 &&
				(!f.fault.method || f.fault.method.toUpperCase() === method) &&
				(!f.fault.path || (typeof f.fault.path === 'string' ? f.fault.path === path : f.fault.path.test(path))),
		);
		if (!active) return false;
		active.remaining--;
		const { fault } = active;
		switch (fault.kind) {
			case 'delay':
				await timers.sleep(fault.delayMs ?? 1000);
				return false;
			case 'rate-limit':
				sendJson(res, 429, { message: 'You are being rate limited.' });
				return true;
			case 'timeout':
				heldSockets.add(socket);
				socket.once('close', () => heldSockets.delete(socket));
				if (fault.delayMs !== undefined) timers.later(fault.delayMs, () => socket.destroy());
				return true;
			default: {
				const status = fault.status ?? 500;
				const name = status === 503 ? 'ServiceUnavailableProblemResponse' : status === 408 ? 'RequestTimeoutExceededProblemResponse' : 'UnexpectedProblemResponse';
				sendProblem(res, problems.build(name, { status, detail: 'Injected fault' }));
				return true;
			}
		}
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://emulator');
		const method = (req.method ?? 'GET').toUpperCase();
		let prefix = PUBLIC_PREFIXES.find((p) => url.pathname === p || url.pathname.startsWith(`${p}/`));
		// Self-managed Enterprise documents the token endpoint under the Config API root as well.
		const isConfig = !prefix && url.pathname.startsWith(`${CONFIG_PREFIX}/`) && url.pathname !== `${CONFIG_PREFIX}/applications/token`;
		if (!prefix && url.pathname === `${CONFIG_PREFIX}/applications/token`) prefix = CONFIG_PREFIX;
		if (isConfig) prefix = CONFIG_PREFIX;
		if (!prefix) return sendProblem(res, problems.build('ResourceNotFoundProblemResponse', { data: { resourceId: url.pathname } }));
		const path = url.pathname.slice(prefix.length) || '/';
		const baseUrl = `http://${req.headers.host}${prefix}`;
		const raw = await readBody(req);

		if (await applyFault(method, path, res, req.socket)) return;

		// Authentication (Bearer application token) for everything but the token endpoint and health.
		if (!UNAUTHENTICATED.has(path)) {
			const auth = req.headers.authorization ?? '';
			const m = /^Bearer\s+(.+)$/i.exec(auth);
			if (!m || !tokens.verify(m[1].trim())) return sendProblem(res, problems.build('InvalidApiKeyProblemResponse'));
		}

		let body: unknown;
		const hasBody = raw.length > 0;
		if (hasBody) {
			const type = String(req.headers['content-type'] ?? '');
			try {
				body = type.includes('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(raw)) : JSON.parse(raw);
			} catch {
				recordViolation(method, path, 'request body is not valid JSON', []);
				return sendProblem(res, problems.badRequest('Malformed JSON request body').problem);
			}
		}

		if (isConfig) {
			if (method !== 'POST' || !isConfigApiPath(path)) {
				recordViolation(method, url.pathname, 'not a Config API call the emulator serves', []);
				return sendJson(res, 404, { message: `Not found: ${method} ${url.pathname}` });
			}
			const invalid = checkConfigRequest(path, body);
			if (invalid) {
				recordViolation(method, url.pathname, invalid, []);
				return sendJson(res, 422, { message: invalid, exceptionClassName: 'javax.validation.ValidationException' });
			}
			const out = await handleConfigApi(ctx, path, { method, path, baseUrl, pathParams: {}, query: {}, body });
			if (out.status === 200) assertConfigResponse(path, out.body);
			return sendJson(res, out.status, out.body);
		}

		const route = validator.match(method, path);
		if (!route || !route.template) {
			recordViolation(method, path, route ? `method ${method} not allowed on ${path}` : `no operation in api.yaml for ${method} ${path}`, []);
			return sendProblem(res, problems.build('ResourceNotFoundProblemResponse', { data: { resourceId: path } }));
		}
		const check = validator.checkRequest(route, url.searchParams, body, hasBody);
		if (!check.ok) {
			recordViolation(method, path, check.message, check.errors);
			return sendProblem(res, problems.badRequest(check.message).problem);
		}

		if (route.template === '/applications/token') {
			const b = body as Record<string, string>;
			if (b.client_id !== clientId || b.client_secret !== clientSecret) return sendProblem(res, problems.build('InvalidApiKeyProblemResponse'));
			const { token, expiresIn } = tokens.issue(clientId);
			const out = { access_token: token, token_type: 'Bearer', expires_in: expiresIn };
			validator.assertResponse(route, 200, out);
			return sendJson(res, 200, out);
		}

		const handler = PUBLIC_HANDLERS[`${method} ${route.template}`];
		if (!handler)
			return sendProblem(res, problems.build('ResourceNotFoundProblemResponse', { detail: `${method} ${route.template} is not served by the emulator`, data: { resourceId: path } }));
		const request: HandlerRequest = { method, path, baseUrl, pathParams: { ...route.pathParams, ...check.pathParams }, query: check.query, body };
		let out: HandlerResponse;
		try {
			out = await handler(ctx, request);
		} catch (error) {
			if (error instanceof ProblemError) return sendProblem(res, error.problem);
			throw error;
		}
		validator.assertResponse(route, out.status, out.body);
		sendJson(res, out.status, out.body);
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((error: Error) => {
			// An emulator bug (e.g. a response that violates api.yaml): fail loudly and make the test fail too.
			recordViolation(req.method ?? '?', req.url ?? '?', `EMULATOR BUG: ${error.message}`, []);
			log(error.stack ?? error.message);
			if (!res.headersSent) sendProblem(res, problems.build('UnexpectedProblemResponse', { detail: error.message }));
			else res.destroy();
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
	});
	const openSockets = new Set<Socket>();
	server.on('connection', (socket: Socket) => {
		openSockets.add(socket);
		socket.once('close', () => openSockets.delete(socket));
	});
	const { port } = server.address() as AddressInfo;
	const url = `http://${options.host ?? '127.0.0.1'}:${port}`;

	// ---------- seed: one workspace, faker, one `file` source per dataset, destination-postgres on databaseUrl
	const workspaceId = randomUUID();
	state.workspaces.set(workspaceId, { workspaceId, name: 'Default Workspace', dataResidency: 'auto', deleted: false });
	const seedActor = async (kind: Actor['kind'], name: string, definitionId: string, configuration: Record<string, unknown>) => {
		const typed = { ...configuration };
		await ctx.checkConfiguration(kind, definitionId, typed);
		delete typed.sourceType;
		delete typed.destinationType;
		const actor: Actor = {
			id: randomUUID(),
			kind,
			name,
			workspaceId,
			definitionId,
			type: definitionById(definitionId)!.type,
			configuration: typed,
			createdAt: Math.floor(Date.now() / 1000),
			deleted: false,
		};
		state.actors.set(actor.id, actor);
		return actor.id;
	};
	const sources: Record<string, string> = {};
	const seed = options.seed ?? {};
	try {
		if (seed.faker !== false)
			sources.faker = await seedActor('source', 'Faker', DEFINITION_IDS.faker, { sourceType: 'faker', count: seed.faker?.count ?? 100, seed: seed.faker?.seed ?? 42 });
		let datasets = seed.datasets;
		if (datasets === undefined) {
			const dir = defaultDatasetsDir();
			datasets = existsSync(dir)
				? Object.fromEntries(readdirSync(dir).filter((d) => existsSync(join(dir, d, 'airbyte_catalog.json'))).map((d) => [d, join(dir, d)]))
				: {};
		}
		for (const [name, path] of Object.entries(datasets || {}))
			sources[name] = await seedActor('source', `File ${name}`, DEFINITION_IDS.file, { sourceType: 'file', path });
	} catch (error) {
		server.close();
		await tracker.killAll();
		throw error;
	}
	const destinations = { postgres: await seedActor('destination', 'Postgres', DEFINITION_IDS.postgres, postgresConfiguration(options.databaseUrl)) };

	const handle_: EmulatorHandle = {
		url,
		publicApiBaseUrl: `${url}/api/public/v1`,
		cloudStyleBaseUrl: `${url}/v1`,
		configApiBaseUrl: `${url}/api/v1`,
		clientId,
		clientSecret,
		databaseUrl: options.databaseUrl,
		workspaceId,
		sources,
		destinations,
		definitionIds: { ...DEFINITION_IDS },
		issueToken: (expiresIn) => tokens.issue(clientId, expiresIn).token,
		expireAllTokens: () => tokens.revokeAll(),
		setTokenExpiresInSeconds: (s) => (tokens.expiresInSeconds = s),
		violations: () => [...violations],
		clearViolations: () => void violations.splice(0),
		setFaults,
		setTagsApi: (mode) => (tagsApi = mode),
		activeResources: () => ({ processes: tracker.live.size, timers: timers.size, sockets: openSockets.size }),
		async waitForJob(jobId, timeoutMs = 60_000) {
			const job = state.jobs.get(jobId);
			if (!job) throw new Error(`no job ${jobId}`);
			let timer: NodeJS.Timeout | undefined;
			const timeout = new Promise<never>((_, reject) => {
				timer = timers.later(timeoutMs, () => reject(new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`)));
			});
			try {
				await Promise.race([job.done, timeout]);
			} finally {
				timers.cancel(timer);
			}
			return jobBody(job);
		},
		async stop() {
			if (stopping) return;
			stopping = true;
			const running = [...state.jobs.values()].filter((j) => !isTerminal(j.status));
			running.forEach((j) => j.cancel());
			await Promise.all(running.map((j) => j.done));
			await tracker.killAll();
			const closed = [...openSockets].map((s) => new Promise<void>((resolve) => (s.destroyed && s.closed ? resolve() : s.once('close', () => resolve()))));
			for (const s of heldSockets) s.destroy();
			server.closeAllConnections();
			for (const s of openSockets) s.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await Promise.all(closed);
			timers.clearAll();
		},
	};
	return handle_;
}
