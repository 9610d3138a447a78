// `npm start`: the demo. An embedded Postgres, the Airbyte emulator (test/airbyte-emulator, a spec-validated test
// double, never shipped) with a demo faker source and a Postgres destination, and a local n8n 2.41.1 (Node 24, from
// the same cache as the e2e tests) with this package built, packed and installed like a user install and the
// shipped templates (from the packed package's dist/workflows) imported with credentials and activated. Prints the
// editor URL and login, and the one curl that onboards a demo tenant and where its dashboard will be. Runs until
// Ctrl-C (SIGINT/SIGTERM), then stops everything and removes its folders.
//   npm start -- [--port 5678] [--no-build] [--no-emulator] [--package-root <built copy of the repo>]
// E2E_PACKAGE_ROOT works like --package-root (a built copy: nothing is built).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import type { EmulatorHandle } from '../test/airbyte-emulator';
import type { N8nWorkflowJson } from '../test/support/n8n-api';
import { freePort, startN8n, type N8nInstance } from '../test/support/n8n-instance';
import { packPackage, REPO_ROOT, type PackedPackage } from '../test/support/n8n-package';
import { createAirbyteCredential } from '../test/support/n8n-test-credentials';

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
const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 200);

type Credentials = Record<string, { id: string; name: string }>;
type Cleanup = () => Promise<void> | void;

const DEMO_TENANT = 'demo';
const ONBOARDING_TEMPLATE = 'airbyte-ai-onboarding.json';
const AFTER_SYNC_TEMPLATE = 'after-each-sync.json';

async function portOrFree(wanted: number): Promise<number> {
	const net = await import('node:net');
	const free = await new Promise<boolean>((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(wanted, '127.0.0.1', () => server.close(() => resolve(true)));
	});
	return free ? wanted : await freePort();
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The emulator with one demo faker source; registers an `airbyteApi` credential pointing at it. */
async function startAirbyteEmulator(n8n: N8nInstance, postgresUrl: string, cleanups: Cleanup[]): Promise<{ credentials: Credentials; emulator?: EmulatorHandle }> {
	const entry = path.join(REPO_ROOT, 'test', 'airbyte-emulator', 'index.ts');
	if (!existsSync(entry)) {
		say('Airbyte emulator:  not available (test/airbyte-emulator missing), skipped');
		return { credentials: {} };
	}
	const { startEmulator } = (await import(entry)) as typeof import('../test/airbyte-emulator');
	const emulator = await startEmulator({ databaseUrl: postgresUrl, seed: { faker: { count: 1000, seed: 42 }, datasets: false } });
	cleanups.push(() => emulator.stop());
	const credential = await createAirbyteCredential(n8n.api, 'Airbyte (local emulator)', emulator);
	say(`Airbyte emulator:  ${emulator.publicApiBaseUrl} (workspace ${emulator.workspaceId})`);
	say(`  faker source:    ${emulator.sources.faker}`);
	say(`  postgres dest.:  ${emulator.destinations.postgres}`);
	return { credentials: { airbyteApi: credential }, emulator };
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
			maxConnections: 10,
			sshTunnel: false,
		});
		return { postgres: credential };
	} catch (error) {
		say(`Postgres credential: not created (${firstLine(error)})`);
		return {};
	}
}

async function createN8nApiCredential(n8n: N8nInstance): Promise<Credentials> {
	try {
		return { n8nApi: await n8n.api.createCredential('This n8n (API)', 'n8nApi', { apiKey: n8n.apiKey, baseUrl: `${n8n.baseUrl}/api/v1` }) };
	} catch (error) {
		say(`n8n API credential: not created (${firstLine(error)})`);
		return {};
	}
}

/** Prints the After each sync template's alerts (its alert webhook URL points here in the demo). */
async function startAlertPrinter(cleanups: Cleanup[]): Promise<string> {
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			let text = body;
			try {
				text = String((JSON.parse(body) as { text?: unknown }).text ?? body);
			} catch {
				/* plain text */
			}
			say(`Alert:             ${text.slice(0, 500)}`);
			res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
}

/** The demo's settings for After each sync: watch the emulator's workspace, print alerts, report successes too. */
function configureAfterSync(workflow: N8nWorkflowJson, emulator: EmulatorHandle | undefined, alertUrl: string): void {
	for (const node of workflow.nodes) {
		if (node.type === 'n8n-nodes-airbyte-onboarding.airbyteTrigger' && emulator) {
			node.parameters.watch = 'workspace';
			node.parameters.workspaceId = { __rl: true, mode: 'id', value: emulator.workspaceId };
		}
		if (node.name === 'Alert Settings') {
			const assignments = (node.parameters.assignments as { assignments?: Array<{ name: string; value: unknown }> } | undefined)?.assignments ?? [];
			for (const a of assignments) {
				if (a.name === 'alertWebhookUrl') a.value = alertUrl;
				if (a.name === 'alertOnSuccess') a.value = true;
			}
		}
	}
}

