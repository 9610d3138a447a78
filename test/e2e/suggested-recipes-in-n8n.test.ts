// The Workflow Suggester's two sync recipes, running for real: suggestions for chinook come from the real lib
// (analysis and schema plan the way the onboarding template's pipeline makes them), the tenant schema is
// provisioned and migrated by the Schema Designer's SQL, the production connection is the one the Schema
// Designer requests, in the spec-validated Airbyte emulator writing into the embedded Postgres like
// destination-postgres 3.x. The "sync failure alert" and "run transforms after each sync" workflows are
// created in real n8n 2.41.1 with our packed package, credentials picked by type as a user does after import,
// and activated. Then one sync of the production connection fails and the next succeeds: the failure alert
// must reach the alert webhook (a local HTTP receiver) with the connection, job id and error, and the
// transforms must fill the modelled tables. n8n polls the Airbyte Trigger at most once a minute, so waits are
// long; nothing here asserts on time.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

import { validateWorkflow } from '@n8n/workflow-sdk';

import { runAnalysis } from '../../lib/analysis/pipeline';
import type { AirbyteCatalog } from '../../lib/airbyte/protocol';
import { buildSchemaPlan, erDiagramSvg, extrasFromAnalysis, mermaidErDiagram, productionConnectionRequest, quoteIdent, renderPlanMigration, renderProvision, type SchemaPlan } from '../../lib/schema';
import { normaliseInputs, suggestWorkflows, type Suggestion } from '../../lib/suggest';
import { readDatasetFolder } from '../../tools/eval-dataset';
import { startEmulator, type EmulatorHandle } from '../airbyte-emulator';
import { createAxiosAirbyteClient } from '../support/airbyte-axios-transport';
import { createTestDatabase, type TestDatabase } from '../support/database';
import type { N8nExecution } from '../support/n8n-api';
import { startN8n, type N8nInstance } from '../support/n8n-instance';
import { packPackage, REPO_ROOT, type PackedPackage } from '../support/n8n-package';
import { sharedPath } from '../support/shared-data';
import { createPostgresCredential, createAirbyteCredential } from '../support/n8n-test-credentials';

const CHINOOK = sharedPath('datasets', 'chinook');
/** n8n refuses polls more often than once a minute ("The polling interval is too short"). */
const SHORTEST_POLL = { item: [{ mode: 'everyMinute' }] };
/** Two poll ticks plus a slow, shared machine. */
const EVENT_TIMEOUT_MS = 6 * 60_000;

interface Received {
	path: string;
	body: Record<string, unknown>;
}

interface Receiver {
	url: string;
	received: Received[];
	stop(): Promise<void>;
}

