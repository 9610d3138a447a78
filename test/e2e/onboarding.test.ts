// The shipped template workflows/airbyte-ai-onboarding.json in real n8n 2.41.1 with our packed package, against
// the spec-validated Airbyte emulator writing into the embedded Postgres: credentials created through n8n's API,
// the template imported as a user would (credentials picked by type), activated, onboarding webhook called.
// One n8n instance serves every test of this file (it takes minutes to start on a loaded machine).
import { join } from 'path';
import { Client } from 'pg';

import { startEmulator, type EmulatorHandle } from '../airbyte-emulator';
import { inspect, launch } from '../integration/dashboard/browser';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startN8n, type N8nInstance } from '../support/n8n-instance';
import { packPackage, REPO_ROOT, type PackedPackage } from '../support/n8n-package';

const TEMPLATE = join(REPO_ROOT, 'workflows/airbyte-ai-onboarding.json');

let pkg: PackedPackage | undefined;
let n8n: N8nInstance | undefined;
let db: TestDatabase | undefined;
let emu: EmulatorHandle | undefined;
let workflowId: string;

interface Summary {
	ok: boolean;
	tenantId: string;
	tenantSchema: string;
	rawSchema: string;
	tables: Array<{ name: string; stream: string; kind: string; primaryKey: string[]; columns: number }>;
	relationships: Array<{ from: string; columns: string[]; to: string; refColumns: string[] }>;
	kpis: Array<{ id: string; name: string }>;
	samples: Array<{ stream: string; status: string; records: number }>;
	productionConnection: { connectionId: string; namespace: string; firstSyncJobId: number; firstSyncStatus: string };
	workflows: Array<{ id: string; name: string; active: boolean }>;
	workflowErrors: string[];
	dashboardUrl: string;
	warnings: string[];
}

async function query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
	const client = new Client({ connectionString: db!.url });
	await client.connect();
	try {
		return (await client.query(sql, params)).rows as T[];
	} finally {
		await client.end();
	}
}

async function airbyte<T>(route: string): Promise<T> {
	const res = await fetch(`${emu!.publicApiBaseUrl}${route}`, { headers: { authorization: `Bearer ${emu!.issueToken()}` } });
	return (await res.json()) as T;
}

