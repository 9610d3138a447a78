// The emulator's public API against Airbyte's behaviour: tokens, spec validation, pagination, 409s,
// connection rules, Config API calls, faults, and a clean stop.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { expectNoSpecViolations } from '../../airbyte-emulator';
import { emulatorFixture, type EmulatorFixture } from './helpers';

let fx: EmulatorFixture;

jest.setTimeout(120_000);

beforeAll(async () => {
	fx = await emulatorFixture({ seed: { faker: { count: 50, seed: 7 }, datasets: false } });
}, 120_000);
afterAll(async () => fx?.close(), 60_000);
afterEach(() => {
	fx.emulator.setFaults({});
});

describe('tokens', () => {
	it('issues tokens with the configured expires_in on both prefixes and answers 401 without or with an expired token', async () => {
		const body = { client_id: fx.emulator.clientId, client_secret: fx.emulator.clientSecret, 'grant-type': 'client_credentials' };
		for (const base of [fx.emulator.publicApiBaseUrl, fx.emulator.cloudStyleBaseUrl]) {
			const res = await axios.post(`${base}/applications/token`, body);
			expect(res.data).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900 });
			const ws = await axios.get(`${base}/workspaces`, { headers: { Authorization: `Bearer ${res.data.access_token}` } });
			expect(ws.data.data.map((w: { workspaceId: string }) => w.workspaceId)).toEqual([fx.emulator.workspaceId]);
		}
		const enterprise = await axios.post(`${fx.emulator.configApiBaseUrl}/applications/token`, body);
		expect(enterprise.data.token_type).toBe('Bearer');
		const form = await axios.post(`${fx.emulator.publicApiBaseUrl}/applications/token`, new URLSearchParams({ client_id: fx.emulator.clientId, client_secret: fx.emulator.clientSecret }));
		expect(form.status).toBe(200);

		const wrong = await axios.post(`${fx.emulator.publicApiBaseUrl}/applications/token`, { ...body, client_secret: 'nope' }, { validateStatus: () => true });
		expect(wrong.status).toBe(401);

		const missing = await axios.get(`${fx.emulator.publicApiBaseUrl}/workspaces`, { validateStatus: () => true });
		expect(missing.status).toBe(401);
		expect(missing.data).toMatchObject({ status: 401, title: 'invalid-api-key' });

		const expired = fx.emulator.issueToken(0);
		const res = await axios.get(`${fx.emulator.publicApiBaseUrl}/workspaces`, { headers: { Authorization: `Bearer ${expired}` }, validateStatus: () => true });
		expect(res.status).toBe(401);
	});

	it('revokes every token on expireAllTokens(), and a new token works again', async () => {
		const token = fx.emulator.issueToken();
		const get = (t: string) => axios.get(`${fx.emulator.publicApiBaseUrl}/workspaces`, { headers: { Authorization: `Bearer ${t}` }, validateStatus: () => true });
		expect((await get(token)).status).toBe(200);
		fx.emulator.expireAllTokens();
		expect((await get(token)).status).toBe(401);
		const fresh = await axios.post(`${fx.emulator.publicApiBaseUrl}/applications/token`, { client_id: fx.emulator.clientId, client_secret: fx.emulator.clientSecret });
		expect((await get(fresh.data.access_token)).status).toBe(200);
		fx.api.defaults.headers.Authorization = `Bearer ${fresh.data.access_token}`;
		fx.config.defaults.headers.Authorization = `Bearer ${fresh.data.access_token}`;
	});
});

