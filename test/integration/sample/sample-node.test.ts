// The Airbyte Sample node in real n8n semantics (n8n-core WorkflowExecute) against the spec-validated Airbyte
// emulator, which writes to a real embedded Postgres exactly like destination-postgres 3.x. The Postgres node's
// part (running readSql / cleanupSql) is done with pg here, statement for statement as n8n's Postgres node does.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { Client } from 'pg';
import { AirbyteApi } from '../../../credentials/AirbyteApi.credentials';
import { AirbyteSample } from '../../../nodes/AirbyteSample/AirbyteSample.node';
import { expectNoSpecViolations, startEmulator, type EmulatorHandle } from '../../airbyte-emulator';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { ourNodes, runWorkflow, type WorkflowJson } from '../../support/n8n-harness';
import { sharedPath } from '../../support/shared-data';

jest.setTimeout(180_000);

const TYPE = 'n8n-nodes-airbyte-onboarding.airbyteSample';

function workflow(parameters: Record<string, unknown>, extra: Partial<WorkflowJson['nodes'][number]> = {}): WorkflowJson {
	return {
		nodes: [
			{ id: '1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: '2', name: 'Sample', type: TYPE, typeVersion: 1, position: [200, 0], parameters: parameters as INodeParameters, ...extra },
		],
		connections: { Start: { main: [[{ node: 'Sample', type: 'main', index: 0 }]] } },
	};
}

async function runSql(url: string, sql: string): Promise<Record<string, unknown>[]> {
	const client = new Client({ connectionString: url });
	await client.connect();
	try {
		const result = (await client.query(sql)) as unknown;
		return (Array.isArray(result) ? result : [result]).flatMap((r: { rows?: Record<string, unknown>[] }) => r.rows ?? []);
	} finally {
		await client.end();
	}
}

describe('Airbyte Sample node on the emulator', () => {
	let db: TestDatabase;
	let emu: EmulatorHandle;
	let credentials: Record<string, Record<string, string>>;

	const run = (parameters: Record<string, unknown>, options: { inputItems?: Record<string, unknown>[]; signal?: AbortSignal; continueOnFail?: boolean } = {}) =>
		runWorkflow(workflow(parameters, options.continueOnFail ? { onError: 'continueRegularOutput' } : {}), {
			nodeTypes: ourNodes(new AirbyteSample()),
			credentialTypes: [new AirbyteApi()],
			credentials,
			inputItems: options.inputItems as IDataObject[] | undefined,
			signal: options.signal,
		});

	const start = (sourceKey: string, extra: Record<string, unknown> = {}) =>
		run({
			operation: 'startSample',
			sourceId: { mode: 'id', value: emu.sources[sourceKey] },
			destinationId: { mode: 'id', value: emu.destinations.postgres },
			sampleSize: 50,
			pollSeconds: 0.1,
			...extra,
		});

	async function sampleSchemas(): Promise<string[]> {
		const rows = await runSql(db.url, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'n8n\\_sample\\_%' ORDER BY 1`);
		return rows.map((r) => String(r.nspname));
	}

	async function liveSampleConnections(): Promise<string[]> {
		const res = await fetch(`${emu.publicApiBaseUrl}/connections?workspaceIds=${emu.workspaceId}&limit=100`, {
			headers: { authorization: `Bearer ${emu.issueToken()}` },
		});
		const body = (await res.json()) as { data: Array<{ name: string; connectionId: string }> };
		return body.data.filter((c) => c.name.startsWith('n8n-sample-')).map((c) => c.connectionId);
	}

	beforeAll(async () => {
		db = await createTestDatabase('sample_node');
		emu = await startEmulator({
			databaseUrl: db.url,
			flushMaxRecords: 5000,
			seed: { faker: { count: 3000, seed: 7 }, datasets: { chinook: sharedPath('datasets', 'chinook') } },
		});
		const created = await fetch(`${emu.publicApiBaseUrl}/sources`, {
			method: 'POST',
			headers: { authorization: `Bearer ${emu.issueToken()}`, 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'big faker', workspaceId: emu.workspaceId, configuration: { sourceType: 'faker', count: 5_000_000, seed: 1 } }),
		});
		emu.sources.bigFaker = ((await created.json()) as { sourceId: string }).sourceId;
		credentials = {
			airbyteApi: { environment: 'selfHosted', baseUrl: emu.publicApiBaseUrl, authentication: 'clientCredentials', clientId: emu.clientId, clientSecret: emu.clientSecret },
		};
	});
	afterEach(() => {
		expectNoSpecViolations(emu);
		emu.setFaults({});
	});
	afterAll(async () => {
		await emu?.stop();
		await db?.drop();
	});

	it('Get Catalog lists the chinook streams with schemas from discover_schema', async () => {
		const result = await run({ operation: 'getCatalog', sourceId: { mode: 'id', value: emu.sources.chinook } });
		expect(result.status).toBe('success');
		const out = result.jsonOf('Sample');
		expect(out.map((s) => s.stream)).toEqual(expect.arrayContaining(['album', 'artist', 'track', 'invoice_line']));
		expect(out[0]).toMatchObject({ catalogOrigin: 'discover_schema' });
		expect(Object.keys((out[0].catalogEntry as { json_schema: { properties: object } }).json_schema.properties).length).toBeGreaterThan(0);
		expect(JSON.stringify(out)).not.toContain(emu.clientSecret);
	});

	it('samples chinook end to end: Start (wait) -> readSql -> Finish -> cleanupSql, and Finish twice is harmless', async () => {
		const started = await start('chinook', { sampleSize: 20 });
		expect(started.status).toBe('success');
		const items = started.jsonOf('Sample');
		expect(items.length).toBeGreaterThanOrEqual(11);
		const runIds = new Set(items.map((i) => i.runId));
		expect(runIds.size).toBe(1);
		expect(items[0]).toMatchObject({ namespace: `n8n_sample_${items[0].runId}`, sampleDone: true });
		expect(started.outputOf('Sample').every((i) => JSON.stringify(i.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);
		expect(JSON.stringify(items)).not.toContain(emu.clientSecret);

		const rows = (await Promise.all(items.map((i) => runSql(db.url, String(i.readSql))))).flat();
		expect(rows).toHaveLength(items.length);

		const finished = await run({ operation: 'finishSample' }, { inputItems: rows });
		expect(finished.status).toBe('success');
		const samples = finished.jsonOf('Sample');
		const track = samples.find((s) => s.streamName === 'track')!;
		expect(track).toMatchObject({ status: 'complete', recordCount: 20, connectionDeleted: true });
		expect(Object.keys((track.records as object[])[0])).not.toContain('_airbyte_raw_id');
		const artist = samples.find((s) => s.streamName === 'artist')!;
		expect((artist.stream as { name: string }).name).toBe('artist');
		expect(Number(artist.totalRecords)).toBeGreaterThan(0);
		expect(await liveSampleConnections()).toEqual([]);

		await runSql(db.url, String(samples[0].cleanupSql));
		expect(await sampleSchemas()).toEqual([]);
		// idempotent: Finish and the clean-up SQL again
		const again = await run({ operation: 'finishSample' }, { inputItems: rows });
		expect(again.status).toBe('success');
		await runSql(db.url, String(samples[0].cleanupSql));
	});

	it('samples faker without waiting, then Check Sample until done, and concurrent samples do not collide', async () => {
		const [a, b] = await Promise.all([start('faker', { wait: false }), start('faker', { wait: false })]);
		expect(a.status).toBe('success');
		expect(b.status).toBe('success');
		const aItems = a.jsonOf('Sample');
		expect(aItems[0].runId).not.toBe(b.jsonOf('Sample')[0].runId);
		expect(aItems.map((i) => i.stream).sort()).toEqual(['products', 'purchases', 'users']);
		let current = aItems;
		for (let i = 0; i < 200 && !current[0].sampleDone; i++) {
			await new Promise((r) => setTimeout(r, 100));
			const checked = await run({ operation: 'checkSample', pollSeconds: 0.1 }, { inputItems: current });
			expect(checked.status).toBe('success');
			current = checked.jsonOf('Sample');
		}
		expect(current[0].sampleDone).toBe(true);
		for (const items of [current, b.jsonOf('Sample')]) {
			const rows = (await Promise.all(items.map((i) => runSql(db.url, String(i.readSql))))).flat();
			const finished = await run({ operation: 'finishSample' }, { inputItems: rows });
			const users = finished.jsonOf('Sample').find((s) => s.streamName === 'users');
			expect((users?.records as unknown[]).length).toBeGreaterThan(0);
			await runSql(db.url, String(finished.jsonOf('Sample')[0].cleanupSql));
		}
		expect(await liveSampleConnections()).toEqual([]);
		expect(await sampleSchemas()).toEqual([]);
	});

	async function finishAndClean(items: Record<string, unknown>[]) {
		const rows = (await Promise.all(items.map((i) => runSql(db.url, String(i.readSql))))).flat();
		const finished = await run({ operation: 'finishSample' }, { inputItems: rows });
		expect(finished.status).toBe('success');
		const samples = finished.jsonOf('Sample');
		await runSql(db.url, String(samples[0].cleanupSql));
		return samples;
	}

	it('stops a 5M-row source early: every stream gets its rows from the first flushes, then the sync is cancelled', async () => {
		const started = await start('bigFaker', { sampleSize: 1000, budgetSeconds: 120, pollSeconds: 0.2 });
		expect(started.status).toBe('success');
		const items = started.jsonOf('Sample');
		expect(items[0]).toMatchObject({ stopReason: 'enough_rows', sampleDone: true });
		expect(Number(items[0].rotations)).toBeGreaterThanOrEqual(1);
		const samples = await finishAndClean(items);
		for (const s of samples) {
			expect(s.status).toBe('complete');
			// never more than a couple of flushes (5,000 rows each here) per stream, out of 5,000,000
			expect(Number(s.totalRecords)).toBeLessThanOrEqual(15_000);
		}
		expect(samples.find((s) => s.streamName === 'users')?.recordCount).toBe(1000);
		expect(await liveSampleConnections()).toEqual([]);
	});

	it('a time budget that expires mid-sync cancels, reports partial/missing streams, and still cleans up', async () => {
		// Pods "start" for 8 of the 10 s, so the budget runs out mid-sync however fast this machine moves rows.
		emu.setFaults({ startupDelayMs: 8000 });
		const started = await start('bigFaker', { sampleSize: 10000, budgetSeconds: 10, pollSeconds: 0.5 });
		expect(started.status).toBe('success');
		const items = started.jsonOf('Sample');
		expect(items[0]).toMatchObject({ stopReason: 'budget_expired', sampleDone: true, jobStatus: 'cancelled' });
		expect((items[0].warnings as string[]).join(' ')).toMatch(/time budget \(10 s\) ran out.*partial or missing: .+/);
		const samples = await finishAndClean(items);
		expect(samples.some((s) => s.status !== 'complete')).toBe(true);
		for (const s of samples) expect(['complete', 'partial', 'schema_only']).toContain(s.status);
		expect(await liveSampleConnections()).toEqual([]);
		expect(await sampleSchemas()).toEqual([]);
	});

	it('an injected job failure still yields the committed streams, and leaves no connection and (after cleanupSql) no schema', async () => {
		emu.setFaults({ jobs: [{ afterRecords: 3200, message: 'injected source failure' }] });
		const started = await start('faker', { sampleSize: 50 });
		expect(started.status).toBe('success');
		const items = started.jsonOf('Sample');
		expect(items[0]).toMatchObject({ jobStatus: 'failed', stopReason: 'job_failed' });
		const samples = await finishAndClean(items);
		const byName = Object.fromEntries(samples.map((s) => [s.streamName, s.status]));
		expect(byName.users).toBe('complete');
		expect(Object.values(byName)).toContain('schema_only');
		expect(await liveSampleConnections()).toEqual([]);
		expect(await sampleSchemas()).toEqual([]);
	});

	it('an n8n execution cancel deletes the temporary connection; Clean Up Orphans then drops the schema', async () => {
		const controller = new AbortController();
		const cancelling = (async () => {
			for (let i = 0; i < 100 && (await liveSampleConnections()).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
			await new Promise((r) => setTimeout(r, 1500));
			controller.abort();
		})();
		const result = await runWorkflow(
			workflow({
				operation: 'startSample',
				sourceId: { mode: 'id', value: emu.sources.bigFaker },
				destinationId: { mode: 'id', value: emu.destinations.postgres },
				sampleSize: 10000,
				budgetSeconds: 600,
				pollSeconds: 0.2,
			}),
			{ nodeTypes: ourNodes(new AirbyteSample()), credentialTypes: [new AirbyteApi()], credentials, signal: controller.signal },
		);
		await cancelling;
		expect(result.status).toBe('canceled');
		for (let i = 0; i < 100 && (await liveSampleConnections()).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
		expect(await liveSampleConnections()).toEqual([]);
		const orphans = await run({ operation: 'cleanUpOrphans', olderThanMinutes: 0 });
		const summary = orphans.jsonOf('Sample')[0];
		expect(Number(summary.orphanCount)).toBeGreaterThan(0);
		await runSql(db.url, String(summary.cleanupSql));
		expect(await sampleSchemas()).toEqual([]);
	});

	it('Clean Up Orphans cancels and deletes an abandoned sample, emits its DROP SQL, and is idempotent', async () => {
		const started = await start('bigFaker', { wait: false });
		const runId = String(started.jsonOf('Sample')[0].runId);
		const dry = await run({ operation: 'cleanUpOrphans', olderThanMinutes: 0, dryRun: true });
		expect(JSON.stringify(dry.jsonOf('Sample')[0].orphans)).toContain(runId);
		expect(await liveSampleConnections()).toHaveLength(1);
		const young = await run({ operation: 'cleanUpOrphans', olderThanMinutes: 60 });
		expect(JSON.stringify(young.jsonOf('Sample')[0].orphans)).not.toContain(runId);
		const cleaned = await run({ operation: 'cleanUpOrphans', olderThanMinutes: 0 });
		const summary = cleaned.jsonOf('Sample')[0];
		const mine = (summary.orphans as Array<{ runId: string; actions: string[] }>).find((o) => o.runId === runId);
		expect(mine?.actions).toEqual(expect.arrayContaining(['deleted connection']));
		expect(String(summary.cleanupSql)).toContain(`DROP SCHEMA IF EXISTS "n8n_sample_${runId}" CASCADE;`);
		expect(await liveSampleConnections()).toEqual([]);
		await runSql(db.url, String(summary.cleanupSql));
		expect(await sampleSchemas()).toEqual([]);
		const again = await run({ operation: 'cleanUpOrphans', olderThanMinutes: 0 });
		expect(again.status).toBe('success');
		await runSql(db.url, String(again.jsonOf('Sample')[0].cleanupSql));
	});

	it('falls back to the public GET /streams catalog and job-only progress when the Config API is unreachable, and says so', async () => {
		emu.setFaults({
			requests: [
				{ path: '/sources/discover_schema', kind: 'status', status: 403 },
				{ path: '/connections/sync_progress', kind: 'status', status: 403 },
			],
		});
		const catalog = await run({ operation: 'getCatalog', sourceId: { mode: 'id', value: emu.sources.chinook } });
		expect(catalog.status).toBe('success');
		const streams = catalog.jsonOf('Sample');
		expect(streams[0]).toMatchObject({ catalogOrigin: 'public_streams' });
		expect((streams[0].warnings as string[])[0]).toMatch(/Config API \(discover_schema\) was not reachable/);
		const started = await start('chinook', { sampleSize: 10 });
		expect(started.status).toBe('success');
		const items = started.jsonOf('Sample');
		expect(items[0]).toMatchObject({ catalogOrigin: 'public_streams', stopReason: 'job_succeeded' });
		expect((items[0].warnings as string[]).join(' ')).toMatch(/Per-stream progress is unavailable/);
		const samples = await finishAndClean(items);
		expect(samples.find((s) => s.streamName === 'artist')).toMatchObject({ status: 'complete', recordCount: 10 });
		expect(await sampleSchemas()).toEqual([]);
	});

	it('bad input gets clear errors, and continueOnFail turns them into items', async () => {
		const bad = await start('chinook', { streams: ['no_such_stream'] });
		expect(bad.status).toBe('error');
		expect(bad.error?.message).toMatch(/Unknown stream\(s\): no_such_stream/);
		const soft = await runWorkflow(
			workflow({ operation: 'finishSample' }, { onError: 'continueRegularOutput' }),
			{ nodeTypes: ourNodes(new AirbyteSample()), credentialTypes: [new AirbyteApi()], credentials, inputItems: [{ hello: 'world' }] },
		);
		expect(soft.status).toBe('success');
		expect(String(soft.jsonOf('Sample')[0].error)).toMatch(/No sample rows in the input/);
		expect(await liveSampleConnections()).toEqual([]);
	});
});
