// `npm start`: a local n8n 2.41.1 (Node 24, from the same cache as the e2e tests) on an embedded Postgres,
// with this package built, packed and installed like a user install, the shipped templates from workflows/
// imported, and, when available, the Airbyte emulator with credentials pointing at it. Prints the editor URL
// and login, runs until Ctrl-C, then stops everything and removes its folders.
//   npm start -- [--port 5678] [--no-build] [--no-emulator]
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import type { N8nWorkflowJson } from '../test/support/n8n-api';
import { freePort, startN8n, type N8nInstance } from '../test/support/n8n-instance';
import { packPackage, REPO_ROOT } from '../test/support/n8n-package';

const { startPostgres } = require('../test/support/postgres-process') as {
	startPostgres(): Promise<{ url: string; stop(): Promise<void> }>;
};

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : undefined;
};
const say = (line: string) => process.stdout.write(`${line}\n`);

type Credentials = Record<string, { id: string; name: string }>;
type Cleanup = () => Promise<void> | void;

async function portOrFree(wanted: number): Promise<number> {
	const net = await import('node:net');
	const free = await new Promise<boolean>((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(wanted, '127.0.0.1', () => server.close(() => resolve(true)));
	});
	return free ? wanted : await freePort();
}

/**
 * Hook for the Airbyte emulator (test/airbyte-emulator, a test double, never shipped): starts it with a demo
 * faker source when the module is present and registers an `airbyteApi` credential pointing at it.
 */
async function startAirbyteEmulator(n8n: N8nInstance, postgresUrl: string, cleanups: Cleanup[]): Promise<Credentials> {
	const entry = path.join(REPO_ROOT, 'test', 'airbyte-emulator', 'index.ts');
	if (!existsSync(entry)) {
		say('Airbyte emulator: not available (test/airbyte-emulator missing), skipped');
		return {};
	}
	const { startEmulator } = (await import(entry)) as typeof import('../test/airbyte-emulator');
	const emulator = await startEmulator({ databaseUrl: postgresUrl, seed: { faker: { count: 1000, seed: 42 } } });
	cleanups.push(() => emulator.stop());
	const credential = await n8n.api.createCredential('Airbyte (local emulator)', 'airbyteApi', {
		environment: 'selfHosted',
		baseUrl: emulator.publicApiBaseUrl,
		authentication: 'clientCredentials',
		clientId: emulator.clientId,
		clientSecret: emulator.clientSecret,
	});
	say(`Airbyte emulator:  ${emulator.publicApiBaseUrl} (workspace ${emulator.workspaceId}, faker source ${emulator.sources.faker})`);
	return { airbyteApi: credential };
}

async function createPostgresCredential(n8n: N8nInstance, postgresUrl: string): Promise<Credentials> {
	const url = new URL(postgresUrl);
	try {
		const credential = await n8n.api.createCredential('Postgres (local embedded)', 'postgres', {
			host: url.hostname,
			port: Number(url.port || 5432),
			database: url.pathname.slice(1) || 'postgres',
			user: decodeURIComponent(url.username),
			password: decodeURIComponent(url.password),
			ssl: 'disable',
			allowUnauthorizedCerts: false,
			sshTunnel: false,
		});
		return { postgres: credential };
	} catch (error) {
		say(`Postgres credential: not created (${(error as Error).message.split('\n')[0]})`);
		return {};
	}
}

async function importTemplates(n8n: N8nInstance, credentials: Credentials): Promise<void> {
	const dir = path.join(REPO_ROOT, 'workflows');
	const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
	if (files.length === 0) {
		say('Templates:         none shipped yet (workflows/*.json)');
		return;
	}
	for (const file of files) {
		const workflow = await n8n.api.importWorkflowFile(path.join(dir, file), credentials);
		let state = 'imported';
		try {
			await n8n.api.activateWorkflow(workflow.id);
			state = 'imported, active';
		} catch (error) {
			state = `imported, inactive (${(error as N8nWorkflowJson & Error).message.split('\n')[0].slice(0, 160)})`;
		}
		say(`Template:          ${workflow.name} -> ${n8n.baseUrl}/workflow/${workflow.id} [${state}]`);
		for (const node of workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.webhook')) {
			const parameters = node.parameters as { path?: string; httpMethod?: string };
			if (parameters.path) say(`  webhook:         ${parameters.httpMethod ?? 'GET'} ${n8n.baseUrl}/webhook/${parameters.path}`);
		}
	}
}

async function main(): Promise<void> {
	const cleanups: Cleanup[] = [];
	let stopping = false;
	const stopAll = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping...');
		for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch((e: unknown) => say(`cleanup failed: ${String(e)}`));
		process.exit(code);
	};
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));

	try {
		if (!flag('--no-build')) {
			say('Building the package (npm run build)...');
			execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
		}
		const pkg = packPackage();
		cleanups.push(() => pkg.cleanup());
		const postgres = await startPostgres();
		cleanups.push(() => postgres.stop());
		const port = await portOrFree(Number(option('--port') ?? 5678));
		say(`Starting n8n 2.41.1 on port ${port} (the first run installs it into the cache, ~6-9 minutes)...`);
		const n8n = await startN8n({ postgresUrl: postgres.url, packages: [pkg], port, email: 'owner@example.com', password: 'Onboarding-2026', ownerName: ['Local', 'Owner'] });
		cleanups.push(() => n8n.stop());

		const credentials: Credentials = {
			...(await createPostgresCredential(n8n, postgres.url)),
			...(flag('--no-emulator') ? {} : await startAirbyteEmulator(n8n, postgres.url, cleanups).catch((error: unknown) => {
				say(`Airbyte emulator: failed to start (${String(error).split('\n')[0]}), continuing without it`);
				return {};
			})),
		};
		await importTemplates(n8n, credentials);

		say('');
		say(`n8n editor:        ${n8n.baseUrl}`);
		say(`login:             ${n8n.email} / ${n8n.password}`);
		say(`API key:           ${n8n.apiKey}`);
		say(`Postgres:          ${postgres.url}`);
		say(`n8n log:           ${n8n.logFile}`);
		say('Press Ctrl-C to stop (n8n, Postgres and the emulator are stopped and their folders removed).');
	} catch (error) {
		say(`npm start failed: ${(error as Error).stack ?? String(error)}`);
		await stopAll(1);
	}
}

void main();
