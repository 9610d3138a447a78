// Temporary sample connections carry the `n8n-sample` tag: Start Sample ensures it (list, create, on 409 list
// again; concurrent runs converge on one tag) and attaches it; Clean Up Orphans finds sample connections by the
// tag (tagIds filter) and by name, idempotently. Airbyte without tags (404) or without access to them (403)
// falls back to names with a warning. Against the spec-validated emulator writing to a real embedded Postgres.
import { randomBytes } from 'node:crypto';
import type { AirbyteClient } from '../../../lib/airbyte/client';
import { cleanUpOrphans, startSample, type SampleClients } from '../../../lib/sample/run';
import { SAMPLE_TAG_NAME, ensureSampleTag } from '../../../lib/sample/tag';
import type { SampleLimits } from '../../../lib/sample/types';
import { expectNoSpecViolations, startEmulator, type EmulatorHandle } from '../../airbyte-emulator';
import { createAxiosAirbyteClient } from '../../support/airbyte-axios-transport';
import { createTestDatabase, type TestDatabase } from '../../support/database';

jest.setTimeout(180_000);

const LIMITS: SampleLimits = { sampleSize: 20, maxStreams: 10, maxRecordBytes: 64 * 1024, maxSampleBytes: 1024 * 1024 };

let db: TestDatabase;
let emu: EmulatorHandle;
let clients: SampleClients;

beforeAll(async () => {
	db = await createTestDatabase('sample_tags');
	emu = await startEmulator({ databaseUrl: db.url, flushMaxRecords: 100, seed: { faker: { count: 150, seed: 5 }, datasets: false } });
	const auth = { type: 'clientCredentials' as const, clientId: emu.clientId, clientSecret: emu.clientSecret };
	clients = { client: createAxiosAirbyteClient(emu.publicApiBaseUrl, auth).client, cleanup: createAxiosAirbyteClient(emu.publicApiBaseUrl, auth).client };
}, 120_000);

afterAll(async () => {
	await emu?.stop();
	await db?.drop();
}, 60_000);

afterEach(async () => {
	emu.setTagsApi('enabled');
	expectNoSpecViolations(emu);
	// Leave no sample behind for the next test.
	const { cleanupSql } = await cleanUpOrphans(clients, { olderThanMs: 0 });
	if (cleanupSql) await db.client.query(cleanupSql);
});

const start = (workspaceId?: string) =>
	startSample(clients, {
		workspaceId,
		sourceId: emu.sources.faker,
		destinationId: emu.destinations.postgres,
		selected: ['products'],
		limits: LIMITS,
		wait: false,
		budgetMs: 60_000,
		pollIntervalMs: 100,
		runId: randomBytes(6).toString('hex'),
	});

const client = (): AirbyteClient => clients.client;

