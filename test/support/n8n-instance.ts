// Starts real n8n 2.41.1 (from the cache, under Node 24) with its database on Postgres, offline-friendly
// settings, the owner from N8N_INSTANCE_OWNER_* env vars, our packed package installed, and an API key
// created through the REST API. stop() ends n8n, drops its database and removes its folders (also on errors).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { hashSync } from 'bcryptjs';
import { Client } from 'pg';

import { createApiKey, login, N8nApi } from './n8n-api';
import { cacheRoot, ensureN8nInstalled, N8N_VERSION, withLock, type N8nRuntime } from './n8n-install';
import { installIntoUserFolder, type PackedPackage } from './n8n-package';

export interface StartN8nOptions {
	/** Postgres server URL to create n8n's database on (default: TEST_DATABASE_URL / DATABASE_URL). */
	postgresUrl?: string;
	/** Unpacked packages to install into .n8n/nodes/node_modules (see packPackage()). */
	packages?: Array<Pick<PackedPackage, 'name' | 'version' | 'dir'>>;
	port?: number;
	/** Extra environment for n8n (e.g. EXECUTIONS_MODE). */
	env?: Record<string, string>;
	/** Where n8n's stdout/stderr go (default: <userFolder>/n8n.log). */
	logFile?: string;
	email?: string;
	password?: string;
	/** Owner's first and last name (default E2E Owner). */
	ownerName?: [string, string];
	startTimeoutMs?: number;
	/** Keep the user folder after stop() (for debugging). */
	keepFolder?: boolean;
	/** Start on a fresh, empty database and run all of n8n's migrations (default: clone a migrated template). */
	freshDatabase?: boolean;
}

export interface N8nInstance {
	baseUrl: string;
	port: number;
	userFolder: string;
	logFile: string;
	email: string;
	password: string;
	apiKey: string;
	api: N8nApi;
	runtime: N8nRuntime;
	/** Wall times: n8n start until ready, and login + API key. */
	timings: { startMs: number; apiKeyMs: number };
	/** Last lines of n8n's log (for failure messages). */
	logTail(lines?: number): string;
	/** The environment n8n was started with (database, encryption key, queue settings: what a worker shares). */
	env: Record<string, string>;
	stop(): Promise<void>;
}

/** A port free right now and not among `taken` (a port just released can be handed out again at once). */
export async function freePort(taken: number[] = []): Promise<number> {
	for (;;) {
		const port = await anyFreePort();
		if (!taken.includes(port)) return port;
	}
}

function anyFreePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

function databaseUrl(serverUrl: string, database: string): URL {
	const url = new URL(serverUrl);
	url.pathname = `/${database}`;
	return url;
}

async function adminQuery(serverUrl: string, sql: string, params: unknown[] = []): Promise<number> {
	const client = new Client({ connectionString: serverUrl });
	await client.connect();
	try {
		return (await client.query(sql, params)).rowCount ?? 0;
	} finally {
		await client.end();
	}
}

const TEMPLATE_DATABASE = `n8n_template_${N8N_VERSION.replace(/\W/g, '_')}`;
const TEMPLATE_ENCRYPTION_KEY = createHash('sha256').update(TEMPLATE_DATABASE).digest('hex').slice(0, 48);

/**
 * A database n8n has migrated once (about 275 migrations), which every later instance on the same Postgres server
 * clones with CREATE DATABASE ... TEMPLATE. The owner is applied from the env at each start (overwriteExisting).
 */
