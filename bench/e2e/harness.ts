// Everything one e2e bench run needs, started once: embedded Postgres (n8n's own database, the Airbyte
// emulator's destination and the tenant databases), the Airbyte emulator with a 3-stream faker source behind a
// timing proxy, real n8n 2.41.1 with our package (built privately, so the shared dist/ is never touched),
// the three credentials created through n8n's API, and the shipped template imported and activated.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

import { startEmulator, type EmulatorHandle } from '../../test/airbyte-emulator';
import { runtimeDir } from '../../test/support/n8n-install';
import { startN8n, type N8nInstance } from '../../test/support/n8n-instance';
import type { N8nWorkflowJson } from '../../test/support/n8n-api';
import { packPackage, REPO_ROOT, type PackedPackage } from '../../test/support/n8n-package';
import { startBenchPostgres, type BenchPostgres } from '../lib/postgres';
import { Unavailable } from '../lib/types';
import { expressionDefault } from './template-defaults';
import { startTimingProxy, type TimingProxy } from './timing-proxy';
import { createPostgresCredential } from '../../test/support/n8n-test-credentials';

/** The template as packed with the nodes being measured (the private build copies workflows/). */
const TEMPLATE_FILE = 'workflows/airbyte-ai-onboarding.json';

export interface OnboardingHarness {
	n8n: N8nInstance;
	emu: EmulatorHandle;
	proxy: TimingProxy;
	workflowId: string;
	/** Node name -> node type, from the template. */
	nodeTypes: Map<string, string>;
	/** The poll intervals (seconds) the template uses when the webhook body sets none. */
	templateDefaults: { pollSeconds: number; syncPollSeconds: number };
	dbUrl: string;
	timings: { buildMs: number; n8nStartMs: number; setupMs: number };
	stop(): Promise<void>;
}

/**
 * A private build of the working tree (tools/private-build.sh into /tmp/pkg-bench-e2e-<pid>: a tag of this process
 * alone, so two bench runs never rebuild each other's copy; removed again by stop()), or E2E_PACKAGE_ROOT when given.
 */
function packageRoot(): { root: string; buildMs: number; remove: () => void } {
	if (process.env.E2E_PACKAGE_ROOT) return { root: process.env.E2E_PACKAGE_ROOT, buildMs: 0, remove: () => undefined };
	const t0 = performance.now();
	try {
		const out = execFileSync(join(REPO_ROOT, 'tools/private-build.sh'), [`bench-e2e-${process.pid}`], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
		const root = out.trim().split('\n').pop()!;
		return { root, buildMs: performance.now() - t0, remove: () => rmSync(root, { recursive: true, force: true }) };
	} catch (e) {
		throw new Error(`private build of the package failed (tools/private-build.sh): ${String((e as { stderr?: string }).stderr ?? (e as Error).message).slice(-1500)}`);
	}
}

/** BENCH_E2E_CPU_PROF=<dir>: n8n writes V8 CPU profiles there when it exits (open them in Chrome DevTools). */
function profilingEnv(): Record<string, string> {
	const dir = process.env.BENCH_E2E_CPU_PROF;
	return dir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` } : {};
}

/**
 * n8n writes its CPU profile on exit, which takes longer than the 3 s n8n.stop() grants before SIGKILL: end the
 * n8n listening on `port` (ours) with SIGTERM first and wait up to 30 s for it to exit.
 */
async function exitSlowly(port: number): Promise<void> {
	const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
	const pid = Number(/pid=(\d+)/.exec(out)?.[1]);
	if (!pid) return;
	process.kill(pid, 'SIGTERM');
	for (let i = 0; i < 60; i++) {
		try {
			process.kill(pid, 0);
		} catch {
			return;
		}
		await new Promise((r) => setTimeout(r, 500));
	}
}

async function createDatabase(serverUrl: string, name: string): Promise<string> {
	const admin = new Client({ connectionString: serverUrl });
	await admin.connect();
	try {
		await admin.query(`CREATE DATABASE "${name}"`);
	} finally {
		await admin.end();
	}
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return url.toString();
}

export async function startOnboardingHarness(options: { fakerCount: number }): Promise<OnboardingHarness> {
	if (!existsSync(join(runtimeDir(), '.installed'))) {
		throw new Unavailable(`real n8n 2.41.1 is not installed in ${runtimeDir()} (install it once with: npx tsx tools/install-test-runtimes.ts)`);
	}
	const { root, buildMs, remove } = packageRoot();
	const stops: Array<() => Promise<void>> = [async () => remove()];
	const stop = async () => {
		for (const s of stops.reverse()) await s().catch(() => undefined);
	};
	try {
		const pkg: PackedPackage = packPackage(root);
		const pg: BenchPostgres = await startBenchPostgres();
		stops.push(() => pg.stop());
		const dbUrl = await createDatabase(pg.url, `bench_e2e_${randomBytes(4).toString('hex')}`);
		const emu = await startEmulator({ databaseUrl: dbUrl, seed: { faker: { count: options.fakerCount, seed: 7 }, datasets: false } });
		stops.push(() => emu.stop());
		const proxy = await startTimingProxy(emu.url);
		stops.push(() => proxy.stop());

		const s0 = performance.now();
		let n8n: N8nInstance;
		try {
			n8n = await startN8n({ postgresUrl: pg.url, packages: [pkg], env: profilingEnv() });
		} catch (e) {
			throw new Unavailable(`real n8n did not start: ${(e as Error).message.slice(0, 1500)}`);
		}
		stops.push(() => n8n.stop());
		if (process.env.BENCH_E2E_CPU_PROF) stops.push(() => exitSlowly(n8n.port));
		const n8nStartMs = performance.now() - s0;

		const t0 = performance.now();
		const publicPath = new URL(emu.publicApiBaseUrl).pathname;
		const airbyteCred = await n8n.api.createCredential('Airbyte (emulator, timed)', 'airbyteApi', {
			environment: 'selfHosted',
			baseUrl: `${proxy.url}${publicPath}`,
			authentication: 'clientCredentials',
			clientId: emu.clientId,
			clientSecret: emu.clientSecret,
		});
		const postgresCred = await createPostgresCredential(n8n.api, 'Tenant database', dbUrl);
		const n8nCred = await n8n.api.createCredential('This n8n', 'n8nApi', { apiKey: n8n.apiKey, baseUrl: `${n8n.baseUrl}/api/v1` });
		const templateFile = existsSync(join(root, TEMPLATE_FILE)) ? join(root, TEMPLATE_FILE) : join(REPO_ROOT, TEMPLATE_FILE);
		const created = await n8n.api.importWorkflowFile(templateFile, { airbyteApi: airbyteCred, postgres: postgresCred, n8nApi: n8nCred });
		await n8n.api.activateWorkflow(created.id);
		const template = JSON.parse(readFileSync(templateFile, 'utf8')) as N8nWorkflowJson;
		return {
			n8n,
			emu,
			proxy,
			workflowId: created.id,
			nodeTypes: new Map(template.nodes.map((n) => [n.name, n.type])),
			templateDefaults: {
				pollSeconds: expressionDefault(template, 'Start Sample', 'pollSeconds'),
				syncPollSeconds: expressionDefault(template, 'Wait for First Sync', 'pollIntervalSeconds'),
			},
			dbUrl,
			timings: { buildMs, n8nStartMs, setupMs: performance.now() - t0 },
			stop,
		};
	} catch (e) {
		await stop();
		throw e;
	}
}