async function leftovers(): Promise<{ sampleConnections: string[]; sampleSchemas: string[] }> {
	const { data } = await airbyte<{ data: Array<{ name: string; status: string }> }>(`/connections?workspaceIds=${emu!.workspaceId}&limit=100`);
	const schemas = await query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'n8n\\_sample\\_%'`);
	return { sampleConnections: data.filter((c) => c.name.startsWith('n8n-sample-')).map((c) => c.name), sampleSchemas: schemas.map((s) => s.nspname) };
}

function onboard(tenantId: string, sourceId: string, extra: Record<string, unknown> = {}) {
	return n8n!.api.callWebhook('airbyte-onboarding', {
		tenantId,
		sourceId,
		sampleDestinationId: emu!.destinations.postgres,
		productionDestinationId: emu!.destinations.postgres,
		sampleSize: 1000,
		pollSeconds: 0.5,
		syncPollSeconds: 1,
		...extra,
	});
}

beforeAll(async () => {
	// E2E_PACKAGE_ROOT: a built copy of the repo, for running this file without rebuilding the shared dist/.
	pkg = packPackage(process.env.E2E_PACKAGE_ROOT ?? REPO_ROOT);
	db = await createTestDatabase('e2e_onboarding');
	emu = await startEmulator({ databaseUrl: db.url, seed: { faker: { count: 300, seed: 7 }, datasets: { chinook: '/work/shared/datasets/chinook' } } });
	n8n = await startN8n({ packages: [pkg] });
	const airbyteCred = await n8n.api.createCredential('Airbyte (emulator)', 'airbyteApi', {
		environment: 'selfHosted',
		baseUrl: emu.publicApiBaseUrl,
		authentication: 'clientCredentials',
		clientId: emu.clientId,
		clientSecret: emu.clientSecret,
	});
	const url = new URL(db.url);
	const postgresCred = await n8n.api.createCredential('Tenant database', 'postgres', {
		host: url.hostname,
		port: Number(url.port),
		database: url.pathname.slice(1),
		user: decodeURIComponent(url.username),
		password: decodeURIComponent(url.password),
		ssl: 'disable',
		allowUnauthorizedCerts: false,
		maxConnections: 10,
		sshTunnel: false,
	});
	const n8nCred = await n8n.api.createCredential('This n8n', 'n8nApi', { apiKey: n8n.apiKey, baseUrl: `${n8n.baseUrl}/api/v1` });
	const created = await n8n.api.importWorkflowFile(TEMPLATE, { airbyteApi: airbyteCred, postgres: postgresCred, n8nApi: n8nCred });
	workflowId = created.id;
	await n8n.api.activateWorkflow(workflowId);
}, 25 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await emu?.stop();
	await db?.drop();
	pkg?.cleanup();
}, 120_000);

describe('Airbyte AI Onboarding template in real n8n', () => {
	let summary: Summary;

	test('onboards the chinook file source: sample, schema, production connection, transforms, workflows, dashboard', async () => {
		const started = Date.now();
		const answer = await onboard('chinook_e2e', emu!.sources.chinook);
		const seconds = (Date.now() - started) / 1000;
		console.log(`onboarding wall time (chinook, real n8n, no model): ${seconds.toFixed(1)} s`);
		expect({ status: answer.status, text: answer.status === 200 ? '' : answer.text }).toEqual({ status: 200, text: '' });
		summary = answer.json as Summary;
		expect(summary).toMatchObject({ ok: true, tenantId: 'chinook_e2e' });
		expect(summary.tenantSchema).toMatch(/chinook_e2e/);
		const streams = summary.tables.filter((t) => t.kind === 'stream').map((t) => t.stream);
		expect(streams).toEqual(expect.arrayContaining(['artist', 'album', 'track', 'invoice', 'invoice_line', 'customer']));
		// Relationships the analyzer verified on the sample (a random sample of each table, so not every FK of the source).
		expect(summary.relationships).toEqual(expect.arrayContaining([expect.objectContaining({ from: 'invoice', to: 'customer' }), expect.objectContaining({ from: 'track', to: 'genre' })]));
		expect(summary.kpis.length).toBeGreaterThan(0);
		expect(summary.samples.every((s) => s.status === 'complete' || s.status === 'partial')).toBe(true);
		expect(summary.productionConnection.firstSyncStatus).toBe('succeeded');
		expect(summary.workflowErrors).toEqual([]);
		expect(summary.workflows.length).toBeGreaterThan(0);
		expect(summary.dashboardUrl).toContain('/webhook/airbyte-onboarding/dashboard?tenantId=chinook_e2e');
		expect(JSON.stringify(summary)).not.toContain(emu!.clientSecret);
		expect(JSON.stringify(summary)).not.toContain(decodeURIComponent(new URL(db!.url).password) || '\u0000');

		const execution = await n8n!.api.waitForExecution(workflowId, { timeoutMs: 120_000 });
		expect(execution.status).toBe('success');
	}, 600_000);

	test('the tenant schema holds the planned tables, primary keys and enforced foreign keys, filled by the transforms', async () => {
		expect(summary).toBeDefined();
		const tables = await query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`, [summary.tenantSchema]);
		expect(tables.map((t) => t.table_name).sort()).toEqual(expect.arrayContaining(summary.tables.map((t) => t.name).sort()));
		const constraints = await query<{ table: string; type: string; n: number }>(
			`SELECT conrelid::regclass::text AS table, contype AS type, count(*)::int AS n FROM pg_constraint WHERE connamespace = $1::regnamespace AND contype IN ('p','f') GROUP BY 1, 2`,
			[summary.tenantSchema],
		);
		const planned = new Set(summary.tables.map((t) => `${summary.tenantSchema}.${t.name}`));
		const pks = constraints.filter((c) => c.type === 'p' && planned.has(c.table.replace(/"/g, ''))).length;
		const fks = constraints.filter((c) => c.type === 'f' && planned.has(c.table.replace(/"/g, ''))).reduce((n, c) => n + c.n, 0);
		expect(pks).toBe(summary.tables.length);
		expect(fks).toBe(summary.relationships.length);
		expect(fks).toBeGreaterThanOrEqual(5);
		for (const t of summary.tables.filter((x) => x.kind === 'stream')) {
			const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM "${summary.tenantSchema}"."${t.name}"`);
			const [{ raw }] = await query<{ raw: number }>(`SELECT count(*)::int AS raw FROM "${summary.rawSchema}"."${t.stream}"`);
			expect({ table: t.name, rows: n }).toEqual({ table: t.name, rows: raw });
			expect(raw).toBeGreaterThan(0);
		}
	}, 120_000);

	test('the production connection exists in Airbyte with the tenant raw schema as namespace and its first sync succeeded', async () => {
		const connection = await airbyte<{ name: string; namespaceDefinition: string; namespaceFormat: string; status: string }>(`/connections/${summary.productionConnection.connectionId}`);
		expect(connection).toMatchObject({ namespaceDefinition: 'custom_format', namespaceFormat: summary.rawSchema, status: 'active' });
		const job = await airbyte<{ status: string; jobType: string }>(`/jobs/${summary.productionConnection.firstSyncJobId}`);
		expect(job).toMatchObject({ status: 'succeeded', jobType: 'sync' });
	});

	test('the suggested workflows exist in n8n, inactive', async () => {
		for (const w of summary.workflows) {
			const stored = await n8n!.api.getWorkflow(w.id);
			expect({ id: w.id, active: stored.active, nodes: stored.nodes.length > 1 }).toEqual({ id: w.id, active: false, nodes: true });
		}
	});

	test('the dashboard URL serves the tenant dashboard; an unknown tenant gets 404', async () => {
		const page = await fetch(summary.dashboardUrl.replace(/^https?:\/\/[^/]+/, n8n!.baseUrl));
		const html = await page.text();
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toMatch(/text\/html/);
		expect(html).toMatch(/<html/i);
		expect(html).toContain('<svg');
		const browser = await launch();
		try {
			const report = await inspect(browser, html, join(REPO_ROOT, 'artifacts/onboarding-dashboard-chinook.png'), { width: 1280, height: 900 });
			expect({ consoleErrors: report.consoleErrors, pageErrors: report.pageErrors, requests: report.requests }).toEqual({ consoleErrors: [], pageErrors: [], requests: [] });
			expect(report.textLength).toBeGreaterThan(200);
		} finally {
			await browser.close();
		}
		const missing = await n8n!.api.callWebhook('airbyte-onboarding/dashboard?tenantId=nobody', undefined, 'GET');
		expect(missing.status).toBe(404);
	}, 120_000);

	test('no temporary sample connection or sample schema remains, and every Airbyte request matched the spec', async () => {
		expect(await leftovers()).toEqual({ sampleConnections: [], sampleSchemas: [] });
		expect(emu!.violations()).toEqual([]);
	});
});

describe('more tenants, concurrently, and faults', () => {
	async function expectTenantLoaded(summary: Summary): Promise<void> {
		expect(summary.productionConnection.firstSyncStatus).toBe('succeeded');
		for (const t of summary.tables.filter((x) => x.kind === 'stream')) {
			const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM "${summary.tenantSchema}"."${t.name}"`);
			const [{ raw }] = await query<{ raw: number }>(`SELECT count(*)::int AS raw FROM "${summary.rawSchema}"."${t.stream}"`);
			expect({ tenant: summary.tenantId, table: t.name, rows: n }).toEqual({ tenant: summary.tenantId, table: t.name, rows: raw });
		}
	}

	test('three tenants onboarded at once (faker and chinook sources): all succeed, each into its own schemas', async () => {
		const started = Date.now();
		const tenants = [
			['faker_a', emu!.sources.faker],
			['faker_b', emu!.sources.faker],
			['chinook_c', emu!.sources.chinook],
		] as const;
		const answers = await Promise.all(tenants.map(([tenant, source]) => onboard(tenant, source)));
		console.log(`3 concurrent onboardings: ${((Date.now() - started) / 1000).toFixed(1)} s`);
		for (const [i, answer] of answers.entries()) expect({ tenant: tenants[i][0], status: answer.status, text: answer.status === 200 ? '' : answer.text }).toEqual({ tenant: tenants[i][0], status: 200, text: '' });
		const summaries = answers.map((a) => a.json as Summary);
		expect(summaries.map((s) => s.tenantId)).toEqual(tenants.map(([t]) => t));
		expect(new Set(summaries.map((s) => s.tenantSchema)).size).toBe(3);
		expect(new Set(summaries.map((s) => s.productionConnection.connectionId)).size).toBe(3);
		const faker = summaries[0];
		expect(faker.tables.filter((t) => t.kind === 'stream').map((t) => t.stream).sort()).toEqual(expect.arrayContaining(['products', 'purchases', 'users']));
		for (const s of summaries) await expectTenantLoaded(s);
		expect(await leftovers()).toEqual({ sampleConnections: [], sampleSchemas: [] });
	}, 600_000);

	test('the sample job fails in Airbyte: the webhook answers with a clear error and nothing is left behind', async () => {
		emu!.setFaults({ jobs: [{ afterRecords: 3, message: 'Source crashed while reading (injected)' }] });
		try {
			const answer = await onboard('broken_tenant', emu!.sources.chinook, { orphanMinutes: 0 });
			if ((answer.json as { ok?: boolean } | undefined)?.ok !== false) {
				const [latest] = await n8n!.api.listExecutions(workflowId);
				const run = (await n8n!.api.getExecution(latest.id, true)) as unknown as { data?: { resultData?: { error?: unknown; lastNodeExecuted?: string } } };
				console.log(`execution ${latest.id}: ${JSON.stringify({ last: run.data?.resultData?.lastNodeExecuted, error: run.data?.resultData?.error }).slice(0, 3000)}`);
			}
			expect(answer.status).toBe(500);
			const body = answer.json as { ok: boolean; tenantId: string; error: string; failedNode: string };
			console.log(`failed sample answer: ${JSON.stringify(body)}`);
			expect(body).toMatchObject({ ok: false, tenantId: 'broken_tenant', error: expect.any(String), failedNode: expect.any(String) });
			expect(body).toMatchObject({ failedNode: 'Sample Sync Failed', error: expect.stringMatching(/^The sample sync failed in Airbyte \(job \d+, status failed\)$/) });
		} finally {
			emu!.setFaults({});
		}
		expect(await leftovers()).toEqual({ sampleConnections: [], sampleSchemas: [] });
		const schemas = await query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE '%broken\_tenant%'`);
		expect(schemas).toEqual([]);
		expect(emu!.violations()).toEqual([]);
	}, 300_000);
});
