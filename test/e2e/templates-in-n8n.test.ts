// The shipped templates in one real n8n 2.41.1 with our packed package, the spec-validated Airbyte emulator and the
// embedded Postgres: the editor draws the imported onboarding template with every node known (Chromium, DOM
// assertions, screenshot); "Sample an Airbyte source" answers samples for a chinook `file` source and a faker
// source; "After each sync" fires on real production syncs in the emulator, runs the transforms and the
// data-quality check and posts alerts to a local HTTP receiver (its configurable alert webhook URL).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { Client } from 'pg';

import { startEmulator, type EmulatorHandle } from '../airbyte-emulator';
import { createTestDatabase, type TestDatabase } from '../support/database';
import type { N8nWorkflowJson } from '../support/n8n-api';
import { launchBrowser, screenshot, signIn, tidyCanvas, type EditorBrowser } from '../support/n8n-browser';
import { startN8n, type N8nInstance } from '../support/n8n-instance';
import { packPackage, REPO_ROOT, type PackedPackage } from '../support/n8n-package';
import { sharedPath } from '../support/shared-data';
import { createPostgresCredential, createAirbyteCredential } from '../support/n8n-test-credentials';

jest.setTimeout(10 * 60_000);

const template = (file: string) => JSON.parse(readFileSync(path.join(REPO_ROOT, 'workflows', file), 'utf8')) as N8nWorkflowJson;
const STICKY = 'n8n-nodes-base.stickyNote';

interface Alert {
	level: string;
	event: string;
	connectionId: string;
	jobId: number;
	tenantId?: string;
	tables?: Array<{ table: string; kind: string; rows: number; rawRows: number | null }>;
	issues?: Array<{ table: string; issue: string }>;
	text: string;
}

let pkg: PackedPackage | undefined;
let n8n: N8nInstance | undefined;
let db: TestDatabase | undefined;
let emu: EmulatorHandle | undefined;
let receiver: Server | undefined;
let receiverUrl: string;
const received: Array<{ path: string; body: unknown }> = [];
let credentials: Record<string, { id: string; name: string }>;
const workflowIds: Record<string, string> = {};

async function query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
	const client = new Client({ connectionString: db!.url });
	await client.connect();
	try {
		return (await client.query(sql, params)).rows as T[];
	} finally {
		await client.end();
	}
}

async function airbyte<T>(route: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
	const res = await fetch(`${emu!.publicApiBaseUrl}${route}`, {
		method: init.method ?? 'GET',
		headers: { authorization: `Bearer ${emu!.issueToken()}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
		body: init.body ? JSON.stringify(init.body) : undefined,
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${route}: ${res.status} ${text}`);
	return JSON.parse(text) as T;
}

async function leftovers(): Promise<{ sampleConnections: string[]; sampleSchemas: string[] }> {
	const { data } = await airbyte<{ data: Array<{ name: string }> }>(`/connections?workspaceIds=${emu!.workspaceId}&limit=100`);
	const schemas = await query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'n8n\\_sample\\_%'`);
	return { sampleConnections: data.filter((c) => c.name.startsWith('n8n-sample-')).map((c) => c.name), sampleSchemas: schemas.map((s) => s.nspname) };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 1_000));
	}
}

function startReceiver(): Promise<void> {
	receiver = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			let parsed: unknown = body;
			try {
				parsed = JSON.parse(body);
			} catch {
				/* kept as text */
			}
			received.push({ path: req.url ?? '', body: parsed });
			res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
		});
	});
	return new Promise((resolve) =>
		receiver!.listen(0, '127.0.0.1', () => {
			receiverUrl = `http://127.0.0.1:${(receiver!.address() as AddressInfo).port}/alerts`;
			resolve();
		}),
	);
}

beforeAll(async () => {
	// E2E_PACKAGE_ROOT: a built copy of the repo, for running this file without rebuilding the shared dist/.
	pkg = packPackage(process.env.E2E_PACKAGE_ROOT ?? REPO_ROOT);
	await startReceiver();
	db = await createTestDatabase('e2e_templates');
	emu = await startEmulator({ databaseUrl: db.url, seed: { faker: { count: 200, seed: 11 }, datasets: { chinook: sharedPath('datasets', 'chinook') } } });
	n8n = await startN8n({ packages: [pkg], startTimeoutMs: 15 * 60_000 });
	const airbyteCred = await createAirbyteCredential(n8n.api, 'Airbyte (emulator)', emu);
	const postgresCred = await createPostgresCredential(n8n.api, 'Tenant database', db.url);
	const n8nCred = await n8n.api.createCredential('This n8n', 'n8nApi', { apiKey: n8n.apiKey, baseUrl: `${n8n.baseUrl}/api/v1` });
	credentials = { airbyteApi: airbyteCred, postgres: postgresCred, n8nApi: n8nCred };
	// Imported as a user would (credentials picked by type) and activated.
	for (const file of ['airbyte-ai-onboarding.json', 'sample-airbyte-source.json']) {
		const created = await n8n.api.createWorkflow(template(file), credentials);
		await n8n.api.activateWorkflow(created.id);
		workflowIds[file] = created.id;
	}
}, 25 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await emu?.stop();
	await db?.drop();
	await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
	pkg?.cleanup();
}, 120_000);

