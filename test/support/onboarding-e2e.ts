// The shipped onboarding template against an already-started real n8n (single process or queue-mode main):
// a test database, the spec-validated Airbyte emulator writing into it, the three credentials created through
// n8n's API, the template imported the way a user would (credentials picked by type) and activated; then
// onboard() calls its webhook and expectOnboarded() checks a completed onboarding for real (summary, tenant
// schema in Postgres, production connection in the emulator, suggested workflows in n8n).
//
//   const ctx = await setupOnboarding(n8n, { datasets: { chinook: sharedPath('datasets/chinook') } });
//   const answer = await onboard(ctx, 'acme', ctx.emu.sources.chinook);
//   const summary = await expectOnboarded(ctx, answer, { tenantId: 'acme', streams: ['album', 'track'] });
//   expect(await leftovers(ctx)).toEqual({ sampleConnections: [], sampleSchemas: [] });
//   await teardown(ctx); // emulator and database; n8n is the caller's
import { join } from 'node:path';

import { Client } from 'pg';

import { startEmulator, type EmulatorHandle } from '../airbyte-emulator';
import { inspect, launch } from '../integration/dashboard/browser';
import { createTestDatabase, type TestDatabase } from './database';
import type { WebhookResponse } from './n8n-api';
import type { N8nInstance } from './n8n-instance';
import { REPO_ROOT } from './n8n-package';
import { createPostgresCredential, createAirbyteCredential } from './n8n-test-credentials';

export const ONBOARDING_TEMPLATE = join(REPO_ROOT, 'workflows/airbyte-ai-onboarding.json');

export interface SetupOnboardingOptions {
	/** Prefix of the test database's name (default `e2e_onboarding`). */
	databaseName?: string;
	/** Faker source seed (default 300 records per stream, seed 7); `false` for none. */
	faker?: { count?: number; seed?: number } | false;
	/** `file` sources to seed: name -> dataset folder (use sharedPath('datasets/<name>')). Default none. */
	datasets?: Record<string, string>;
	/** Template file to import (default the shipped workflows/airbyte-ai-onboarding.json). */
	template?: string;
}

export interface OnboardingContext {
	n8n: N8nInstance;
	db: TestDatabase;
	emu: EmulatorHandle;
	/** Id of the imported, active onboarding workflow. */
	workflowId: string;
	credentials: Record<'airbyteApi' | 'postgres' | 'n8nApi', { id: string; name: string }>;
}

