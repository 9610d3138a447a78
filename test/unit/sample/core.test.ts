import fs from 'node:fs';
import { assembleSamples, columnRenames, sampleStatus } from '../../../lib/sample/assemble';
import { catalogFromDiscover, catalogFromStreamProperties, resolveRefs } from '../../../lib/sample/catalog';
import { newRunId, parseSampleConnectionName, runIdOfNamespace, sampleConnectionName, sampleNamespace } from '../../../lib/sample/naming';
import { connectionRequest, planSample, SampleInputError } from '../../../lib/sample/plan';
import { cleanupSql, readSql } from '../../../lib/sample/sql';
import { decideStop } from '../../../lib/sample/stop';
import { decodeTicket, encodeTicket } from '../../../lib/sample/ticket';
import type { AirbyteStream } from '../../../lib/airbyte/protocol';
import type { SampleLimits, SampleTicket } from '../../../lib/sample/types';
import { sharedPath } from '../../support/shared-data';

const chinook = JSON.parse(fs.readFileSync(sharedPath('datasets', 'chinook', 'airbyte_catalog.json'), 'utf8')) as { streams: AirbyteStream[] };
const limits: SampleLimits = { sampleSize: 100, maxStreams: 50, maxRecordBytes: 1024 * 1024, maxSampleBytes: 8 * 1024 * 1024 };
const runId = 'abcdef012345';
const stream = (name: string, extra: Partial<AirbyteStream> = {}): AirbyteStream => ({
	name,
	json_schema: { type: 'object', properties: { id: { type: 'integer' } } },
	supported_sync_modes: ['full_refresh'],
	...extra,
});

describe('sample names', () => {
	it('gives every run its own namespace and a connection name Clean Up Orphans recognises', () => {
		const ids = new Set(Array.from({ length: 200 }, () => newRunId()));
		expect(ids.size).toBe(200);
		expect(sampleNamespace(runId)).toBe('n8n_sample_abcdef012345');
		expect(runIdOfNamespace('n8n_sample_abcdef012345')).toBe(runId);
		expect(runIdOfNamespace('public')).toBeUndefined();
		const name = sampleConnectionName(runId, new Date('2026-01-02T03:04:05.000Z'));
		expect(parseSampleConnectionName(name)).toEqual({ runId, createdAt: new Date('2026-01-02T03:04:05.000Z') });
		expect(parseSampleConnectionName('production sync')).toBeUndefined();
		expect(() => sampleNamespace('x"; DROP')).toThrow();
	});
});