describe('spec validation', () => {
	it('answers a request that violates api.yaml with a bad-request problem and records it for the test', async () => {
		const res = await fx.api.post('/connections', { sourceId: 'not-a-uuid' });
		expect(res.status).toBe(400);
		expect(res.data).toMatchObject({ status: 400, title: 'bad-request', data: { message: expect.stringContaining('destinationId') } });
		const bigPage = await fx.api.get('/sources', { params: { limit: 500 } });
		expect(bigPage.status).toBe(400);
		const violations = fx.emulator.violations();
		expect(violations.map((v) => `${v.method} ${v.path}`)).toEqual(['POST /connections', 'GET /sources']);
		expect(() => expectNoSpecViolations(fx.emulator)).toThrow(/api\.yaml/);
		fx.emulator.clearViolations();
		expectNoSpecViolations(fx.emulator);
	});

	it('rejects connector configurations that fail api_sdk.yaml or the connector spec with 422', async () => {
		const bad = await fx.api.post('/destinations', {
			name: 'pg',
			workspaceId: fx.emulator.workspaceId,
			configuration: { destinationType: 'postgres', host: 'h', database: 'd' },
		});
		expect(bad.status).toBe(422);
		expect(bad.data.title).toBe('unprocessable-entity');
		const badFaker = await fx.api.post('/sources', { name: 'f', workspaceId: fx.emulator.workspaceId, configuration: { sourceType: 'faker', count: 0 } });
		expect(badFaker.status).toBe(422);
		const unknown = await fx.api.post('/sources', { name: 'x', workspaceId: fx.emulator.workspaceId, configuration: { sourceType: 'no-such-connector' } });
		expect(unknown.status).toBe(400);
		expect(unknown.data.title).toBe('value-not-found');
		const neither = await fx.api.post('/sources', { name: 'x', workspaceId: fx.emulator.workspaceId, configuration: {} });
		expect(neither.status).toBe(422);
		expectNoSpecViolations(fx.emulator);
	});
});

describe('pagination', () => {
	it('pages with limit/offset, sets next on every non-empty page and "" on the empty one', async () => {
		for (let i = 0; i < 4; i++) {
			const res = await fx.api.post('/sources', { name: `faker ${i}`, workspaceId: fx.emulator.workspaceId, configuration: { sourceType: 'faker', count: 10, seed: i } });
			expect(res.status).toBe(200);
			expect(res.data).toMatchObject({ sourceType: 'faker', definitionId: fx.emulator.definitionIds.faker });
			expect(res.data.configuration.sourceType).toBeUndefined();
		}
		const seen: string[] = [];
		let offset = 0;
		const pages = [];
		for (;;) {
			const page = await fx.api.get('/sources', { params: { limit: 2, offset } });
			expect(page.status).toBe(200);
			pages.push(page.data);
			seen.push(...page.data.data.map((s: { sourceId: string }) => s.sourceId));
			if (page.data.data.length === 0) break;
			expect(page.data.next).toContain(`offset=${offset + 2}`);
			offset += 2;
		}
		expect(seen).toHaveLength(5); // seeded faker + 4
		expect(new Set(seen).size).toBe(5);
		expect(pages[0].previous).toBe('');
		expect(pages[2].data).toHaveLength(1);
		expect(pages[2].next).not.toBe(''); // a short last page still has next
		expect(pages[3]).toMatchObject({ data: [], next: '' });
		expectNoSpecViolations(fx.emulator);
	});
});