async function migratedTemplate(serverUrl: string, startTimeoutMs: number | undefined): Promise<string> {
	const exists = async () => (await adminQuery(serverUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE_DATABASE])) > 0;
	if (await exists()) return TEMPLATE_DATABASE;
	const serverKey = createHash('sha256').update(serverUrl).digest('hex').slice(0, 12);
	return await withLock(path.join(cacheRoot(), `n8n-template-${serverKey}.lock`), async () => {
		if (await exists()) return TEMPLATE_DATABASE;
		const building = `${TEMPLATE_DATABASE}_building`;
		await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
		await adminQuery(serverUrl, `CREATE DATABASE "${building}"`);
		const instance = await startN8nOnce({ postgresUrl: serverUrl, startTimeoutMs: startTimeoutMs ?? 300_000 }, { name: building, fromTemplate: undefined, keep: true, apiKey: false });
		await instance.stop();
		await adminQuery(serverUrl, `ALTER DATABASE "${building}" RENAME TO "${TEMPLATE_DATABASE}"`);
		return TEMPLATE_DATABASE;
	});
}

async function createDatabaseFrom(serverUrl: string, database: string, template: string | undefined): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		try {
			await adminQuery(serverUrl, template ? `CREATE DATABASE "${database}" TEMPLATE "${template}"` : `CREATE DATABASE "${database}"`);
			return;
		} catch (error) {
			// Two clones of one template at the same moment: "source database ... is being accessed by other users".
			if (!(error instanceof Error && /being accessed by other users/.test(error.message)) || attempt >= 10) throw error;
			await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
		}
	}
}

interface DatabasePlan {
	name: string;
	/** Clone this database instead of starting empty. */
	fromTemplate: string | undefined;
	/** Already created by the caller, kept after stop(). */
	keep: boolean;
	/** Log in and create an API key (not for building the template: keys must be unique per database). */
	apiKey: boolean;
}

/** n8n's offline-friendly settings for local, scripted runs (see /work/shared/notes/n8n.md §6-7). */
export function quietN8nEnv(): Record<string, string> {
	return {
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		// The MCP registry refresh calls api.n8n.io at start-up (ENOTFOUND offline); nothing here needs it.
		N8N_DISABLED_MODULES: 'mcp-registry',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
	};
}

const running = new Set<ChildProcess>();
const folders = new Set<string>();
process.once('exit', () => {
	// Last resort when the test process dies without calling stop(): never leave n8n or its folder behind.
	for (const child of running) if (child.pid) killGroup(child.pid, 'SIGKILL');
	for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			/* already gone */
		}
	}
}