describe('planSample', () => {
	const base = { runId, createdAt: new Date('2026-01-01T00:00:00Z'), selected: [] as string[], limits };

	it('plans every chinook stream as full_refresh_append into the run namespace', () => {
		const plan = planSample({ ...base, catalog: chinook.streams });
		expect(plan.namespace).toBe('n8n_sample_abcdef012345');
		expect(plan.streams.map((s) => s.stream.name)).toEqual(chinook.streams.map((s) => s.name));
		expect(plan.streams.every((s) => s.syncMode === 'full_refresh_append')).toBe(true);
		const body = connectionRequest(plan, 'src', 'dst');
		expect(body).toMatchObject({
			namespaceDefinition: 'custom_format',
			namespaceFormat: 'n8n_sample_abcdef012345',
			schedule: { scheduleType: 'manual' },
			name: plan.connectionName,
		});
		expect(body.configurations.streams[0]).toEqual({ name: chinook.streams[0].name, syncMode: 'full_refresh_append' });
	});

	it('uses incremental_append (with the default cursor) where full refresh is unsupported, and skips what cannot sync', () => {
		const plan = planSample({
			...base,
			catalog: [
				stream('events', { supported_sync_modes: ['incremental'], default_cursor_field: ['updated_at'] }),
				stream('logs', { supported_sync_modes: ['incremental'], source_defined_cursor: true }),
				stream('nocursor', { supported_sync_modes: ['incremental'] }),
			],
		});
		expect(plan.streams.map((s) => [s.stream.name, s.syncMode, s.cursorField])).toEqual([
			['events', 'incremental_append', ['updated_at']],
			['logs', 'incremental_append', undefined],
		]);
		expect(plan.skipped).toEqual([expect.objectContaining({ name: 'nocursor' })]);
		expect(plan.warnings.join(' ')).toMatch(/nocursor/);
	});

	it('caps a 1,000-stream catalog at Max Streams with a warning, and rejects an explicit over-selection', () => {
		const catalog = Array.from({ length: 1000 }, (_, i) => stream(`s${i}`));
		const plan = planSample({ ...base, catalog, limits: { ...limits, maxStreams: 20 } });
		expect(plan.streams).toHaveLength(20);
		expect(plan.warnings[0]).toMatch(/1000 streams; sampling the first 20/);
		expect(() => planSample({ ...base, catalog, selected: catalog.slice(0, 30).map((s) => s.name), limits: { ...limits, maxStreams: 20 } })).toThrow(
			/30 streams selected, more than Max Streams \(20\)/,
		);
	});

	it('rejects unknown streams, out-of-range bounds and empty catalogs with clear messages', () => {
		expect(() => planSample({ ...base, catalog: [stream('a')], selected: ['b'] })).toThrow(/Unknown stream\(s\): b/);
		expect(() => planSample({ ...base, catalog: [stream('a')], limits: { ...limits, sampleSize: 0 } })).toThrow(SampleInputError);
		expect(() => planSample({ ...base, catalog: [stream('a')], limits: { ...limits, maxRecordBytes: 50 * 1024 * 1024 } })).toThrow(
			/maxRecordBytes must be a whole number between/,
		);
		expect(() => planSample({ ...base, catalog: [] })).toThrow(/no streams/);
	});

	it('normalises table names and skips streams whose tables would collide', () => {
		const plan = planSample({ ...base, catalog: [stream('Order Items'), stream('Order-Items'), stream('2fa')] });
		expect(plan.streams.map((s) => s.table)).toEqual(['Order_Items', '_2fa']);
		expect(plan.skipped[0]).toMatchObject({ name: 'Order-Items' });
	});
});

describe('decideStop', () => {
	const progress = (jobStatus: string, streams: Array<[string, number, number?]>) => ({
		jobStatus,
		perStreamAvailable: true,
		streams: streams.map(([name, committed, emitted]) => ({ name, recordsCommitted: committed, recordsEmitted: emitted })),
	});
	const base = { streams: ['a', 'b'], sampleSize: 1000, elapsedMs: 10_000, budgetMs: 60_000 };

	it('waits while streams are short of the sample size', () => {
		expect(decideStop({ ...base, progress: progress('running', [['a', 0, 5000], ['b', 0, 10]]) }).action).toBe('wait');
	});
	it('cancels once every stream has sampleSize committed rows', () => {
		const d = decideStop({ ...base, progress: progress('running', [['a', 100_000, 150_000], ['b', 1000, 1000]]) });
		expect(d).toMatchObject({ action: 'cancel', reason: 'enough_rows' });
	});
	it('counts a small stream as finished when everything it emitted is committed and it stopped moving', () => {
		const now = progress('running', [['a', 100_000, 180_000], ['b', 37, 37]]);
		expect(decideStop({ ...base, progress: now }).action).toBe('wait');
		const d = decideStop({ ...base, progress: now, previous: progress('running', [['a', 100_000, 120_000], ['b', 37, 37]]) });
		expect(d.action).toBe('cancel');
		expect(d.streams.find((s) => s.name === 'b')).toMatchObject({ finished: true, satisfied: true });
	});
	it('cancels when the budget runs out and reports unsatisfied streams', () => {
		const d = decideStop({ ...base, elapsedMs: 60_000, progress: progress('running', [['a', 1000, 1000]]) });
		expect(d.action).toBe('cancel');
		expect(d.reason).toBe('budget_expired');
		expect(d.streams.find((s) => s.name === 'b')?.satisfied).toBe(false);
	});
	it('is done when the job ends, whatever the progress', () => {
		expect(decideStop({ ...base, progress: progress('succeeded', []) })).toMatchObject({ action: 'done', reason: 'job_succeeded' });
		expect(decideStop({ ...base, progress: progress('succeeded', []) }).streams.every((s) => s.finished)).toBe(true);
		expect(decideStop({ ...base, progress: progress('failed', []) }).reason).toBe('job_failed');
	});
	it('without per-stream progress never stops early, only on budget', () => {
		const p = { jobStatus: 'running', perStreamAvailable: false, streams: [] };
		expect(decideStop({ ...base, sampleSize: 1, progress: p }).action).toBe('wait');
	});
});

