// chinook, northwind and Stripe: load like destination-postgres 3.x, provision, migrate, transform; check
// that every source row lands, every FK holds, a re-apply changes nothing, and the diff plans only what changed.
import { randomBytes } from 'node:crypto';
import type { AirbyteCatalog } from '../../../lib/airbyte/protocol';
import type { DataModel } from '../../../lib/analysis/model';
import {
	buildSchemaPlan,
	diffPlan,
	introspectionQuery,
	parseIntrospection,
	renderPlanMigration,
	renderProvision,
	renderTransform,
	STEP_NOTICE_PREFIX,
	TRANSFORM_NOTICE_PREFIX,
	type SchemaPlan,
} from '../../../lib/schema';
import { loadStreamsLikeAirbyte } from '../../airbyte-emulator';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { dataModelFromGroundTruth, loadDatasetCatalog, loadDatasetRecords } from '../../unit/schema/ground-truth';
import { dropRoles, runScript, stripeCatalog, stripeModel, stripeRecords } from './helpers';

jest.setTimeout(120_000);

interface Scenario {
	name: string;
	model: DataModel;
	catalog: AirbyteCatalog;
	records: Map<string, Array<Record<string, unknown>>>;
}

function datasetScenario(name: string): Scenario {
	const catalog = loadDatasetCatalog(name);
	return {
		name,
		model: dataModelFromGroundTruth(name),
		catalog,
		records: new Map(catalog.streams.map((s) => [s.name, loadDatasetRecords(name, s.name)])),
	};
}

function stripeScenario(): Scenario {
	const catalog = stripeCatalog();
	const records = stripeRecords();
	return { name: 'stripe', model: stripeModel(catalog, records), catalog, records };
}

const stepNotices = (n: string[]) => n.filter((m) => m.startsWith(STEP_NOTICE_PREFIX));
const changedRows = (n: string[]) =>
	n.filter((m) => m.startsWith(TRANSFORM_NOTICE_PREFIX)).reduce((sum, m) => sum + Number(m.split(' ').pop()), 0);

async function introspect(db: TestDatabase, plan: SchemaPlan) {
	const { rows } = await db.client.query(introspectionQuery(plan.schema));
	return rows;
}