describe('the n8n editor in Chromium', () => {
	let browser: EditorBrowser | undefined;
	afterAll(async () => browser?.close());

	test('draws the imported onboarding template with every node known, none flagged as missing or with issues', async () => {
		const wf = template('airbyte-ai-onboarding.json');
		const steps = wf.nodes.filter((n) => n.type !== STICKY);
		browser = await launchBrowser();
		const { page } = browser;
		await signIn(page, n8n!.baseUrl, n8n!.email, n8n!.password);
		const knownTypes = await page.evaluate(async () => ((await (await fetch('/types/nodes.json')).json()) as Array<{ name: string }>).map((t) => t.name));

		await page.goto(`${n8n!.baseUrl}/workflow/${workflowIds['airbyte-ai-onboarding.json']}`, { waitUntil: 'domcontentloaded' });
		await page.waitForFunction((n) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= n, steps.length);
		// Let the canvas settle (icons load, issue badges are computed after the node types arrive).
		await page.waitForLoadState('networkidle').catch(() => undefined);
		await tidyCanvas(page);
		const file = await screenshot(page, 'templates-onboarding-in-editor.png');
		console.log(`editor screenshot: ${file}`);

		// Our nodes' icons are SVG files served from the installed package: wait until the browser has loaded them.
		await page
			.waitForFunction(() => Array.from(document.querySelectorAll('[data-test-id="canvas-node"][data-node-type^="n8n-nodes-airbyte-onboarding."] img')).every((img) => (img as HTMLImageElement).complete), undefined, { timeout: 60_000 })
			.catch(() => undefined);
		const drawn = await page.$$eval('[data-test-id="canvas-node"]', (els) =>
			els.map((el) => {
				const img = el.querySelector('img');
				return {
					name: el.getAttribute('data-node-name'),
					type: el.getAttribute('data-node-type'),
					icon: img ? (img as HTMLImageElement).naturalWidth > 0 : el.querySelector('svg') !== null,
					ownIcon: !!img && /^\/icons\/n8n-nodes-airbyte-onboarding\/dist\/nodes\/.+\.svg$/.test(img.getAttribute('src') ?? '') && (img as HTMLImageElement).naturalWidth > 0,
					issues: el.querySelectorAll('[data-test-id="node-issues"]').length,
					notInstalled: el.querySelectorAll('[data-test-id="node-not-installed"]').length,
				};
			}),
		);
		const drawnSteps = drawn.filter((d) => d.type !== STICKY);
		expect(drawnSteps.map((d) => d.name).sort()).toEqual(steps.map((n) => n.name).sort());
		expect(drawnSteps).toHaveLength(steps.length);
		// Every drawn node has the type the template names, a type the editor knows, an icon, and no issue badge.
		const byName = new Map(steps.map((n) => [n.name, n.type]));
		for (const d of drawnSteps) {
			expect({ node: d.name, type: d.type, known: knownTypes.includes(d.type ?? ''), icon: d.icon, issues: d.issues, notInstalled: d.notInstalled }).toEqual({
				node: d.name,
				type: byName.get(d.name!),
				known: true,
				icon: true,
				issues: 0,
				notInstalled: 0,
			});
		}
		expect(await page.locator('[data-test-id="node-issues"], [data-test-id="node-not-installed"]').count()).toBe(0);
		const ours = drawnSteps.filter((d) => d.type?.startsWith('n8n-nodes-airbyte-onboarding.'));
		expect(ours.length).toBe(steps.filter((n) => n.type.startsWith('n8n-nodes-airbyte-onboarding.')).length);
		// An unknown node gets a generic glyph; ours must show their own SVG, loaded.
		expect(ours.filter((d) => !d.ownIcon).map((d) => d.name)).toEqual([]);
	});
});

