// Property: any catalog, however hostile its names (quotes, semicolons, $$, unicode, 100-character names,
// reserved words, names that collide after normalisation, 1,000 columns), plans into a migration real
// Postgres applies, where every planned name exists exactly and every source name round-trips in comments.
import fc from 'fast-check';
import type { AirbyteCatalog, JsonSchema } from '../../../lib/airbyte/protocol';
import type { DataModel } from '../../../lib/analysis/model';
import {
	buildSchemaPlan,
	diffPlan,
	introspectionQuery,
	parseIntrospection,
	parseSchemaPlan,
	renderPlanMigration,
	STEP_NOTICE_PREFIX,
	type SchemaPlan,
} from '../../../lib/schema';
import { columnComment, tableComment } from '../../../lib/schema/sql/ddl';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { runScript } from './helpers';

jest.setTimeout(300_000);

const HOSTILE = [
	'"',
	'a"b',
	"'; DROP TABLE users; --",
	'$$',
	'$do$',
	'$body$ END $body$',
	'x); DROP SCHEMA public CASCADE; --',
	'Ünïcödé naïve',
	'名前',
	'🙂 emoji',
	'select',
	'user',
	'order',
	'group',
	'xmin',
	'ctid',
	'Name',
	'name',
	'NAME',
	' name ',
	'na-me',
	'na me',
	'',
	'123abc',
	'a'.repeat(100),
	`${'a'.repeat(99)}b`,
	'back\\slash',
	'new\nline',
	'_airbyte_raw_id',
	'_airbyte_extracted_at',
	'created_at',
	'updated_at',
	'_synced_at',
	'_schema_migrations',
	'%s %d',
	'null',
	'{{ $json.secret }}',
	"it$'s",
	'$& $` $1',
	'}}{{',
];

const nameArb = fc.oneof(
	{ weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
	{ weight: 1, arbitrary: fc.string({ minLength: 0, maxLength: 100 }) },
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) },
);

const SCALARS: Array<{ schema: JsonSchema; pgType: string; semanticType: string }> = [
	{ schema: { type: ['null', 'string'] }, pgType: 'text', semanticType: 'text' },
	{ schema: { type: 'integer' }, pgType: 'bigint', semanticType: 'integer' },
	{ schema: { type: ['null', 'number'] }, pgType: 'numeric', semanticType: 'number' },
	{ schema: { type: 'boolean' }, pgType: 'boolean', semanticType: 'boolean' },
	{ schema: { type: 'string', format: 'date-time' }, pgType: 'timestamptz', semanticType: 'timestamp_tz' },
	{ schema: { type: 'integer' }, pgType: 'timestamptz', semanticType: 'epoch_seconds' },
	{ schema: { type: 'string' }, pgType: 'uuid', semanticType: 'uuid' },
	{ schema: { type: 'object' }, pgType: 'jsonb', semanticType: 'json' },
	{ schema: { type: 'string' }, pgType: 'text', semanticType: 'enum' },
];

const NESTED: JsonSchema = { type: ['null', 'array'], items: { type: 'object', properties: { id: { type: 'string' }, 'amount $$': { type: 'number' } } } };

interface Generated {
	model: DataModel;
	catalog: AirbyteCatalog;
}

const streamArb = fc.record({
	name: nameArb,
	columns: fc.array(fc.record({ name: nameArb, kind: fc.nat({ max: SCALARS.length }) }), { minLength: 1, maxLength: 25 }),
	withKey: fc.boolean(),
});

function toInputs(streams: Array<{ name: string; columns: Array<{ name: string; kind: number }>; withKey: boolean }>, linkFirst: boolean): Generated {
	const model: DataModel = { streams: [], foreignKeys: [] };
	const catalog: AirbyteCatalog = { streams: [] };
	const seen = new Set<string>();
	for (const s of streams) {
		if (seen.has(s.name)) continue;
		seen.add(s.name);
		const properties: Record<string, JsonSchema> = {};
		const columns: DataModel['streams'][number]['columns'] = [];
		for (const c of s.columns) {
			if (c.name in properties) continue;
			if (c.kind === SCALARS.length) {
				properties[c.name] = NESTED;
				continue;
			}
			const t = SCALARS[c.kind];
			properties[c.name] = t.schema;
			columns.push({ name: c.name, pgType: t.pgType, nullable: true, semanticType: t.semanticType, enumValues: t.semanticType === 'enum' ? ["it's", '$$', 'ok'] : undefined });
		}
		const key = s.withKey ? columns.find((c) => c.pgType === 'text' || c.pgType === 'bigint') : undefined;
		model.streams.push({ name: s.name, primaryKey: key ? [key.name] : [], columns, sampledRows: 10 });
		catalog.streams.push({ name: s.name, json_schema: { type: 'object', properties }, supported_sync_modes: ['full_refresh'] });
	}
	if (linkFirst && model.streams.length >= 2) {
		const [a, b] = model.streams;
		const bKey = b.primaryKey[0] ? b.columns.find((c) => c.name === b.primaryKey[0]) : undefined;
		const aCol = bKey ? a.columns.find((c) => c.pgType === bKey.pgType && !a.primaryKey.includes(c.name)) : undefined;
		if (bKey && aCol) model.foreignKeys.push({ fromStream: a.name, fromColumns: [aCol.name], toStream: b.name, toColumns: [bKey.name], score: 0.9 });
	}
	return { model, catalog };
}