const ticket: SampleTicket = {
	v: 1,
	runId,
	connectionId: 'c1',
	jobId: 7,
	namespace: 'n8n_sample_abcdef012345',
	table: 'First_Table',
	sampleSize: 2,
	finished: false,
	stream: { name: 'First Table', json_schema: { properties: { 'First Name': {}, id: {} } }, supported_sync_modes: ['full_refresh'] },
};

describe('readSql / cleanupSql text', () => {
	it('is inert for n8n expressions and pg-promise formatting', () => {
		const sql = readSql({ ticket, limits });
		expect(sql).not.toMatch(/\{\{/);
		expect(sql).not.toMatch(/\$\d|\$\{|\$\(|\$<|\$\[|\$\//);
		expect(sql).toContain('"n8n_sample_abcdef012345"."First_Table"');
	});
	it('refuses namespaces that are not sample namespaces', () => {
		expect(() => readSql({ ticket: { ...ticket, namespace: 'public' }, limits })).toThrow(/not a sample namespace/);
		expect(() => cleanupSql([{ namespace: 'public', tables: [] }])).toThrow(/not a sample namespace/);
		expect(() => readSql({ ticket: { ...ticket, table: 'x"; drop' }, limits })).toThrow(/normalised/);
	});
	it('drops the namespace and the run\'s airbyte_internal leftovers, idempotently', () => {
		const sql = cleanupSql([{ namespace: ticket.namespace, tables: ['users'] }]);
		expect(sql).toMatch(/^DROP SCHEMA IF EXISTS "n8n_sample_abcdef012345" CASCADE;/);
		expect(sql).toMatch(/DROP TABLE IF EXISTS "airbyte_internal"\."n8n_sampef012345users[0-9a-f]{32}";/);
		expect(sql).toContain('"airbyte_internal"."n8n_sample_abcdef012345_raw__stream_users"');
	});
});

describe('assembleSamples', () => {
	it('round-trips tickets and rebuilds records with the original property names', () => {
		expect(decodeTicket(encodeTicket(ticket))).toEqual(ticket);
		expect(decodeTicket('not base64!')).toBeUndefined();
		expect([...columnRenames(ticket.stream)]).toEqual([['First_Name', 'First Name']]);
		const rows = [
			{ sample_ticket: encodeTicket(ticket), table_found: true, total_rows: '5', records: [{ First_Name: 'Ann', id: 1 }, { First_Name: 'Bo', id: 2 }], oversized_records: 0, truncated_by_size: false },
			{ sample_ticket: encodeTicket({ ...ticket, table: 'Other', stream: { ...ticket.stream, name: 'Other' } }), table_found: false, total_rows: 0, records: '[]', oversized_records: 0, truncated_by_size: false },
			{ unrelated: true },
		];
		const out = assembleSamples(rows);
		expect(out.streams[0]).toMatchObject({ status: 'complete', totalRecords: 5, records: [{ 'First Name': 'Ann', id: 1 }, { 'First Name': 'Bo', id: 2 }] });
		expect(out.streams[1]).toMatchObject({ status: 'schema_only', records: [] });
		expect(out.streams[1].warnings[0]).toMatch(/only its schema/);
		expect(out.rejected).toEqual([{ index: 2, reason: expect.stringMatching(/sample_ticket/) }]);
		expect(out.runs).toEqual([{ runId, connectionId: 'c1', jobId: 7, namespace: ticket.namespace, tables: ['First_Table', 'Other'] }]);
	});
	it('rates coverage: complete / partial / schema_only', () => {
		const s = { records: 3, totalRows: 3, sampleSize: 10, finished: true, oversized: 0, truncated: false };
		expect(sampleStatus(s)).toBe('complete');
		expect(sampleStatus({ ...s, finished: false })).toBe('partial');
		expect(sampleStatus({ ...s, oversized: 1 })).toBe('partial');
		expect(sampleStatus({ ...s, records: 0 })).toBe('schema_only');
	});
});

describe('catalog', () => {
	it('resolves local and WellKnownTypes $refs and tolerates unknown ones', () => {
		const unresolved = new Set<string>();
		const out = resolveRefs(
			{
				definitions: { addr: { type: 'object', properties: { city: { type: 'string' } } } },
				properties: {
					a: { $ref: '#/definitions/addr' },
					t: { $ref: 'WellKnownTypes.json#/definitions/TimestampWithTimezone' },
					u: { $ref: 'shared/user.json', description: 'user' },
				},
			},
			unresolved,
		);
		expect(out.properties?.a).toEqual({ type: 'object', properties: { city: { type: 'string' } } });
		expect(out.properties?.t).toMatchObject({ type: 'string', format: 'date-time' });
		expect(out.properties?.u).toEqual({ description: 'user' });
		expect([...unresolved]).toEqual(['shared/user.json']);
	});
	it('survives a self-referencing schema', () => {
		const unresolved = new Set<string>();
		resolveRefs({ definitions: { n: { properties: { next: { $ref: '#/definitions/n' } } } }, properties: { root: { $ref: '#/definitions/n' } } }, unresolved);
		expect(unresolved.has('#/definitions/n')).toBe(true);
	});
	it('converts discover_schema and public /streams catalogs, saying where it came from', () => {
		const d = catalogFromDiscover({ streams: [{ stream: { name: 'users', jsonSchema: { properties: { id: { type: 'integer' } } }, supportedSyncModes: ['full_refresh', 'incremental'], sourceDefinedPrimaryKey: [['id']] } }] });
		expect(d.origin).toBe('discover_schema');
		expect(d.streams[0]).toMatchObject({ name: 'users', supported_sync_modes: ['full_refresh', 'incremental'], source_defined_primary_key: [['id']] });
		const p = catalogFromStreamProperties(
			[{ streamName: 'users', syncModes: ['incremental_append'], propertyFields: [['id'], ['address'], ['address', 'city']], defaultCursorField: ['updated'], sourceDefinedCursorField: false, sourceDefinedPrimaryKey: [] } as never],
			'404',
		);
		expect(p.origin).toBe('public_streams');
		expect(p.warnings[0]).toMatch(/Config API .* not reachable \(404\)/);
		expect(p.streams[0].supported_sync_modes).toEqual(['incremental']);
		expect(p.streams[0].json_schema.properties?.address?.properties?.city).toEqual({});
	});
});

describe('rotationTargets', () => {
	const { rotationTargets } = jest.requireActual('../../../lib/sample/stop') as typeof import('../../../lib/sample/stop');
	const progress = (streams: Array<[string, number, number]>) => ({
		jobStatus: 'running',
		perStreamAvailable: true,
		streams: streams.map(([name, committed, emitted]) => ({ name, recordsCommitted: committed, recordsEmitted: emitted })),
	});
	const base = { streams: ['users', 'products', 'purchases'], sampleSize: 1000, elapsedMs: 1, budgetMs: 60_000 };

	it('restarts with the untouched streams when a sequential source is stuck on a satisfied stream', () => {
		const p = progress([['users', 5000, 80_000], ['products', 0, 0], ['purchases', 0, 0]]);
		expect(rotationTargets(decideStop({ ...base, progress: p }), p)).toEqual(['products', 'purchases']);
	});
	it('never rotates a stream that already emitted rows (a re-read would duplicate them)', () => {
		const p = progress([['users', 5000, 80_000], ['products', 0, 10], ['purchases', 0, 0]]);
		expect(rotationTargets(decideStop({ ...base, progress: p }), p)).toBeUndefined();
	});
	it('never rotates again while a rotated job has not started its streams yet', () => {
		const carried = { users: { recordsCommitted: 100_000, finished: false } };
		for (const p of [progress([]), progress([['products', 0, 0], ['purchases', 0, 0]])]) {
			expect(rotationTargets(decideStop({ ...base, progress: p, carried }), p)).toBeUndefined();
		}
	});
	it('carries satisfied streams across jobs', () => {
		const p = progress([['products', 100, 100], ['purchases', 1000, 1000]]);
		const d = decideStop({ ...base, progress: p, previous: p, carried: { users: { recordsCommitted: 5000, finished: false } } });
		expect(d).toMatchObject({ action: 'cancel', reason: 'enough_rows' });
	});
});