describe('Sample an Airbyte source (webhook in, samples out)', () => {
	interface SampleAnswer {
		ok: boolean;
		samples: Array<{ stream: string; status: string; recordCount: number; totalRecords: number; records: Array<Record<string, unknown>>; catalogEntry: { name: string } }>;
	}

	async function sample(sourceId: string): Promise<SampleAnswer> {
		const answer = await n8n!.api.callWebhook('airbyte-sample', { sourceId, sampleDestinationId: emu!.destinations.postgres, sampleSize: 25, pollSeconds: 0.5 });
		expect({ status: answer.status, text: answer.status === 200 ? '' : answer.text }).toEqual({ status: 200, text: '' });
		return answer.json as SampleAnswer;
	}

	test('the chinook file source: every table sampled, at most sampleSize records each, source values without Airbyte columns', async () => {
		const answer = await sample(emu!.sources.chinook);
		expect(answer.ok).toBe(true);
		const catalog = JSON.parse(readFileSync(sharedPath('datasets', 'chinook', 'airbyte_catalog.json'), 'utf8')) as { streams: Array<{ name?: string; stream?: { name: string } }> };
		const streams = catalog.streams.map((s) => s.stream?.name ?? s.name!).sort();
		expect(answer.samples.map((s) => s.stream).sort()).toEqual(streams);
		for (const s of answer.samples) {
			expect({ stream: s.stream, status: s.status }).toEqual({ stream: s.stream, status: expect.stringMatching(/^(complete|partial)$/) });
			expect(s.records.length).toBeGreaterThan(0);
			expect(s.records.length).toBeLessThanOrEqual(25);
			expect(s.recordCount).toBe(s.records.length);
			expect(s.catalogEntry.name).toBe(s.stream);
			for (const record of s.records) expect(Object.keys(record).filter((k) => k.startsWith('_airbyte_'))).toEqual([]);
		}
		const artists = answer.samples.find((s) => s.stream === 'artist')!;
		expect(artists.records[0]).toEqual(expect.objectContaining({ artist_id: expect.any(Number), name: expect.any(String) }));
		expect(await leftovers()).toEqual({ sampleConnections: [], sampleSchemas: [] });
	});

	test('a sample sync that fails in Airbyte: the webhook answers 500 with a clear error, nothing orphaned', async () => {
		emu!.setFaults({ jobs: [{ afterRecords: 3, message: 'Source crashed while reading (injected)' }] });
		let answer: Awaited<ReturnType<N8nInstance['api']['callWebhook']>>;
		try {
			answer = await n8n!.api.callWebhook('airbyte-sample', { sourceId: emu!.sources.chinook, sampleDestinationId: emu!.destinations.postgres, sampleSize: 25, pollSeconds: 0.5, orphanMinutes: 0 });
		} finally {
			emu!.setFaults({});
		}
		expect(answer.status).toBe(500);
		expect(answer.json).toMatchObject({ ok: false, failedNode: 'Sample Sync Failed', error: expect.stringMatching(/^The sample sync failed in Airbyte \(job \d+, status failed\)$/) });
		expect(await leftovers()).toEqual({ sampleConnections: [], sampleSchemas: [] });
	});

	test('the faker source: users, products and purchases sampled; nothing orphaned', async () => {
		const answer = await sample(emu!.sources.faker);
		expect(answer.ok).toBe(true);
		expect(answer.samples.map((s) => s.stream).sort()).toEqual(['products', 'purchases', 'users']);
		for (const s of answer.samples) {
			expect({ stream: s.stream, status: s.status, some: s.records.length > 0, atMost: s.records.length <= 25 }).toEqual({
				stream: s.stream,
				status: expect.stringMatching(/^(complete|partial)$/),
				some: true,
				atMost: true,
			});
		}
		expect(answer.samples.find((s) => s.stream === 'users')!.records[0]).toEqual(expect.objectContaining({ id: expect.any(Number), email: expect.any(String) }));
		expect(await leftovers()).toEqual({ sampleConnections: [], sampleSchemas: [] });
		const execution = await n8n!.api.waitForExecution(workflowIds['sample-airbyte-source.json'], { count: 3, timeoutMs: 120_000 });
		expect(execution.status).toBe('success');
		expect(emu!.violations()).toEqual([]);
	});
});