describe('connections and jobs', () => {
	let connectionId: string;

	it('selects every stream as full_refresh_overwrite when configurations.streams is omitted', async () => {
		const res = await fx.api.post('/connections', {
			sourceId: fx.emulator.sources.faker,
			destinationId: fx.emulator.destinations.postgres,
			namespaceDefinition: 'custom_format',
			namespaceFormat: 'api_test',
		});
		expect(res.status).toBe(200);
		connectionId = res.data.connectionId;
		expect(res.data.schedule).toEqual({ scheduleType: 'manual' });
		expect(res.data.status).toBe('active');
		expect(res.data.configurations.streams.map((s: { name: string; syncMode: string }) => [s.name, s.syncMode])).toEqual([
			['users', 'full_refresh_overwrite'],
			['products', 'full_refresh_overwrite'],
			['purchases', 'full_refresh_overwrite'],
		]);
	});

	it('applies cursor, primary-key, duplicate-stream and schedule rules', async () => {
		const base = { sourceId: fx.emulator.sources.faker, destinationId: fx.emulator.destinations.postgres };
		const create = (extra: object) => fx.api.post('/connections', { ...base, ...extra });
		const dup = await create({ configurations: { streams: [{ name: 'users' }, { name: 'users' }] } });
		expect(dup.status).toBe(400);
		expect(dup.data.data.message).toMatch(/Duplicate stream/);
		const cursor = await create({ configurations: { streams: [{ name: 'users', syncMode: 'incremental_append', cursorField: ['age'] }] } });
		expect(cursor.status).toBe(400);
		expect(cursor.data.data.message).toMatch(/source defined/);
		const pk = await create({ configurations: { streams: [{ name: 'users', syncMode: 'incremental_deduped_history', primaryKey: [['email']] }] } });
		expect(pk.status).toBe(400);
		const fields = await create({ configurations: { streams: [{ name: 'users', syncMode: 'incremental_append', selectedFields: [{ fieldPath: ['name'] }] }] } });
		expect(fields.status).toBe(400);
		const hourly = await create({ schedule: { scheduleType: 'cron', cronExpression: '0 0 * * * ?' } });
		expect(hourly.status).toBe(200);
		expect(hourly.data.schedule).toEqual({ scheduleType: 'cron', cronExpression: '0 0 * * * ?' });
		const tooOften = await create({ schedule: { scheduleType: 'cron', cronExpression: '0 */5 * * * ?' } });
		expect(tooOften.status).toBe(400);
		expect(tooOften.data.type).toBe('error:cron-validation/under-one-hour-not-allowed');
		const incremental = await create({ configurations: { streams: [{ name: 'users', syncMode: 'incremental_deduped_history' }] } });
		expect(incremental.status).toBe(200);
		expect(incremental.data.configurations.streams[0]).toMatchObject({ cursorField: ['updated_at'], primaryKey: [['id']] });
		expectNoSpecViolations(fx.emulator);
	});

	it('answers 409 try-again-later to a second sync and 409 state-conflict to cancelling a finished job', async () => {
		fx.emulator.setFaults({ startupDelayMs: 60_000 });
		const first = await fx.api.post('/jobs', { connectionId, jobType: 'sync' });
		expect(first.status).toBe(200);
		expect(first.data).toMatchObject({ status: 'pending', jobType: 'sync', connectionId, rowsSynced: 0 });
		const second = await fx.api.post('/jobs', { connectionId, jobType: 'sync' });
		expect(second.status).toBe(409);
		expect(second.data).toMatchObject({ title: 'try-again-later', data: { message: `A sync is already running for: ${connectionId}` } });
		const progress = await fx.config.post('/connections/sync_progress', { connectionId });
		expect(progress.status).toBe(200);
		expect(progress.data.jobId).toBe(first.data.jobId);

		const cancelled = await fx.api.delete(`/jobs/${first.data.jobId}`);
		expect(cancelled.status).toBe(200);
		expect(cancelled.data.status).toBe('cancelled');
		const again = await fx.api.delete(`/jobs/${first.data.jobId}`);
		expect(again.status).toBe(409);
		expect(again.data).toMatchObject({ title: 'state-conflict', data: { message: 'Job is not currently running' } });
		const refresh = await fx.api.post('/jobs', { connectionId, jobType: 'refresh' });
		expect(refresh.status).toBe(422);
		expectNoSpecViolations(fx.emulator);
	});

	it('runs a sync pending -> running -> succeeded and lists jobs with filters', async () => {
		const res = await fx.api.post('/jobs', { connectionId, jobType: 'sync' });
		const done = await fx.emulator.waitForJob(res.data.jobId);
		expect(done).toMatchObject({ status: 'succeeded', rowsSynced: expect.any(Number), lastUpdatedAt: expect.any(String), duration: expect.stringMatching(/^PT/) });
		expect(done.rowsSynced).toBeGreaterThan(150); // 50 users + 100 products + purchases
		const got = await fx.api.get(`/jobs/${res.data.jobId}`);
		expect(got.data).toEqual(done);
		const succeeded = await fx.api.get('/jobs', { params: { connectionId, status: 'succeeded' } });
		expect(succeeded.data.data.map((j: { jobId: number }) => j.jobId)).toEqual([res.data.jobId]);
		const all = await fx.api.get('/jobs', { params: { connectionId, orderBy: 'createdAt|ASC' } });
		expect(all.data.data.map((j: { status: string }) => j.status)).toEqual(['cancelled', 'succeeded']);
		const idle = await fx.config.post('/connections/sync_progress', { connectionId });
		expect(idle.data).toEqual({ connectionId, streams: [] });
		expectNoSpecViolations(fx.emulator);
	});

	it('serves streams, discover_schema and connector definitions', async () => {
		const streams = await fx.api.get('/streams', { params: { sourceId: fx.emulator.sources.faker, destinationId: fx.emulator.destinations.postgres } });
		expect(streams.status).toBe(200);
		const users = streams.data.find((s: { streamName: string }) => s.streamName === 'users');
		expect(users).toMatchObject({ sourceDefinedCursorField: true, defaultCursorField: ['updated_at'], sourceDefinedPrimaryKey: [['id']] });
		expect(users.syncModes).toContain('incremental_deduped_history');
		expect(users.propertyFields).toContainEqual(['email']);
		const noDest = await fx.api.get('/streams', { params: { sourceId: fx.emulator.sources.faker } });
		expect(noDest.data[0].syncModes).toBeUndefined();

		const discovered = await fx.config.post('/sources/discover_schema', { sourceId: fx.emulator.sources.faker, disable_cache: true });
		expect(discovered.status).toBe(200);
		expect(discovered.data.jobInfo.succeeded).toBe(true);
		expect(discovered.data.catalog.streams[0].stream.jsonSchema.properties.email).toEqual({ type: 'string' });

		const defs = await fx.api.get('/connector_definitions', { params: { type: 'source', workspaceId: fx.emulator.workspaceId } });
		expect(defs.data.data.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([fx.emulator.definitionIds.faker, fx.emulator.definitionIds.file]));
		const wsDefs = await fx.api.get(`/workspaces/${fx.emulator.workspaceId}/definitions/destinations`);
		expect(wsDefs.data.data[0].id).toBe(fx.emulator.definitionIds.postgres);
		expectNoSpecViolations(fx.emulator);
	});

	it('soft-deletes a connection (status deprecated, hidden from lists) and 404s unknown ids', async () => {
		expect((await fx.api.delete(`/connections/${connectionId}`)).status).toBe(204);
		expect((await fx.api.get(`/connections/${connectionId}`)).status).toBe(404);
		const listed = await fx.api.get('/connections', { params: { includeDeleted: true, limit: 100 } });
		expect(listed.data.data.find((c: { connectionId: string }) => c.connectionId === connectionId).status).toBe('deprecated');
		const missing = await fx.api.get('/sources/00000000-0000-4000-8000-000000000000');
		expect(missing.status).toBe(404);
		expect(missing.data).toMatchObject({ title: 'resource-not-found', data: { resourceId: '00000000-0000-4000-8000-000000000000' } });
		expectNoSpecViolations(fx.emulator);
	});
});