describe.each([['chinook'], ['northwind'], ['stripe']])('%s through Airbyte layout, provisioning, migration, transforms', (name) => {
	let db: TestDatabase;
	let scenario: Scenario;
	let plan: SchemaPlan;
	const roles: string[] = [];

	beforeAll(async () => {
		scenario = name === 'stripe' ? stripeScenario() : datasetScenario(name);
		db = await createTestDatabase(`schema_${name}`);
		const tenantId = `${name}_${randomBytes(3).toString('hex')}`;
		plan = buildSchemaPlan({ model: scenario.model, catalog: scenario.catalog, options: { tenantId } });
		const loaded = await loadStreamsLikeAirbyte(db.client, {
			namespace: plan.rawSchema,
			streams: scenario.catalog.streams.map((stream) => ({ stream, records: scenario.records.get(stream.name) ?? [] })),
		});
		// The plan finds exactly the tables and columns the destination wrote.
		for (const t of loaded.tables) {
			const planned = plan.tables.find((x) => x.kind === 'stream' && x.stream === t.stream)!;
			expect(planned.rawTable).toBe(t.table);
			for (const c of t.columns) {
				const col = planned.columns.find((x) => x.source.kind === 'property' && x.source.property === c.sourceName);
				const nested = plan.tables.find((x) => x.parent?.table === planned.name && x.parent.property === c.sourceName);
				expect(col?.source.kind === 'property' ? col.source.rawColumn : nested?.parent?.rawColumn).toBe(c.name);
			}
		}
		const provision = renderProvision({ schema: plan.schema, rawSchema: plan.rawSchema });
		roles.push(provision.ownerRole, provision.readWriteRole);
		await runScript(db.client, provision.sql);
		const first = await runScript(db.client, renderPlanMigration(plan).sql);
		expect(stepNotices(first.notices).length).toBeGreaterThan(0);
		await runScript(db.client, renderTransform(plan).sql);
	});

	afterAll(async () => {
		await db?.drop();
		await dropRoles(roles);
	});

	it('lands every source row in its modelled table (lossless)', async () => {
		for (const t of plan.tables.filter((x) => x.kind === 'stream')) {
			const source = scenario.records.get(t.stream) ?? [];
			const { rows } = await db.client.query(`SELECT count(*)::int AS n FROM "${plan.schema}"."${t.name}"`);
			expect({ table: t.name, rows: rows[0].n }).toEqual({ table: t.name, rows: source.length });
		}
	});

	it('lands every element of nested arrays in child tables', async () => {
		for (const t of plan.tables.filter((x) => x.kind === 'child')) {
			const expected = (scenario.records.get(t.stream) ?? []).reduce((n, r) => {
				const v = r[t.parent!.property];
				return n + (Array.isArray(v) ? v.length : 0);
			}, 0);
			const { rows } = await db.client.query(`SELECT count(*)::int AS n FROM "${plan.schema}"."${t.name}"`);
			expect({ table: t.name, rows: rows[0].n }).toEqual({ table: t.name, rows: expected });
		}
	});

	it('keeps values: the modelled key set equals the source key set', async () => {
		for (const t of plan.tables.filter((x) => x.kind === 'stream' && x.keyKind === 'natural' && x.primaryKey.columns.length === 1)) {
			const col = t.primaryKey.columns[0];
			const prop = t.columns.find((c) => c.name === col)!.source;
			if (prop.kind !== 'property') continue;
			const source = (scenario.records.get(t.stream) ?? []).map((r) => String(r[prop.property])).sort();
			const { rows } = await db.client.query(`SELECT "${col}"::text AS k FROM "${plan.schema}"."${t.name}" ORDER BY 1`);
			expect(rows.map((r) => r.k).sort()).toEqual(source);
		}
	});

	it('enforces every planned foreign key, and every one holds', async () => {
		const planned = plan.tables.flatMap((t) => t.foreignKeys.map((f) => ({ table: t.name, ...f })));
		const { rows } = await db.client.query(
			`SELECT k.conname, k.convalidated FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname = $1 AND k.contype = 'f'`,
			[plan.schema],
		);
		expect(rows.map((r) => r.conname).sort()).toEqual(planned.map((f) => f.name).sort());
		expect(rows.every((r) => r.convalidated)).toBe(true);
		if (name !== 'stripe') expect(planned.length).toBeGreaterThanOrEqual(scenario.model.foreignKeys.length);
		for (const f of planned) {
			const join = f.columns.map((c, i) => `p."${f.refColumns[i]}" = c."${c}"`).join(' AND ');
			const notNull = f.columns.map((c) => `c."${c}" IS NOT NULL`).join(' AND ');
			const { rows: orphans } = await db.client.query(
				`SELECT count(*)::int AS n FROM "${plan.schema}"."${f.table}" c WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM "${plan.schema}"."${f.refTable}" p WHERE ${join})`,
			);
			expect({ fk: f.name, orphans: orphans[0].n }).toEqual({ fk: f.name, orphans: 0 });
		}
	});

	it('re-applying provisioning, migration and transforms changes nothing', async () => {
		const before = await introspect(db, plan);
		const stamp = await db.client.query(`SELECT count(*)::int AS n FROM "${plan.schema}"."_schema_migrations"`);
		await runScript(db.client, renderProvision({ schema: plan.schema, rawSchema: plan.rawSchema }).sql);
		const migration = await runScript(db.client, renderPlanMigration(plan).sql);
		expect(stepNotices(migration.notices)).toEqual([]);
		const transform = await runScript(db.client, renderTransform(plan).sql);
		expect(changedRows(transform.notices)).toBe(0);
		expect(await introspect(db, plan)).toEqual(before);
		const after = await db.client.query(`SELECT count(*)::int AS n FROM "${plan.schema}"."_schema_migrations"`);
		expect(after.rows[0].n).toBe(stamp.rows[0].n);
		// A newer plan render (different migration id) still issues no DDL: every step is guarded.
		const renamed = await runScript(db.client, renderPlanMigration(plan, { id: 'second-apply' }).sql);
		expect(stepNotices(renamed.notices)).toEqual([]);
	});

	it('diff is empty when up to date, and plans only a manual change', async () => {
		expect(diffPlan(plan, parseIntrospection(await introspect(db, plan))).upToDate).toBe(true);
		const table = plan.tables.find((t) => t.indexes.length > 0)!;
		const index = table.indexes[0];
		await db.client.query(`DROP INDEX "${plan.schema}"."${index.name}"`);
		await db.client.query(`ALTER TABLE "${plan.schema}"."${table.name}" ADD COLUMN manual_note text`);
		const diff = diffPlan(plan, parseIntrospection(await introspect(db, plan)));
		expect(diff.steps.map((s) => s.id)).toEqual([`index:${index.name}`]);
		expect(diff.destructive.map((s) => s.id)).toEqual([`drop-column:${table.name}.manual_note`]);
		expect(diff.migration!.sql).not.toContain('DROP COLUMN');
		const applied = await runScript(db.client, diff.migration!.sql);
		expect(stepNotices(applied.notices)).toEqual([`${STEP_NOTICE_PREFIX} create index ${index.name}`]);
		const destructive = diffPlan(plan, parseIntrospection(await introspect(db, plan)), { allowDestructive: true });
		expect(destructive.steps.map((s) => s.id)).toEqual([`drop-column:${table.name}.manual_note`]);
		await runScript(db.client, destructive.migration!.sql);
		expect(diffPlan(plan, parseIntrospection(await introspect(db, plan))).upToDate).toBe(true);
	});

	it('picks up new and changed source rows on the next transform, touching only those', async () => {
		const t = plan.tables.find((x) => x.kind === 'stream' && x.keyKind === 'natural' && (scenario.records.get(x.stream) ?? []).length > 1)!;
		const stream = scenario.catalog.streams.find((s) => s.name === t.stream)!;
		const original = scenario.records.get(t.stream)![0];
		const textCol = t.columns.find(
			(c) => c.source.kind === 'property' && /^(text|character varying)/.test(c.type) && !t.primaryKey.columns.includes(c.name),
		);
		const changed = { ...original };
		if (textCol && textCol.source.kind === 'property') changed[textCol.source.property] = 'zz';
		await loadStreamsLikeAirbyte(db.client, { namespace: plan.rawSchema, streams: [{ stream, records: [changed] }] });
		const res = await runScript(db.client, renderTransform(plan).sql);
		// One row: the re-synced record (its _synced_at moves, and its changed value lands).
		expect(changedRows(res.notices)).toBe(1);
		const { rows } = await db.client.query(`SELECT count(*)::int AS n FROM "${plan.schema}"."${t.name}"`);
		expect(rows[0].n).toBe(scenario.records.get(t.stream)!.length);
		if (textCol) {
			const { rows: hit } = await db.client.query(`SELECT count(*)::int AS n FROM "${plan.schema}"."${t.name}" WHERE "${textCol.name}" = 'zz'`);
			expect(hit[0].n).toBe(1);
		}
	});
});
