// A cancelled job does not wait for a flush in flight: the writer rolls the flush back between its chunks (as
// when Airbyte kills the destination mid-COPY), so none of its rows become visible and nothing is half-written.
import type { ClientBase } from 'pg';
import type { AirbyteStream } from '../../../lib/airbyte/protocol';
import { FlushAbortedError, PostgresStreamLoader } from '../../airbyte-emulator/destination/writer';
import { createTestDatabase, type TestDatabase } from '../../support/database';

jest.setTimeout(60_000);

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase('cancel_flush');
});
afterAll(async () => db?.drop());

const stream: AirbyteStream = {
	name: 'items',
	supported_sync_modes: ['full_refresh'],
	json_schema: { type: 'object', properties: { id: { type: 'integer' }, label: { type: 'string' } } },
};

async function count(table: string): Promise<number> {
	const { rows } = await db.client.query(`SELECT count(*)::int AS n FROM "cancel_ns"."${table}"`);
	return rows[0].n;
}

it('a cancel during a flush rolls back the whole flush after the chunk in progress; an earlier flush stays', async () => {
	const controller = new AbortController();
	let inserts = 0;
	// Aborts right after the second flush's first chunk reached Postgres (flush 1 = 12,000 rows in 3 chunks of 5,000).
	const client = new Proxy(db.client, {
		get(target, prop, receiver) {
			if (prop !== 'query') return Reflect.get(target, prop, receiver);
			return async (...args: unknown[]) => {
				const result = await (target.query as (...a: unknown[]) => Promise<unknown>).apply(target, args);
				if (typeof args[0] === 'string' && args[0].startsWith('INSERT') && ++inserts === 4) controller.abort();
				return result;
			};
		},
	}) as ClientBase;
	const flushed: number[] = [];
	const loader = new PostgresStreamLoader(client, {
		namespace: 'cancel_ns',
		stream,
		mode: 'append',
		flushMaxRecords: 12_000,
		signal: controller.signal,
		onFlush: (rows) => flushed.push(rows),
	});
	await loader.start();
	for (let id = 1; id <= 12_000; id++) await loader.add({ id, label: `row ${id}` }, Date.now());
	expect(flushed).toEqual([12_000]);
	for (let id = 12_001; id <= 19_000; id++) await loader.add({ id, label: `row ${id}` }, Date.now());
	await expect(loader.finish()).rejects.toBeInstanceOf(FlushAbortedError);
	expect(inserts).toBe(4);
	expect(flushed).toEqual([12_000]);
	expect(await count('items')).toBe(12_000);
	const { rows } = await db.client.query(`SELECT now() AS t`);
	expect(rows).toHaveLength(1); // the connection is usable again (no transaction left open)
});