async function waitForReady(baseUrl: string, child: ChildProcess, timeoutMs: number, logTail: () => string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${logTail()}`);
		}
		try {
			const response = await fetch(`${baseUrl}/healthz/readiness`);
			if (response.ok) return;
		} catch {
			/* not listening yet */
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`n8n was not ready after ${timeoutMs} ms:\n${logTail()}`);
}

/**
 * Starts n8n; when a port picked by freePort() was taken by another process before n8n bound it (a race with
 * other servers starting on this machine), starts again on fresh ports.
 */
export async function startN8n(options: StartN8nOptions = {}): Promise<N8nInstance> {
	for (let attempt = 1; ; attempt++) {
		try {
			const template = options.freshDatabase ? undefined : await migratedTemplate(serverUrlOf(options), options.startTimeoutMs);
			const database = `n8n_${randomBytes(5).toString('hex')}`;
			return await startN8nOnce(options, { name: database, fromTemplate: template, keep: false, apiKey: true });
		} catch (error) {
			const portTaken = error instanceof Error && /already in use|EADDRINUSE/.test(error.message);
			if (!portTaken || attempt >= 3 || options.port !== undefined) throw error;
		}
	}
}

function serverUrlOf(options: StartN8nOptions): string {
	const serverUrl = options.postgresUrl ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
	if (!serverUrl) throw new Error('startN8n needs a Postgres server: pass postgresUrl or run under the e2e jest project (globalSetup)');
	return serverUrl;
}

async function startN8nOnce(options: StartN8nOptions, plan: DatabasePlan): Promise<N8nInstance> {
	const runtime = await ensureN8nInstalled();
	const serverUrl = serverUrlOf(options);

	const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-e2e-'));
	if (!options.keepFolder) folders.add(userFolder);
	const database = plan.name;
	const logFile = options.logFile ?? path.join(userFolder, 'n8n.log');
	const email = options.email ?? 'owner@example.com';
	const password = options.password ?? `E2e-${randomBytes(6).toString('hex')}1`;
	let child: ChildProcess | undefined;
	let databaseCreated = false;

	const logTail = (lines = 60) => {
		try {
			return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
		} catch {
			return '(no n8n log)';
		}
	};
	const stop = async () => {
		if (child && child.exitCode === null && child.signalCode === null && child.pid) {
			const exited = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
			killGroup(child.pid, 'SIGTERM');
			// n8n's database is dropped right after, so a short grace period is enough.
			const timer = setTimeout(() => killGroup(child!.pid!, 'SIGKILL'), 3_000);
			await exited;
			clearTimeout(timer);
		}
		if (child) running.delete(child);
		if (databaseCreated) await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
		if (!options.keepFolder) rmSync(userFolder, { recursive: true, force: true });
		folders.delete(userFolder);
	};

	try {
		if (!plan.keep) {
			await createDatabaseFrom(serverUrl, database, plan.fromTemplate);
			databaseCreated = true;
		}
		for (const pkg of options.packages ?? []) installIntoUserFolder(userFolder, pkg);

		const port = options.port ?? (await freePort());
		const db = databaseUrl(serverUrl, database);
		const baseUrl = `http://127.0.0.1:${port}`;
		const env: Record<string, string> = {
			PATH: process.env.PATH ?? '/usr/bin:/bin',
			HOME: userFolder,
			N8N_USER_FOLDER: userFolder,
			// V8 code cache for n8n's ~3 GB of modules, kept with the runtime: later starts parse less.
			NODE_COMPILE_CACHE: path.join(runtime.dir, '.node-compile-cache'),
			...quietN8nEnv(),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(port),
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `${baseUrl}/`,
			N8N_EDITOR_BASE_URL: `${baseUrl}/`,
			N8N_RUNNERS_BROKER_PORT: String(await freePort([port])),
			// The template's deployment keys are encrypted with its key, so its clones share that (test-only) key.
			N8N_ENCRYPTION_KEY: plan.fromTemplate || plan.keep ? TEMPLATE_ENCRYPTION_KEY : randomBytes(24).toString('hex'),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: db.hostname,
			DB_POSTGRESDB_PORT: db.port || '5432',
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: decodeURIComponent(db.username),
			DB_POSTGRESDB_PASSWORD: decodeURIComponent(db.password),
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: email,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: hashSync(password, 10),
			N8N_INSTANCE_OWNER_FIRST_NAME: options.ownerName?.[0] ?? 'E2E',
			N8N_INSTANCE_OWNER_LAST_NAME: options.ownerName?.[1] ?? 'Owner',
			...(options.env ?? {}),
		};

		const started = Date.now();
		const log = createWriteStream(logFile, { flags: 'a' });
		child = spawn(runtime.nodeBinary, [runtime.n8nBin, 'start'], { cwd: userFolder, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		running.add(child);
		child.stdout?.pipe(log, { end: false });
		child.stderr?.pipe(log, { end: false });
		child.once('exit', () => setTimeout(() => log.end(), 100));
		await waitForReady(baseUrl, child, options.startTimeoutMs ?? 180_000, logTail);
		const startMs = Date.now() - started;

		const keyStarted = Date.now();
		const apiKey = plan.apiKey ? await createApiKey(baseUrl, await login(baseUrl, email, password)) : '';
		const apiKeyMs = Date.now() - keyStarted;

		return {
			baseUrl,
			port,
			userFolder,
			logFile,
			email,
			password,
			apiKey,
			api: new N8nApi(baseUrl, apiKey),
			runtime,
			timings: { startMs, apiKeyMs },
			logTail,
			env,
			stop,
		};
	} catch (error) {
		const tail = logTail(80);
		await stop();
		if (error instanceof Error && !error.message.includes('n8n exited') && !error.message.includes('not ready')) {
			error.message += `\n--- n8n log ---\n${tail}`;
		}
		throw error;
	}
}