describe('protocol validation', () => {
	it('refuses a source whose discover output violates the Airbyte protocol', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'bad-catalog-'));
		try {
			writeFileSync(join(dir, 'airbyte_catalog.json'), JSON.stringify({ streams: [{ name: 'no_schema', supported_sync_modes: ['full_refresh'] }] }));
			const source = await fx.api.post('/sources', { name: 'bad', workspaceId: fx.emulator.workspaceId, configuration: { sourceType: 'file', path: dir } });
			expect(source.status).toBe(200);
			const res = await fx.api.post('/connections', { sourceId: source.data.sourceId, destinationId: fx.emulator.destinations.postgres });
			expect(res.status).toBe(400);
			expect(res.data.data.message).toMatch(/invalid AirbyteMessage/);
			const discovered = await fx.config.post('/sources/discover_schema', { sourceId: source.data.sourceId });
			expect(discovered.data.jobInfo.succeeded).toBe(false);
			expect(discovered.data.catalog).toBeUndefined();
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('faults', () => {
	it('injects 5xx, 429 without Retry-After, and timeouts, each a bounded number of times', async () => {
		fx.emulator.setFaults({
			requests: [
				{ method: 'GET', path: '/workspaces', kind: 'status', status: 503, times: 1 },
				{ method: 'GET', path: '/workspaces', kind: 'rate-limit', times: 1 },
				{ method: 'GET', path: /^\/sources/, kind: 'timeout', times: 1 },
			],
		});
		const unavailable = await fx.api.get('/workspaces');
		expect(unavailable.status).toBe(503);
		const limited = await fx.api.get('/workspaces');
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toBeUndefined();
		expect((await fx.api.get('/workspaces')).status).toBe(200);
		await expect(fx.api.get('/sources', { timeout: 300 })).rejects.toThrow(/timeout/);
		expect((await fx.api.get('/sources')).status).toBe(200);
	});
});

describe('stop', () => {
	it('leaves no source process, timer or socket behind', async () => {
		const own = await emulatorFixture({ seed: { faker: { count: 200_000, seed: 1 }, datasets: false } });
		const conn = await own.api.post('/connections', { sourceId: own.emulator.sources.faker, destinationId: own.emulator.destinations.postgres });
		await own.api.post('/jobs', { connectionId: conn.data.connectionId, jobType: 'sync' });
		own.emulator.setFaults({ requests: [{ path: '/workspaces', kind: 'timeout' }] });
		void own.api.get('/workspaces').catch(() => undefined);
		try {
			await own.emulator.stop();
			expect(own.emulator.activeResources()).toEqual({ processes: 0, timers: 0, sockets: 0 });
		} finally {
			await own.db.drop();
		}
	});
});
