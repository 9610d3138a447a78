// Starts a real `n8n worker` (queue mode) beside a main started by startN8n() with EXECUTIONS_MODE=queue:
// the same database, encryption key and Redis (the main's environment), our packages in the worker's OWN user
// folder (each n8n instance loads community packages from its own <userFolder>/.n8n/nodes/node_modules), its
// own task-broker and health-check ports. stop() ends the worker and removes its folder (also on exit).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort, type N8nInstance } from './n8n-instance';
import { installIntoUserFolder, type PackedPackage } from './n8n-package';

export interface StartN8nWorkerOptions {
	/** Unpacked packages to install into the worker's .n8n/nodes/node_modules (the main's are not shared). */
	packages?: Array<Pick<PackedPackage, 'name' | 'version' | 'dir'>>;
	/** Extra environment for the worker, over the main's. */
	env?: Record<string, string>;
	/** Jobs the worker runs at once (n8n's --concurrency, default 10). */
	concurrency?: number;
	startTimeoutMs?: number;
}

export interface N8nWorker {
	userFolder: string;
	logFile: string;
	/** The worker's health server (GET /healthz, /healthz/readiness). */
	healthUrl: string;
	/** Wall time from spawn until the worker reported ready. */
	startMs: number;
	logTail(lines?: number): string;
	/** Ids of executions this worker started, from its log ("Worker started execution <id> (job <n>)"). */
	executionsStarted(): string[];
	/** Ids of executions this worker finished, from its log ("Worker finished execution <id> (job <n>)"). */
	executionsFinished(): string[];
	stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
const folders = new Set<string>();
process.once('exit', () => {
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

function executionIds(log: string, verb: 'started' | 'finished'): string[] {
	return [...log.matchAll(new RegExp(`Worker ${verb} execution (\\S+) \\(job`, 'g'))].map((m) => m[1]);
}

/** Starts `n8n worker`; a port taken before the worker bound it gets fresh ports (3 tries). */
export async function startN8nWorker(main: N8nInstance, options: StartN8nWorkerOptions = {}): Promise<N8nWorker> {
	if (main.env.EXECUTIONS_MODE !== 'queue') throw new Error('startN8nWorker needs a main started with env EXECUTIONS_MODE=queue and QUEUE_BULL_REDIS_HOST/PORT');
	if (!main.env.QUEUE_BULL_REDIS_PORT) throw new Error('startN8nWorker: the main has no QUEUE_BULL_REDIS_PORT (start Redis with startRedis() and pass it)');
	for (let attempt = 1; ; attempt++) {
		try {
			return await startWorkerOnce(main, options);
		} catch (error) {
			const portTaken = error instanceof Error && /already in use|EADDRINUSE/.test(error.message);
			if (!portTaken || attempt >= 3) throw error;
		}
	}
}

async function startWorkerOnce(main: N8nInstance, options: StartN8nWorkerOptions): Promise<N8nWorker> {
	const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-worker-e2e-'));
	folders.add(userFolder);
	const logFile = path.join(userFolder, 'n8n-worker.log');
	const logTail = (lines = 60) => {
		try {
			return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
		} catch {
			return '(no worker log)';
		}
	};
	const readLog = () => {
		try {
			return readFileSync(logFile, 'utf8');
		} catch {
			return '';
		}
	};
	let child: ChildProcess | undefined;
	const stop = async () => {
		if (child && child.exitCode === null && child.signalCode === null && child.pid) {
			const exited = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
			killGroup(child.pid, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child!.pid!, 'SIGKILL'), 8_000);
			await exited;
			clearTimeout(timer);
		}
		if (child) running.delete(child);
		rmSync(userFolder, { recursive: true, force: true });
		folders.delete(userFolder);
	};

	try {
		for (const pkg of options.packages ?? []) installIntoUserFolder(userFolder, pkg);
		const taken = [main.port, Number(main.env.N8N_RUNNERS_BROKER_PORT), Number(main.env.QUEUE_BULL_REDIS_PORT)];
		const brokerPort = await freePort(taken);
		const healthPort = await freePort([...taken, brokerPort]);
		const healthUrl = `http://127.0.0.1:${healthPort}/healthz`;
		const env: Record<string, string> = {
			...main.env,
			HOME: userFolder,
			N8N_USER_FOLDER: userFolder,
			EXECUTIONS_MODE: 'queue',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			...(options.env ?? {}),
		};
		const args = [main.runtime.n8nBin, 'worker', ...(options.concurrency ? [`--concurrency=${options.concurrency}`] : [])];

		const started = Date.now();
		const log = createWriteStream(logFile, { flags: 'a' });
		child = spawn(main.runtime.nodeBinary, args, { cwd: userFolder, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		running.add(child);
		child.stdout?.pipe(log, { end: false });
		child.stderr?.pipe(log, { end: false });
		child.once('exit', () => setTimeout(() => log.end(), 100));

		const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
		for (;;) {
			if (child.exitCode !== null || child.signalCode !== null) {
				await new Promise((resolve) => setTimeout(resolve, 200));
				throw new Error(`n8n worker exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${logTail()}`);
			}
			const ready = await fetch(`${healthUrl}/readiness`).then((r) => r.ok).catch(() => false);
			if (ready && readLog().includes('n8n worker is now ready')) break;
			if (Date.now() > deadline) throw new Error(`n8n worker was not ready after ${options.startTimeoutMs ?? 180_000} ms:\n${logTail()}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		const startMs = Date.now() - started;
		return {
			userFolder,
			logFile,
			healthUrl,
			startMs,
			logTail,
			executionsStarted: () => executionIds(readLog(), 'started'),
			executionsFinished: () => executionIds(readLog(), 'finished'),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