/** The alert channel's far end: an HTTP server that records every JSON POST. */
async function startReceiver(): Promise<Receiver> {
	const received: Received[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let body: Record<string, unknown>;
			try {
				body = JSON.parse(text) as Record<string, unknown>;
			} catch {
				body = { unparsable: text };
			}
			received.push({ path: req.url ?? '', body });
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = EVENT_TIMEOUT_MS): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

/** n8n items travel as JSON: what the next node's expression sees. */
const asItem = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

let pkg: PackedPackage | undefined;
let db: TestDatabase | undefined;
let emu: EmulatorHandle | undefined;
let n8n: N8nInstance | undefined;
let receiver: Receiver | undefined;
let plan: SchemaPlan;
let connectionId: string;
let suggestions: Suggestion[];
const ids: { failure?: string; transforms?: string; imported: string[] } = { imported: [] };

function airbyte() {
	return createAxiosAirbyteClient(emu!.publicApiBaseUrl, { type: 'clientCredentials', clientId: emu!.clientId, clientSecret: emu!.clientSecret }).client;
}

async function count(schema: string, table: string): Promise<number> {
	const { rows } = await db!.client.query(`SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.${quoteIdent(table)}`);
	return rows[0].n as number;
}

function streamTables(): Array<{ name: string; stream: string; rawTable: string }> {
	return plan.tables.filter((t) => t.kind === 'stream').map((t) => ({ name: t.name, stream: t.stream, rawTable: t.rawTable }));
}

function nodeRuns(execution: N8nExecution, node: string): Array<{ json: Record<string, unknown> }> {
	const runs = execution.data?.resultData.runData[node] ?? [];
	return runs.flatMap((r) => (r.data?.main ?? []).flat()) as Array<{ json: Record<string, unknown> }>;
}

async function finishedExecutions(workflowId: string): Promise<N8nExecution[]> {
	return (await n8n!.api.listExecutions(workflowId)).filter((e) => e.stoppedAt);
}

beforeAll(async () => {
	pkg = packPackage(process.env.E2E_PACKAGE_ROOT ?? REPO_ROOT);
	db = await createTestDatabase('e2e_recipes');
	emu = await startEmulator({ databaseUrl: db.url, seed: { faker: false, datasets: { chinook: CHINOOK } } });
	receiver = await startReceiver();

	// Data Analyzer (stream samples in, no model) -> Plan Schema -> Provision + Migration applied, as the template does.
	const samples = readDatasetFolder(CHINOOK);
	const catalog: AirbyteCatalog = { streams: samples.map((s) => s.stream) };
	const analyzed = asItem(await runAnalysis(samples, { llmMode: 'off' }));
	const tenantId = `recipes_${randomBytes(3).toString('hex')}`;
	plan = buildSchemaPlan({ model: analyzed.model, catalog, extras: extrasFromAnalysis(analyzed.analysis), options: { tenantId } });
	await db.client.query(renderProvision({ schema: plan.schema, rawSchema: plan.rawSchema }).sql);
	await db.client.query(renderPlanMigration(plan).sql);

	// Create Production Connection: the Schema Designer's request, the analysis's sync recommendation.
	const request = productionConnectionRequest({ sourceId: emu.sources.chinook, destinationId: emu.destinations.postgres, plan, sync: analyzed.analysis.sync, catalog });
	connectionId = (await airbyte().createConnection(request.request)).connectionId;

	// Workflow Suggester: the node's inputs (Data Analyzer's model/analysis/profile, Plan Schema's item), alerts to a webhook.
	const planItem = asItem({ plan, erDiagram: { mermaid: mermaidErDiagram(plan), svg: erDiagramSvg(plan) } });
	const { value: input } = normaliseInputs({ model: analyzed.model, analysis: analyzed.analysis, profile: analyzed.profile, schemaPlan: planItem });
	const result = await suggestWorkflows({
		...input,
		options: { connectionId, alert: { channel: 'webhook', destination: `${receiver.url}/alerts` } },
		limit: 50,
	});
	suggestions = asItem(result.suggestions);

	n8n = await startN8n({ packages: [pkg] });
	const airbyteCred = await createAirbyteCredential(n8n.api, 'Airbyte (emulator)', emu);
	const postgresCred = await createPostgresCredential(n8n.api, 'Tenant database', db.url);
	const credentials = { airbyteApi: airbyteCred, postgres: postgresCred };
	for (const s of suggestions) {
		const created = await n8n.api.createWorkflow(s.workflow as never, credentials);
		ids.imported.push(created.id);
		if (s.recipe === 'sync_failure_alert') ids.failure = created.id;
		if (s.recipe === 'post_sync_transform') ids.transforms = created.id;
	}
}, 25 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await receiver?.stop();
	await emu?.stop();
	await db?.drop();
	pkg?.cleanup();
}, 120_000);

