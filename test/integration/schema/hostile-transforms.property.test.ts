// Property: with hostile stream and property names, Airbyte's tables (written by the destination emulator) are
// found by the transforms, and every record lands, on real Postgres.
import fc from 'fast-check';
import type { AirbyteStream, JsonSchema } from '../../../lib/airbyte/protocol';
import type { DataModel } from '../../../lib/analysis/model';
import { buildSchemaPlan, renderPlanMigration, renderTransform, toPostgresCompatibleName } from '../../../lib/schema';
import { loadStreamsLikeAirbyte } from '../../airbyte-emulator';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { runScript } from './helpers';

jest.setTimeout(300_000);

const NAMES = ['"', "'; DROP TABLE x; --", '$$', '$do$', 'Ünïcödé', '名前', '🙂', 'select', 'order', 'xmin', 'a'.repeat(100), 'back\\slash', 'new\nline', 'created_at', '%s', 'null', '123', 'user id', 'e-mail', '{{ $json.x }}', "it$'s $&"];

const KINDS: Array<{ schema: JsonSchema; pgType: string; value: (i: number) => unknown }> = [
	{ schema: { type: ['null', 'string'] }, pgType: 'text', value: (i) => `v'$$;${i}` },
	{ schema: { type: 'integer' }, pgType: 'bigint', value: (i) => i * 7 },
	{ schema: { type: ['null', 'number'] }, pgType: 'numeric', value: (i) => i / 4 },
	{ schema: { type: 'boolean' }, pgType: 'boolean', value: (i) => i % 2 === 0 },
	{ schema: { type: 'object' }, pgType: 'jsonb', value: (i) => ({ k: i, '"q"': [i] }) },
	{ schema: { type: 'string' }, pgType: 'numeric', value: (i) => (i % 3 === 0 ? 'not a number' : String(i)) },
];

describe('hostile names through Airbyte tables and transforms (property, real Postgres)', () => {
	let db: TestDatabase;
	let n = 0;
	beforeAll(async () => {
		db = await createTestDatabase('schema_prop_tr');
	});
	afterAll(async () => db?.drop());

	it('every record lands', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 2 }),
				fc.uniqueArray(fc.record({ name: fc.oneof(fc.constantFrom(...NAMES), fc.string({ minLength: 1, maxLength: 30 })), kind: fc.nat({ max: KINDS.length - 1 }) }), { minLength: 1, maxLength: 8, selector: (c) => c.name }),
				fc.integer({ min: 0, max: 6 }),
				async (streamNames, columns, rows) => {
					// Case-only collisions are resolved differently by the emulator (case-sensitive) and Airbyte's
					// resolver (case-insensitive); keep to names both agree on.
					const raw = columns.map((c) => toPostgresCompatibleName(c.name).toLowerCase());
					fc.pre(new Set(raw).size === raw.length && !raw.some((r) => r.startsWith('_airbyte')) && !raw.includes('id'));
					// destination-postgres 3.x does not rename Postgres system columns either: a source field `xmin` fails there.
					fc.pre(!raw.some((r) => ['xmin', 'xmax', 'cmin', 'cmax', 'ctid', 'tableoid'].includes(r)));
					fc.pre(new Set(streamNames.map((s) => toPostgresCompatibleName(s).toLowerCase())).size === streamNames.length);
					// The emulator writer replaces an astral character (emoji) by two underscores, one per UTF-16 unit;
					// Java's regex (and lib/airbyte/naming) by one, per code point. Keep to names both agree on.
					fc.pre(![...streamNames, ...columns.map((c) => c.name)].some((x) => /[\u{10000}-\u{10FFFF}]/u.test(x)));
					const streams: AirbyteStream[] = streamNames.map((name) => ({
						name,
						json_schema: { type: 'object', properties: { id: { type: 'integer' }, ...Object.fromEntries(columns.map((c) => [c.name, KINDS[c.kind].schema])) } },
						supported_sync_modes: ['full_refresh'],
					}));
					const model: DataModel = {
						streams: streamNames.map((name, si) => ({
							name,
							primaryKey: si === 0 ? ['id'] : [],
							sampledRows: rows,
							columns: [{ name: 'id', pgType: 'bigint', nullable: false, semanticType: 'integer' }, ...columns.map((c) => ({ name: c.name, pgType: KINDS[c.kind].pgType, nullable: true, semanticType: 'x' }))],
						})),
						foreignKeys: [],
					};
					const plan = buildSchemaPlan({ model, catalog: { streams }, options: { tenantId: `tr${n++}` } });
					const records = Array.from({ length: rows }, (_, i) => ({ id: i + 1, ...Object.fromEntries(columns.map((c) => [c.name, KINDS[c.kind].value(i)])) }));
					await loadStreamsLikeAirbyte(db.client, { namespace: plan.rawSchema, streams: streams.map((stream) => ({ stream, records })) });
					const migration = renderPlanMigration(plan, { ownerRole: null }).sql;
					const transform = renderTransform(plan).sql;
					// n8n's Postgres node resolves `{{ }}` in its query and splices the text in with String.replace.
					for (const sql of [migration, transform]) {
						expect(sql).not.toMatch(/\{\{|\}\}/);
						expect('q'.replace('q', sql)).toBe(sql);
					}
					await runScript(db.client, migration);
					await runScript(db.client, transform);
					for (const t of plan.tables) {
						const { rows: r } = await db.client.query(`SELECT count(*)::int AS n FROM "${plan.schema}"."${t.name.replace(/"/g, '""')}"`);
						expect(r[0].n).toBe(rows);
					}
				},
			),
			{ numRuns: 25, seed: 7 },
		);
	});
});