describe('After each sync: Airbyte Trigger -> transforms -> data-quality check -> alert', () => {
	let connectionId: string;
	let tenantSchema: string;
	let streamTables: string[];
	let afterSyncId: string;

	const alertsFor = (jobId: number) => received.map((r) => r.body as Alert).filter((a) => a && a.jobId === jobId);

	async function runSync(): Promise<{ jobId: number; status: string }> {
		const job = await airbyte<{ jobId: number }>('/jobs', { method: 'POST', body: { connectionId, jobType: 'sync' } });
		const done = await emu!.waitForJob(job.jobId, 300_000);
		return { jobId: job.jobId, status: String(done.status) };
	}

	test('a tenant onboarded by the main template; the After each sync template imported for its connection and activated', async () => {
		const answer = await n8n!.api.callWebhook('airbyte-onboarding', {
			tenantId: 'after_sync',
			sourceId: emu!.sources.faker,
			sampleDestinationId: emu!.destinations.postgres,
			productionDestinationId: emu!.destinations.postgres,
			sampleSize: 200,
			pollSeconds: 0.5,
			syncPollSeconds: 1,
		});
		expect({ status: answer.status, text: answer.status === 200 ? '' : answer.text }).toEqual({ status: 200, text: '' });
		const summary = answer.json as { tenantSchema: string; tables: Array<{ name: string; kind: string }>; productionConnection: { connectionId: string; firstSyncStatus: string } };
		expect(summary.productionConnection.firstSyncStatus).toBe('succeeded');
		connectionId = summary.productionConnection.connectionId;
		tenantSchema = summary.tenantSchema;
		streamTables = summary.tables.filter((t) => t.kind === 'stream').map((t) => t.name);

		// What a user does after import: pick the tenant's connection in the trigger, point the alerts at their webhook.
		const wf = template('after-each-sync.json');
		for (const node of wf.nodes) {
			if (node.type === 'n8n-nodes-airbyte-onboarding.airbyteTrigger') node.parameters.connectionId = { __rl: true, mode: 'id', value: connectionId };
			if (node.name === 'Alert Settings') {
				const assignments = (node.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> }).assignments;
				assignments.find((a) => a.name === 'alertWebhookUrl')!.value = receiverUrl;
				assignments.find((a) => a.name === 'alertOnSuccess')!.value = true;
			}
		}
		const created = await n8n!.api.createWorkflow(wf, credentials);
		afterSyncId = created.id;
		await n8n!.api.activateWorkflow(afterSyncId);
		expect((await n8n!.api.getWorkflow(afterSyncId)).active).toBe(true);
	});

	test('a succeeded production sync fires the trigger; transforms refill the modelled tables, the check counts them, the report is posted', async () => {
		expect(connectionId).toBeDefined();
		// Empty the modelled tables, so only the workflow's transforms can fill them again.
		await query(`TRUNCATE ${streamTables.map((t) => `"${tenantSchema}"."${t}"`).join(', ')} CASCADE`);
		const sync = await runSync();
		expect(sync.status).toBe('succeeded');

		// The trigger polls every minute (n8n's shortest interval): be patient.
		const alert = await waitFor('the success report', () => alertsFor(sync.jobId)[0], 5 * 60_000);
		expect(alert).toMatchObject({ level: 'ok', event: 'sync_succeeded', connectionId, tenantId: 'after_sync', issues: [] });
		for (const table of streamTables) {
			const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM "${tenantSchema}"."${table}"`);
			expect({ table, filled: n > 0 }).toEqual({ table, filled: true });
			expect(alert.tables!.find((t) => t.table === table)).toMatchObject({ rows: n, rawRows: expect.any(Number) });
		}
		expect(alert.text).toContain(`Airbyte sync ${sync.jobId} of tenant after_sync succeeded`);

		const execution = await n8n!.api.waitForExecution(afterSyncId, { timeoutMs: 120_000 });
		expect(execution.status).toBe('success');
		const ran = Object.keys(execution.data!.resultData.runData);
		expect(ran).toEqual(expect.arrayContaining(['Airbyte Sync Finished', 'Load Tenant Plan', 'Transform SQL', 'Run Transforms', 'Data-Quality Check', 'Quality Report', 'Send Alert']));
		expect(ran).not.toContain('Describe Failed Sync');
	});

	test('a failed production sync fires the trigger and posts an error alert; no transforms run', async () => {
		expect(afterSyncId).toBeDefined();
		const before = (await n8n!.api.listExecutions(afterSyncId)).length;
		emu!.setFaults({ jobs: [{ connectionId, afterRecords: 1, message: 'Source crashed while reading (injected)' }] });
		let sync: { jobId: number; status: string };
		try {
			sync = await runSync();
		} finally {
			emu!.setFaults({});
		}
		expect(sync.status).toBe('failed');
		const alert = await waitFor('the failure alert', () => alertsFor(sync.jobId)[0], 5 * 60_000);
		expect(alert).toMatchObject({ level: 'error', event: 'sync_failed', connectionId, jobId: sync.jobId });
		expect(alert.text).toContain(`ended failed`);

		const execution = await n8n!.api.waitForExecution(afterSyncId, { timeoutMs: 120_000, count: before + 1 });
		expect(execution.status).toBe('success');
		const ran = Object.keys(execution.data!.resultData.runData);
		expect(ran).toEqual(expect.arrayContaining(['Airbyte Sync Finished', 'Describe Failed Sync', 'Send Alert']));
		expect(ran).not.toContain('Run Transforms');
		expect(emu!.violations()).toEqual([]);
	});
});