/** n8n's Postgres node resolves `{{ }}` in its query and splices the text in with String.replace. */
function expectSurvivesN8nSplice(sql: string): void {
	expect(sql).not.toMatch(/\{\{|\}\}/);
	expect('{{ $json.sql }}'.replace('{{ $json.sql }}', sql)).toBe(sql);
}

async function applyAndCheck(db: TestDatabase, plan: SchemaPlan): Promise<void> {
	const migration = renderPlanMigration(plan, { ownerRole: null }).sql;
	expectSurvivesN8nSplice(migration);
	const first = await runScript(db.client, migration);
	expect(first.notices.filter((n) => n.startsWith(STEP_NOTICE_PREFIX)).length).toBeGreaterThan(0);
	const { rows } = await db.client.query(introspectionQuery(plan.schema));
	const state = parseIntrospection(rows);
	// Every planned table and column exists under exactly its planned name, with its planned comment.
	for (const t of plan.tables) {
		const dbt = state.tables.get(t.name);
		expect(dbt).toBeDefined();
		expect(dbt!.description).toBe(tableComment(t));
		expect([...dbt!.columns.keys()].sort()).toEqual(t.columns.map((c) => c.name).sort());
		for (const c of t.columns) expect(dbt!.columns.get(c.name)!.description).toBe(columnComment(c) ?? null);
	}
	expect(diffPlan(plan, state).upToDate).toBe(true);
	const again = await runScript(db.client, renderPlanMigration(plan, { ownerRole: null }).sql);
	expect(again.notices.filter((n) => n.startsWith(STEP_NOTICE_PREFIX))).toEqual([]);
}

/** Every source property is planned as exactly one column (or a nested table), and its name comes back. */
function expectSourceNamesRoundTrip(plan: SchemaPlan, gen: Generated): void {
	for (const s of gen.catalog.streams) {
		const t = plan.tables.find((x) => x.kind === 'stream' && x.stream === s.name)!;
		expect(t).toBeDefined();
		expect(tableComment(t)).toContain(`Airbyte stream: ${s.name}`);
		for (const property of Object.keys(s.json_schema.properties ?? {})) {
			const column = t.columns.find((c) => c.source.kind === 'property' && c.source.property === property);
			const nested = plan.tables.find((x) => x.parent?.table === t.name && x.parent.property === property);
			expect(Boolean(column) !== Boolean(nested)).toBe(true);
			if (column) expect(columnComment(column)).toContain(`Source property: ${property}`);
		}
	}
}

describe('hostile names (property, real Postgres)', () => {
	let db: TestDatabase;
	let n = 0;
	beforeAll(async () => {
		db = await createTestDatabase('schema_prop');
	});
	afterAll(async () => db?.drop());

	it('always yields a migration Postgres applies, with every name round-tripping', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(streamArb, { minLength: 1, maxLength: 4 }), fc.boolean(), async (streams, link) => {
				const gen = toInputs(streams, link);
				const plan = buildSchemaPlan({ ...gen, options: { tenantId: `p${n++}` } });
				expect(parseSchemaPlan(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
				expectSourceNamesRoundTrip(plan, gen);
				await applyAndCheck(db, plan);
			}),
			{ numRuns: 40, seed: 20261125 },
		);
	});

	it('handles a 1,000-column stream of colliding hostile names', async () => {
		const columns = Array.from({ length: 1000 }, (_, i) => ({ name: HOSTILE[i % HOSTILE.length] + (i >= HOSTILE.length ? ` ${i % 7}` : ''), kind: i % SCALARS.length }));
		const gen = toInputs([{ name: 'wide "table"; --', columns, withKey: true }], false);
		const plan = buildSchemaPlan({ ...gen, options: { tenantId: 'wide' } });
		const table = plan.tables.find((t) => t.kind === 'stream')!;
		expect(new Set(table.columns.map((c) => c.name)).size).toBe(table.columns.length);
		expectSourceNamesRoundTrip(plan, gen);
		await applyAndCheck(db, plan);
	});
});