export interface OnboardingSummary {
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

/** The webhook's error answer (Respond With Error). */
export interface OnboardingFailure {
	ok: false;
	tenantId: string | null;
	failedNode: string;
	error: string;
	description: string | null;
	orphansCleaned: number;
}

export interface OnboardedExpectations {
	tenantId: string;
	/** Streams that must be modelled as tables (others may be too). */
	streams: string[];
	/** Relationships the analyzer must have found (from -> to stream tables). */
	relationships?: Array<{ from: string; to: string }>;
	/** Enforced foreign keys at least (default 0). */
	minForeignKeys?: number;
}

/** Runs SQL on the test database as its owner. */
export async function query<T = Record<string, unknown>>(ctx: Pick<OnboardingContext, 'db'>, sql: string, params: unknown[] = []): Promise<T[]> {
	const client = new Client({ connectionString: ctx.db.url });
	await client.connect();
	try {
		return (await client.query(sql, params)).rows as T[];
	} finally {
		await client.end();
	}
}

/** GET on the emulator's public API with a fresh token. */
export async function airbyte<T>(ctx: Pick<OnboardingContext, 'emu'>, route: string): Promise<T> {
	const res = await fetch(`${ctx.emu.publicApiBaseUrl}${route}`, { headers: { authorization: `Bearer ${ctx.emu.issueToken()}` } });
	return (await res.json()) as T;
}

export async function setupOnboarding(n8n: N8nInstance, opts: SetupOnboardingOptions = {}): Promise<OnboardingContext> {
	const db = await createTestDatabase(opts.databaseName ?? 'e2e_onboarding');
	let emu: EmulatorHandle | undefined;
	try {
		emu = await startEmulator({
			databaseUrl: db.url,
			seed: { faker: opts.faker === false ? false : { count: 300, seed: 7, ...(opts.faker ?? {}) }, datasets: opts.datasets ?? false },
		});
		const airbyteApi = await createAirbyteCredential(n8n.api, 'Airbyte (emulator)', emu);
		const postgres = await createPostgresCredential(n8n.api, 'Tenant database', db.url);
		const n8nApi = await n8n.api.createCredential('This n8n', 'n8nApi', { apiKey: n8n.apiKey, baseUrl: `${n8n.baseUrl}/api/v1` });
		const credentials = { airbyteApi, postgres, n8nApi };
		const created = await n8n.api.importWorkflowFile(opts.template ?? ONBOARDING_TEMPLATE, credentials);
		await n8n.api.activateWorkflow(created.id);
		return { n8n, db, emu, workflowId: created.id, credentials };
	} catch (error) {
		await emu?.stop();
		await db.drop();
		throw error;
	}
}

/** POSTs the onboarding webhook with fast polling (the emulator has no start-up delay by default). */
export function onboard(ctx: OnboardingContext, tenantId: string, sourceId: string, extra: Record<string, unknown> = {}): Promise<WebhookResponse> {
	return ctx.n8n.api.callWebhook('airbyte-onboarding', {
		tenantId,
		sourceId,
		sampleDestinationId: ctx.emu.destinations.postgres,
		productionDestinationId: ctx.emu.destinations.postgres,
		sampleSize: 1000,
		pollSeconds: 0.5,
		syncPollSeconds: 1,
		...extra,
	});
}

/** Stream tables of the tenant: row count in the modelled table equals the raw table Airbyte loaded. */
export async function expectTenantLoaded(ctx: OnboardingContext, summary: OnboardingSummary): Promise<void> {
	for (const t of summary.tables.filter((x) => x.kind === 'stream')) {
		const [{ n }] = await query<{ n: number }>(ctx, `SELECT count(*)::int AS n FROM "${summary.tenantSchema}"."${t.name}"`);
		const [{ raw }] = await query<{ raw: number }>(ctx, `SELECT count(*)::int AS raw FROM "${summary.rawSchema}"."${t.stream}"`);
		expect({ tenant: summary.tenantId, table: t.name, rows: n }).toEqual({ tenant: summary.tenantId, table: t.name, rows: raw });
		expect({ tenant: summary.tenantId, table: t.name, loaded: raw > 0 }).toEqual({ tenant: summary.tenantId, table: t.name, loaded: true });
	}
}

/**
 * Asserts a completed onboarding: the 200 answer and its summary, the tenant schema with the planned tables,
 * primary keys and enforced foreign keys filled by the transforms, the production connection in Airbyte with
 * its first sync succeeded, the suggested workflows in n8n (inactive), no secret in the answer.
 */
export async function expectOnboarded(ctx: OnboardingContext, answer: WebhookResponse, expectations: OnboardedExpectations): Promise<OnboardingSummary> {
	const { tenantId } = expectations;
	expect({ tenantId, status: answer.status, text: answer.status === 200 ? '' : answer.text }).toEqual({ tenantId, status: 200, text: '' });
	const summary = answer.json as OnboardingSummary;
	expect(summary).toMatchObject({ ok: true, tenantId });
	expect(summary.tenantSchema).toContain(tenantId);
	const streams = summary.tables.filter((t) => t.kind === 'stream').map((t) => t.stream);
	expect(streams).toEqual(expect.arrayContaining(expectations.streams));
	if (expectations.relationships) {
		expect(summary.relationships).toEqual(expect.arrayContaining(expectations.relationships.map((r) => expect.objectContaining(r))));
	}
	expect(summary.kpis.length).toBeGreaterThan(0);
	expect(summary.samples.length).toBeGreaterThan(0);
	expect(summary.samples.filter((s) => s.status !== 'complete' && s.status !== 'partial')).toEqual([]);
	expect(summary.productionConnection.firstSyncStatus).toBe('succeeded');
	expect(summary.workflowErrors).toEqual([]);
	expect(summary.workflows.length).toBeGreaterThan(0);
	expect(summary.dashboardUrl).toContain(`/webhook/airbyte-onboarding/dashboard?tenantId=${encodeURIComponent(tenantId)}`);
	const text = JSON.stringify(summary);
	expect(text).not.toContain(ctx.emu.clientSecret);
	const dbPassword = decodeURIComponent(new URL(ctx.db.url).password);
	if (dbPassword) expect(text).not.toContain(dbPassword);

	// Tenant schema: every planned table, one primary key each, the planned foreign keys enforced.
	const tables = await query<{ table_name: string }>(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`, [
		summary.tenantSchema,
	]);
	expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(summary.tables.map((t) => t.name)));
	const constraints = await query<{ table: string; type: string; n: number }>(
		ctx,
		`SELECT conrelid::regclass::text AS table, contype AS type, count(*)::int AS n FROM pg_constraint WHERE connamespace = $1::regnamespace AND contype IN ('p','f') GROUP BY 1, 2`,
		[summary.tenantSchema],
	);
	const planned = new Set(summary.tables.map((t) => `${summary.tenantSchema}.${t.name}`));
	const pks = constraints.filter((c) => c.type === 'p' && planned.has(c.table.replace(/"/g, ''))).length;
	const fks = constraints.filter((c) => c.type === 'f' && planned.has(c.table.replace(/"/g, ''))).reduce((n, c) => n + c.n, 0);
	expect({ tenantId, primaryKeys: pks, foreignKeys: fks }).toEqual({ tenantId, primaryKeys: summary.tables.length, foreignKeys: summary.relationships.length });
	expect(fks).toBeGreaterThanOrEqual(expectations.minForeignKeys ?? 0);
	await expectTenantLoaded(ctx, summary);

	// Production connection in Airbyte, first sync succeeded.
	const connection = await airbyte<{ namespaceDefinition: string; namespaceFormat: string; status: string }>(ctx, `/connections/${summary.productionConnection.connectionId}`);
	expect(connection).toMatchObject({ namespaceDefinition: 'custom_format', namespaceFormat: summary.rawSchema, status: 'active' });
	const job = await airbyte<{ status: string; jobType: string }>(ctx, `/jobs/${summary.productionConnection.firstSyncJobId}`);
	expect(job).toMatchObject({ status: 'succeeded', jobType: 'sync' });

	// Suggested workflows imported inactive.
	for (const w of summary.workflows) {
		const stored = await ctx.n8n.api.getWorkflow(w.id);
		expect({ id: w.id, active: stored.active, nodes: stored.nodes.length > 1 }).toEqual({ id: w.id, active: false, nodes: true });
	}
	return summary;
}

/**
 * The summary's dashboard URL serves a page that renders in Chromium with no console/page errors and no
 * network requests; a screenshot is kept under artifacts/<screenshot>.
 */
export async function expectDashboard(ctx: OnboardingContext, summary: OnboardingSummary, screenshot: string): Promise<void> {
	const page = await fetch(summary.dashboardUrl.replace(/^https?:\/\/[^/]+/, ctx.n8n.baseUrl));
	const html = await page.text();
	expect(page.status).toBe(200);
	expect(page.headers.get('content-type')).toMatch(/text\/html/);
	expect(html).toMatch(/<html/i);
	expect(html).toContain('<svg');
	const browser = await launch();
	try {
		const report = await inspect(browser, html, join(REPO_ROOT, 'artifacts', screenshot), { width: 1280, height: 900 });
		expect({ consoleErrors: report.consoleErrors, pageErrors: report.pageErrors, requests: report.requests }).toEqual({ consoleErrors: [], pageErrors: [], requests: [] });
		expect(report.textLength).toBeGreaterThan(200);
	} finally {
		await browser.close();
	}
}

/** Temporary sample connections (by name) left in the emulator and n8n_sample_* schemas left in Postgres. */
export async function leftovers(ctx: OnboardingContext): Promise<{ sampleConnections: string[]; sampleSchemas: string[] }> {
	const { data } = await airbyte<{ data: Array<{ name: string }> }>(ctx, `/connections?workspaceIds=${ctx.emu.workspaceId}&limit=100`);
	const schemas = await query<{ nspname: string }>(ctx, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'n8n\\_sample\\_%'`);
	return { sampleConnections: data.filter((c) => c.name.startsWith('n8n-sample-')).map((c) => c.name), sampleSchemas: schemas.map((s) => s.nspname) };
}

/** Creates one more `faker` source in the emulator's workspace (distinct seed/count: distinct data). */
export async function createFakerSource(ctx: OnboardingContext, name: string, config: { count: number; seed: number }): Promise<string> {
	const res = await fetch(`${ctx.emu.publicApiBaseUrl}/sources`, {
		method: 'POST',
		headers: { authorization: `Bearer ${ctx.emu.issueToken()}`, 'content-type': 'application/json' },
		body: JSON.stringify({ name, workspaceId: ctx.emu.workspaceId, configuration: { sourceType: 'faker', ...config } }),
	});
	const body = (await res.json()) as { sourceId?: string };
	if (!res.ok || !body.sourceId) throw new Error(`POST /sources: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
	return body.sourceId;
}

/** Executions of the onboarding workflow still running (the public API lists them only when asked for). */
export async function runningExecutions(ctx: OnboardingContext): Promise<Array<{ id: string; status: string; startedAt: string }>> {
	const query = new URLSearchParams({ status: 'running', workflowId: ctx.workflowId, limit: '100' });
	return (await ctx.n8n.api.request<{ data: Array<{ id: string; status: string; startedAt: string }> }>('GET', `/executions?${query.toString()}`)).data;
}

/** Polls `probe` until it returns a value (not undefined), or throws with `what` after timeoutMs. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000, everyMs = 250): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
}

/** Waits until no execution of the onboarding workflow runs (the steps after Respond to Webhook included). */
export async function waitForIdle(ctx: OnboardingContext, timeoutMs = 120_000): Promise<void> {
	await until('the onboarding executions to finish', async () => ((await runningExecutions(ctx)).length === 0 ? true : undefined), timeoutMs, 500);
}

/** Stops the emulator and drops the test database (n8n belongs to the caller). */
export async function teardown(ctx: OnboardingContext | undefined): Promise<void> {
	if (!ctx) return;
	await ctx.emu.stop();
	await ctx.db.drop();
}