async function sampleSchemas(): Promise<string[]> {
	const { rows } = await db.client.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'n8n\\_sample\\_%'`);
	return rows.map((r) => r.nspname);
}

describe('sample tag', () => {
	it('concurrent Start Samples create exactly one n8n-sample tag and attach it to every temporary connection', async () => {
		expect(await client().listTags({ workspaceIds: [emu.workspaceId] })).toEqual([]);
		const runs = await Promise.all([start(), start(), start(emu.workspaceId)]);
		const tags = (await client().listTags({ workspaceIds: [emu.workspaceId] })).filter((t) => t.name === SAMPLE_TAG_NAME);
		expect(tags).toHaveLength(1);
		for (const run of runs) {
			expect(run.tagId).toBe(tags[0].tagId);
			expect(run.warnings.filter((w) => /tag/i.test(w))).toEqual([]);
			const connection = await client().getConnection(run.connectionId);
			expect(connection.tags).toEqual([tags[0]]);
		}
		// ensureSampleTag is idempotent and race-safe on its own too (the losers of the create race get 409).
		const again = await Promise.all([1, 2, 3].map(() => ensureSampleTag(client(), emu.workspaceId)));
		expect(new Set(again.map((a) => a.tag?.tagId))).toEqual(new Set([tags[0].tagId]));
		expect(emu.violations()).toEqual([]);
	});

	it('Clean Up Orphans finds sample connections by tag and by name, a renamed one by its tag only, leaves a hand-tagged foreign connection alone, and is idempotent', async () => {
		const [plain, renamed] = await Promise.all([start(), start()]);
		await client().updateConnection(renamed.connectionId, { name: 'renamed by someone' });
		const tag = (await ensureSampleTag(client(), emu.workspaceId)).tag!;
		const foreign = await client().createConnection({
			name: 'production sync',
			sourceId: emu.sources.faker,
			destinationId: emu.destinations.postgres,
			configurations: { streams: [{ name: 'products', syncMode: 'full_refresh_append' }] },
			tags: [tag],
		});

		const young = await cleanUpOrphans(clients, { olderThanMs: 3_600_000 });
		expect(young.orphans).toEqual([]);

		const first = await cleanUpOrphans(clients, { olderThanMs: 0 });
		const byId = new Map(first.orphans.map((o) => [o.connectionId, o]));
		expect(byId.get(plain.connectionId)).toMatchObject({ foundBy: ['name', 'tag'], namespace: plain.namespace, actions: expect.arrayContaining(['deleted connection']) });
		expect(byId.get(renamed.connectionId)).toMatchObject({ foundBy: ['tag'], namespace: renamed.namespace, runId: renamed.runId });
		expect(byId.has(foreign.connectionId)).toBe(false);
		expect(first.warnings).toEqual([expect.stringContaining(`"production sync" (${foreign.connectionId}) carries the sample tag`)]);
		expect((await client().getConnection(foreign.connectionId)).status).toBe('active');
		for (const id of [plain.connectionId, renamed.connectionId]) {
			await expect(client().getConnection(id)).rejects.toMatchObject({ kind: 'not-found' });
		}

		await db.client.query(first.cleanupSql);
		expect(await sampleSchemas()).toEqual([]);
		const second = await cleanUpOrphans(clients, { olderThanMs: 0 });
		const mine = second.orphans.filter((o) => o.connectionId === plain.connectionId || o.connectionId === renamed.connectionId);
		expect(mine).toHaveLength(2);
		expect(second.orphans.every((o) => o.actions.length === 0 && o.problems.length === 0 && o.status === 'deprecated')).toBe(true);
		await db.client.query(second.cleanupSql);
		await client().deleteConnection(foreign.connectionId);
	});

	it('ensureSampleTag converges when concurrent callers race to create the tag: the 409 losers list again', async () => {
		for (const t of await client().listTags({ workspaceIds: [emu.workspaceId] })) if (t.name === SAMPLE_TAG_NAME) await client().deleteTag(t.tagId);
		const outcomes: string[] = [];
		const raw = client();
		const create = raw.createTag.bind(raw);
		raw.createTag = async (request) => {
			try {
				const tag = await create(request);
				outcomes.push('created');
				return tag;
			} catch (error) {
				outcomes.push(String((error as { status?: number }).status));
				throw error;
			}
		};
		try {
			const results = await Promise.all([1, 2, 3, 4].map(() => ensureSampleTag(raw, emu.workspaceId)));
			expect(new Set(results.map((r) => r.tag?.tagId)).size).toBe(1);
			expect(results.every((r) => r.warning === undefined)).toBe(true);
			expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
			expect(outcomes).toContain('409');
		} finally {
			delete (raw as { createTag?: unknown }).createTag;
		}
	});

	it.each([
		['absent', /no tags API/],
		['forbidden', /may not use tags/],
	] as const)('tags %s: Start Sample warns and creates an untagged connection; Clean Up Orphans warns and finds it by name', async (mode, reason) => {
		emu.setTagsApi(mode);
		const run = await start();
		expect(run.tagId).toBeUndefined();
		expect(run.warnings).toEqual(expect.arrayContaining([expect.stringMatching(reason)]));
		expect(run.warnings.join(' ')).toMatch(/recognised by their name only/);
		const connection = await client().getConnection(run.connectionId);
		expect(connection.tags.filter((t) => t.name === SAMPLE_TAG_NAME)).toEqual([]);

		const cleaned = await cleanUpOrphans(clients, { olderThanMs: 0 });
		expect(cleaned.warnings).toEqual([expect.stringMatching(reason)]);
		expect(cleaned.orphans.find((o) => o.connectionId === run.connectionId)).toMatchObject({ foundBy: ['name'], actions: expect.arrayContaining(['deleted connection']) });
		await db.client.query(cleaned.cleanupSql);
		expect(await sampleSchemas()).toEqual([]);
	});
});