async function importTemplates(n8n: N8nInstance, pkg: PackedPackage, credentials: Credentials, emulator: EmulatorHandle | undefined, alertUrl: string): Promise<Set<string>> {
	const active = new Set<string>();
	// What users get: the templates inside the packed package (dist/workflows), else the repo's workflows/.
	const dir = [path.join(pkg.dir, 'dist', 'workflows'), path.join(REPO_ROOT, 'workflows')].find((d) => existsSync(d))!;
	const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
	for (const file of files) {
		const workflow = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as N8nWorkflowJson;
		if (file === AFTER_SYNC_TEMPLATE) configureAfterSync(workflow, emulator, alertUrl);
		const created = await n8n.api.createWorkflow(workflow, credentials);
		let state = 'imported';
		try {
			await n8n.api.activateWorkflow(created.id);
			state = 'imported, active';
			active.add(file);
		} catch (error) {
			state = `imported, inactive (${firstLine(error).slice(0, 160)})`;
		}
		say(`Template:          ${created.name} -> ${n8n.baseUrl}/workflow/${created.id} [${state}]`);
		for (const node of created.nodes.filter((n) => n.type === 'n8n-nodes-base.webhook')) {
			const parameters = node.parameters as { path?: string; httpMethod?: string };
			if (parameters.path) say(`  webhook:         ${parameters.httpMethod ?? 'GET'} ${n8n.baseUrl}/webhook/${parameters.path}`);
		}
	}
	return active;
}

function printOnboardingCommand(n8n: N8nInstance, emulator: EmulatorHandle): void {
	const body = JSON.stringify({
		tenantId: DEMO_TENANT,
		sourceId: emulator.sources.faker,
		sampleDestinationId: emulator.destinations.postgres,
		productionDestinationId: emulator.destinations.postgres,
		pollSeconds: 1,
		syncPollSeconds: 2,
	});
	const curl = `curl -sS -X POST ${n8n.baseUrl}/webhook/airbyte-onboarding -H 'content-type: application/json' -d ${shellQuote(body)}`;
	say('');
	say('Onboard a demo tenant (about a minute; answers a JSON summary: tables, relationships, KPIs, workflows, dashboardUrl):');
	say('');
	say(`  ${curl}`);
	say('');
	say(`Its dashboard:     ${n8n.baseUrl}/webhook/airbyte-onboarding/dashboard?tenantId=${DEMO_TENANT}`);
}

async function main(): Promise<void> {
	const cleanups: Cleanup[] = [];
	let stopping = false;
	const stopAll = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping...');
		for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch((e: unknown) => say(`cleanup failed: ${firstLine(e)}`));
		say('Stopped; folders removed.');
		process.exit(code);
	};
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));

	try {
		const packageRoot = option('--package-root') ?? process.env.E2E_PACKAGE_ROOT;
		if (!packageRoot && !flag('--no-build')) {
			say('Building the package (npm run build)...');
			execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
		}
		const pkg = packPackage(packageRoot ?? REPO_ROOT);
		cleanups.push(() => pkg.cleanup());
		const postgres = await startPostgres();
		cleanups.push(() => postgres.stop());
		const port = await portOrFree(Number(option('--port') ?? 5678));
		say(`Starting n8n 2.41.1 on port ${port} (the first run installs it into the cache, ~6-9 minutes)...`);
		// A fresh server each run: n8n migrates its own database once (a migrated template to clone would cost a second start).
		const n8n = await startN8n({ postgresUrl: postgres.url, packages: [pkg], port, email: 'owner@example.com', password: 'Onboarding-2026', ownerName: ['Local', 'Owner'], startTimeoutMs: 15 * 60_000, freshDatabase: true });
		cleanups.push(() => n8n.stop());

		let emulator: EmulatorHandle | undefined;
		let airbyteCredentials: Credentials = {};
		if (!flag('--no-emulator')) {
			try {
				({ credentials: airbyteCredentials, emulator } = await startAirbyteEmulator(n8n, postgres.url, cleanups));
			} catch (error) {
				say(`Airbyte emulator:  failed to start (${firstLine(error)}), continuing without it`);
			}
		}
		const credentials: Credentials = { ...(await createPostgresCredential(n8n, postgres.url)), ...(await createN8nApiCredential(n8n)), ...airbyteCredentials };
		const alertUrl = await startAlertPrinter(cleanups);
		const active = await importTemplates(n8n, pkg, credentials, emulator, alertUrl);

		say('');
		say(`n8n editor:        ${n8n.baseUrl}`);
		say(`login:             ${n8n.email} / ${n8n.password}`);
		say(`API key:           ${n8n.apiKey}`);
		say(`Postgres:          ${postgres.url}`);
		say(`n8n log:           ${n8n.logFile}`);
		if (emulator && active.has(ONBOARDING_TEMPLATE)) printOnboardingCommand(n8n, emulator);
		else say('The onboarding template is not active (see above), so there is no demo tenant command.');
		say('');
		say('Press Ctrl-C to stop (n8n, Postgres and the emulator are stopped and their folders removed).');
	} catch (error) {
		say(`npm start failed: ${(error as Error).stack ?? String(error)}`);
		await stopAll(1);
	}
}

void main();