describe('suggested sync recipes in real n8n, against the Airbyte emulator and Postgres', () => {
	test('chinook gets both sync recipes; every suggestion is valid and imports into n8n inactive', async () => {
		const recipes = suggestions.map((s) => s.recipe);
		expect(recipes).toEqual(expect.arrayContaining(['sync_failure_alert', 'post_sync_transform']));
		for (const s of suggestions) {
			const v = validateWorkflow(s.workflow as never);
			expect({ name: s.workflow.name, errors: v.errors }).toEqual({ name: s.workflow.name, errors: [] });
		}
		expect(ids.imported).toHaveLength(suggestions.length);
		for (const id of ids.imported) expect((await n8n!.api.getWorkflow(id)).active).toBe(false);
		for (const recipe of ['sync_failure_alert', 'post_sync_transform']) {
			const wf = suggestions.find((s) => s.recipe === recipe)!.workflow;
			const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-airbyte-onboarding.airbyteTrigger')!;
			expect(trigger.parameters).toMatchObject({ pollTimes: SHORTEST_POLL, watch: 'connection', connectionId: { mode: 'id', value: connectionId } });
			expect(wf.nodes.find((n) => n.name === 'Send alert')).toMatchObject({ type: 'n8n-nodes-base.httpRequest', parameters: { url: `${receiver!.url}/alerts` } });
		}
		// Activation runs the trigger's first poll (n8n checks that it works): it marks past jobs as seen.
		await n8n!.api.activateWorkflow(ids.failure!);
		await n8n!.api.activateWorkflow(ids.transforms!);
		for (const id of [ids.failure!, ids.transforms!]) expect((await n8n!.api.getWorkflow(id)).active).toBe(true);
	}, 120_000);

	test('a failed sync of the production connection reaches the alert webhook with the connection, job id and error', async () => {
		expect(ids.failure && ids.transforms).toBeTruthy();
		const started = Date.now();
		emu!.setFaults({ jobs: [{ connectionId, afterRecords: 40, message: 'Source crashed while reading (injected)' }] });
		let jobId: number;
		try {
			jobId = (await airbyte().triggerSync(connectionId)).jobId;
			expect(await emu!.waitForJob(jobId, 180_000)).toMatchObject({ status: 'failed', connectionId });
		} finally {
			emu!.setFaults({});
		}
		const alert = await until('the failure alert POST', () => receiver!.received.find((r) => String(r.body.jobId) === String(jobId)));
		console.log(`failure alert arrived ${((Date.now() - started) / 1000).toFixed(0)} s after the sync was started: ${JSON.stringify(alert.body)}`);
		expect(alert.path).toBe('/alerts');
		expect(alert.body).toMatchObject({ event: 'airbyte_sync_failed', connectionId, status: 'failed', jobType: 'sync', subject: 'Airbyte sync failed' });
		expect(String(alert.body.jobId)).toBe(String(jobId));
		expect(alert.body.error).toBe(`Airbyte sync job ${jobId} ended with status failed`);
		expect(String(alert.body.text)).toContain(`job ${jobId} of connection ${connectionId}`);

		const [execution] = await until('the failure workflow execution', async () => {
			const done = await finishedExecutions(ids.failure!);
			return done.length ? done : undefined;
		});
		const full = await n8n!.api.getExecution(execution.id, true);
		expect({ status: full.status, mode: full.mode }).toEqual({ status: 'success', mode: 'trigger' });
		expect(nodeRuns(full, 'Airbyte sync failed').map((i) => i.json)).toEqual([expect.objectContaining({ jobId, status: 'failed', connectionId })]);
		expect(nodeRuns(full, 'Send alert')).toHaveLength(1);

		// Only successes run the transforms: the modelled tables are still empty.
		expect(await finishedExecutions(ids.transforms!)).toEqual([]);
		for (const t of streamTables()) expect({ table: t.name, rows: await count(plan.schema, t.name) }).toEqual({ table: t.name, rows: 0 });
	}, EVENT_TIMEOUT_MS + 300_000);

	test('the next, successful sync runs the transform SQL in n8n: the modelled tables hold every synced row', async () => {
		const started = Date.now();
		const jobId = (await airbyte().triggerSync(connectionId)).jobId;
		expect(await emu!.waitForJob(jobId, 180_000)).toMatchObject({ status: 'succeeded', connectionId });
		const [execution] = await until('the transform workflow execution', async () => {
			const done = await finishedExecutions(ids.transforms!);
			return done.length ? done : undefined;
		});
		console.log(`transforms finished ${((Date.now() - started) / 1000).toFixed(0)} s after the sync was started`);
		const full = await n8n!.api.getExecution(execution.id, true);
		expect({ status: full.status, error: full.data?.resultData.error?.message }).toEqual({ status: 'success', error: undefined });
		expect(nodeRuns(full, 'Airbyte sync succeeded').map((i) => i.json)).toEqual([expect.objectContaining({ jobId, status: 'succeeded', connectionId })]);
		// The transform script ends with a row count per modelled table.
		const counted = nodeRuns(full, 'Run transforms').map((i) => i.json).filter((r) => 'table_name' in r);
		expect(counted.map((r) => r.table_name).sort()).toEqual(plan.tables.map((t) => t.name).sort());
		expect(nodeRuns(full, 'Send alert')).toEqual([]);

		const samples = readDatasetFolder(CHINOOK);
		for (const t of streamTables()) {
			const source = samples.find((s) => s.stream.name === t.stream)!.records.length;
			// Raw tables may also hold rows the failed sync committed (append modes); the upserts keep one row per key.
			const raw = await count(plan.rawSchema, t.rawTable);
			const modelled = await count(plan.schema, t.name);
			expect({ table: t.name, modelled, rawHasAll: raw >= source }).toEqual({ table: t.name, modelled: source, rawHasAll: true });
		}
		const reported = Object.fromEntries(counted.map((r) => [String(r.table_name), Number(r.row_count)]));
		for (const t of streamTables()) expect({ table: t.name, reported: reported[t.name] }).toEqual({ table: t.name, reported: samples.find((s) => s.stream.name === t.stream)!.records.length });

		// A success is not a failure: the alert webhook got the one failure alert only.
		expect(receiver!.received.filter((r) => r.body.event === 'airbyte_sync_failed')).toHaveLength(1);
		expect(emu!.violations()).toEqual([]);
	}, EVENT_TIMEOUT_MS + 300_000);

	test('when the transform SQL fails after a sync, its error output sends the alert with the job and the database error', async () => {
		// Drift someone made by hand: a modelled column renamed, so the transform's upsert cannot run.
		const table = plan.tables.find((t) => t.kind === 'stream' && t.columns.some((c) => c.source.kind === 'property' && !t.primaryKey.columns.includes(c.name)))!;
		const column = table.columns.find((c) => c.source.kind === 'property' && !table.primaryKey.columns.includes(c.name))!.name;
		const target = `${quoteIdent(plan.schema)}.${quoteIdent(table.name)}`;
		const before = (await finishedExecutions(ids.transforms!)).length;
		await db!.client.query(`ALTER TABLE ${target} RENAME COLUMN ${quoteIdent(column)} TO ${quoteIdent(`${column}_renamed`)}`);
		try {
			const jobId = (await airbyte().triggerSync(connectionId)).jobId;
			expect(await emu!.waitForJob(jobId, 180_000)).toMatchObject({ status: 'succeeded', connectionId });
			const alert = await until('the transform failure alert POST', () => receiver!.received.find((r) => r.body.event === 'airbyte_transform_failed'));
			console.log(`transform failure alert: ${JSON.stringify(alert.body)}`);
			expect(alert.body).toMatchObject({ connectionId, subject: 'Transforms failed after an Airbyte sync' });
			expect(String(alert.body.jobId)).toBe(String(jobId));
			expect(String(alert.body.error)).toContain(column);
			expect(String(alert.body.error)).toMatch(/does not exist/);
			expect(String(alert.body.text)).toContain(`Transforms failed after Airbyte job ${jobId}: `);
			const done = await until('the failed transform execution', async () => {
				const all = await finishedExecutions(ids.transforms!);
				return all.length > before ? all : undefined;
			});
			const full = await n8n!.api.getExecution(done[0].id, true);
			expect(nodeRuns(full, 'Send alert')).toHaveLength(1);
		} finally {
			await db!.client.query(`ALTER TABLE ${target} RENAME COLUMN ${quoteIdent(`${column}_renamed`)} TO ${quoteIdent(column)}`);
		}
		// A sync that succeeded is never reported as a failed sync.
		expect(receiver!.received.filter((r) => r.body.event === 'airbyte_sync_failed')).toHaveLength(1);
	}, EVENT_TIMEOUT_MS + 300_000);
});
