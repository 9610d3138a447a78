// Nested data: arrays of ids become junction tables, arrays of objects become child tables (`parent__field`);
// later syncs that shrink or change the arrays are reflected, and a re-run changes nothing.
import { randomBytes } from 'node:crypto';
import type { AirbyteStream } from '../../../lib/airbyte/protocol';
import type { DataModel } from '../../../lib/analysis/model';
import { buildSchemaPlan, renderPlanMigration, renderTransform, TRANSFORM_NOTICE_PREFIX, type SchemaPlan } from '../../../lib/schema';
import { loadStreamsLikeAirbyte } from '../../airbyte-emulator';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { runScript } from './helpers';

jest.setTimeout(120_000);

const tracks: AirbyteStream = {
	name: 'tracks',
	json_schema: { type: 'object', properties: { id: { type: 'integer' }, title: { type: 'string' } } },
	supported_sync_modes: ['full_refresh'],
	source_defined_primary_key: [['id']],
};
const playlists: AirbyteStream = {
	name: 'Playlists',
	json_schema: {
		type: 'object',
		properties: {
			id: { type: 'string' },
			'Track IDs': { type: ['null', 'array'], items: { type: 'integer' } },
			entries: {
				type: ['null', 'array'],
				items: { type: 'object', properties: { position: { type: 'integer' }, 'added at': { type: 'string', format: 'date-time' }, meta: { type: 'object' } } },
			},
		},
	},
	supported_sync_modes: ['full_refresh'],
	source_defined_primary_key: [['id']],
};

const model: DataModel = {
	streams: [
		{ name: 'tracks', primaryKey: ['id'], sampledRows: 3, columns: [{ name: 'id', pgType: 'bigint', nullable: false, semanticType: 'integer' }, { name: 'title', pgType: 'text', nullable: true, semanticType: 'text' }] },
		{ name: 'Playlists', primaryKey: ['id'], sampledRows: 2, columns: [{ name: 'id', pgType: 'text', nullable: false, semanticType: 'text' }] },
	],
	foreignKeys: [],
	manyToMany: [{ via: 'array_of_ids', stream: 'Playlists', columns: ['Track IDs'], left: { stream: 'Playlists', columns: ['id'] }, right: { stream: 'tracks', columns: ['id'] }, score: 0.95 }],
};

const trackRows = [1, 2, 3].map((id) => ({ id, title: `t${id}` }));
const playlistRows = [
	{ id: 'p1', 'Track IDs': [1, 2, 2, 3], entries: [{ position: 1, 'added at': '2024-01-01T00:00:00Z', meta: { a: 1 } }, { position: 2, 'added at': 'not a date', meta: null }] },
	{ id: 'p2', 'Track IDs': [], entries: null },
];

describe('junction and child tables', () => {
	let db: TestDatabase;
	let plan: SchemaPlan;
	const count = async (table: string) => (await db.client.query(`SELECT count(*)::int AS n FROM "${plan.schema}"."${table}"`)).rows[0].n;
	const changed = (notices: string[]) => notices.filter((n) => n.startsWith(TRANSFORM_NOTICE_PREFIX)).reduce((s, n) => s + Number(n.split(' ').pop()), 0);

	beforeAll(async () => {
		db = await createTestDatabase('schema_nested');
		plan = buildSchemaPlan({ model, catalog: { streams: [tracks, playlists] }, options: { tenantId: `n_${randomBytes(3).toString('hex')}` } });
		await loadStreamsLikeAirbyte(db.client, { namespace: plan.rawSchema, streams: [{ stream: tracks, records: trackRows }, { stream: playlists, records: playlistRows }] });
		await runScript(db.client, renderPlanMigration(plan, { ownerRole: null }).sql);
		await runScript(db.client, renderTransform(plan).sql);
	});
	afterAll(async () => db?.drop());

	it('plans playlists__track_ids as a junction and playlists__entries as a child table', () => {
		const junction = plan.tables.find((t) => t.name === 'playlists__track_ids')!;
		expect(junction.kind).toBe('junction');
		expect(junction.foreignKeys.map((f) => f.refTable).sort()).toEqual(['playlists', 'tracks']);
		const child = plan.tables.find((t) => t.name === 'playlists__entries')!;
		expect(child.kind).toBe('child');
		expect(child.primaryKey.columns).toEqual(['_parent_id', '_idx']);
		expect(child.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['position', 'added_at', 'meta']));
		expect(plan.tables.find((t) => t.name === 'playlists')!.columns.map((c) => c.name)).not.toContain('track_ids');
	});

	it('lands one link per distinct id and one row per element, typed', async () => {
		expect(await count('playlists__track_ids')).toBe(3);
		expect(await count('playlists__entries')).toBe(2);
		const { rows } = await db.client.query(`SELECT _idx, position, added_at, meta FROM "${plan.schema}".playlists__entries ORDER BY _idx`);
		expect(rows[0]).toMatchObject({ _idx: 0, position: '1', meta: { a: 1 } });
		expect(rows[0].added_at).toEqual(new Date('2024-01-01T00:00:00Z'));
		expect(rows[1].added_at).toBeNull(); // not a date: NULL, the row still lands
	});

	it('re-running changes nothing; a later sync that shrinks the arrays removes what went away', async () => {
		expect(changed((await runScript(db.client, renderTransform(plan).sql)).notices)).toBe(0);
		await loadStreamsLikeAirbyte(db.client, {
			namespace: plan.rawSchema,
			streams: [{ stream: playlists, records: [{ id: 'p1', 'Track IDs': [3], entries: [{ position: 9 }] }] }],
		});
		await runScript(db.client, renderTransform(plan).sql);
		const { rows } = await db.client.query(`SELECT _parent_id, id FROM "${plan.schema}".playlists__track_ids ORDER BY 1, 2`);
		expect(rows).toEqual([{ _parent_id: 'p1', id: '3' }]);
		const { rows: entries } = await db.client.query(`SELECT _idx, position FROM "${plan.schema}".playlists__entries ORDER BY 1`);
		expect(entries).toEqual([{ _idx: 0, position: '9' }]);
		expect(changed((await runScript(db.client, renderTransform(plan).sql)).notices)).toBe(0);
	});
});
