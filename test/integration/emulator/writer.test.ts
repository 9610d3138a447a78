// The standalone destination-postgres writer (loadStreamsLikeAirbyte) on hostile names and values.
import { loadStreamsLikeAirbyte } from '../../airbyte-emulator';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import type { AirbyteStream } from '../../../lib/airbyte/protocol';

jest.setTimeout(60_000);

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase('writer');
});
afterAll(async () => db?.drop());

const longName = `${'a_really_long_property_name_'.repeat(3)}tail`;
const stream: AirbyteStream = {
	name: 'Order Items-2024',
	supported_sync_modes: ['full_refresh'],
	json_schema: {
		type: 'object',
		properties: {
			'Order ID': { type: 'integer' },
			'Prix (€)': { type: ['null', 'number'] },
			'1st_seen': { type: 'string', format: 'date' },
			[longName]: { type: 'string' },
			address: { type: 'object', properties: { city: { type: 'string' } } },
			tags: { type: 'array', items: { type: 'string' } },
			flexible: { type: ['string', 'integer'] },
			created: { type: 'string', format: 'date-time' },
		},
	},
};

it('normalises names, maps types, and nulls invalid values with _airbyte_meta changes', async () => {
	const result = await loadStreamsLikeAirbyte(db.client, {
		namespace: 'tenant raw',
		streams: [
			{
				stream,
				records: [
					{ 'Order ID': 1, 'Prix (€)': 9.5, '1st_seen': '2024-02-03', [longName]: 'x', address: { city: 'Oslo' }, tags: ['a'], flexible: 3, created: '2024-02-03T04:05:06Z' },
					{ 'Order ID': 'two', 'Prix (€)': null, '1st_seen': 'not a date', address: null, tags: [], flexible: 'three', created: '2024-02-03T04:05:06+01:00' },
				],
			},
		],
	});
	const [table] = result.tables;
	expect(table).toMatchObject({ namespace: 'tenant_raw', table: 'Order_Items_2024', rowsWritten: 2 });
	const names = table.columns.map((c) => c.name);
	expect(names.slice(0, 3)).toEqual(['Order_ID', 'Prix____', '_1st_seen']);
	expect(names[3]).toHaveLength(63);
	const { rows: cols } = await db.client.query(
		"SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tenant_raw' AND table_name = 'Order_Items_2024'",
	);
	const types = Object.fromEntries(cols.map((c: { column_name: string; data_type: string }) => [c.column_name, c.data_type]));
	expect(types).toMatchObject({ Order_ID: 'bigint', Prix____: 'numeric', _1st_seen: 'date', address: 'jsonb', tags: 'jsonb', flexible: 'jsonb', created: 'timestamp with time zone' });

	const { rows } = await db.client.query('SELECT * FROM tenant_raw."Order_Items_2024" ORDER BY "_airbyte_extracted_at", "Order_ID" NULLS LAST');
	const good = rows.find((r: { Order_ID: string | null }) => r.Order_ID === '1');
	const bad = rows.find((r: { Order_ID: string | null }) => r.Order_ID === null);
	expect(good.address).toEqual({ city: 'Oslo' });
	expect(good.flexible).toBe(3);
	expect(good._airbyte_meta.changes).toEqual([]);
	expect(bad.flexible).toBe('three');
	expect(bad._airbyte_meta.changes.map((c: { field: string }) => c.field).sort()).toEqual(['1st_seen', 'Order ID']);
	expect(bad._airbyte_meta.changes[0]).toMatchObject({ change: 'NULLED', reason: 'DESTINATION_SERIALIZATION_ERROR' });
});

it('appends to an existing table and adds columns for new properties', async () => {
	const base: AirbyteStream = { name: 'events', supported_sync_modes: ['full_refresh'], json_schema: { type: 'object', properties: { id: { type: 'integer' } } } };
	await loadStreamsLikeAirbyte(db.client, { namespace: 'evo', streams: [{ stream: base, records: [{ id: 1 }] }] });
	const wider = { ...base, json_schema: { type: 'object' as const, properties: { id: { type: 'integer' as const }, kind: { type: 'string' as const } } } };
	await loadStreamsLikeAirbyte(db.client, { namespace: 'evo', streams: [{ stream: wider, records: [{ id: 2, kind: 'click' }] }] });
	const { rows } = await db.client.query('SELECT id, kind FROM evo.events ORDER BY id');
	expect(rows).toEqual([
		{ id: '1', kind: null },
		{ id: '2', kind: 'click' },
	]);
});

it('overwrite replaces the table through a temp table and flushes in batches', async () => {
	const s: AirbyteStream = { name: 'nums', supported_sync_modes: ['full_refresh'], json_schema: { type: 'object', properties: { n: { type: 'integer' } } } };
	const records = (count: number) => Array.from({ length: count }, (_, i) => ({ n: i }));
	await loadStreamsLikeAirbyte(db.client, { namespace: 'ow', streams: [{ stream: s, records: records(10), destinationSyncMode: 'overwrite' }] });
	await loadStreamsLikeAirbyte(db.client, { namespace: 'ow', generationId: 2, flushMaxRecords: 3, streams: [{ stream: s, records: records(7), destinationSyncMode: 'overwrite' }] });
	const { rows } = await db.client.query('SELECT count(*)::int AS n, min(_airbyte_generation_id)::int AS g FROM ow.nums');
	expect(rows[0]).toEqual({ n: 7, g: 2 });
	const { rows: temp } = await db.client.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'airbyte_internal'");
	expect(temp[0].n).toBe(0);
});
