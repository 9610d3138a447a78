// Two tenants in one database, planned from the real analyzer pipeline (profile -> keys -> business analysis):
// Airbyte's user writes only the raw schemas, the transform runs as the tenant owner, KPI views answer, and a
// tenant's read/write role cannot read another tenant's schema.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { inferDataModel } from '../../../lib/analysis/keys';
import { analyzeBusiness } from '../../../lib/analysis/business/analyze';
import { profileStreams } from '../../../lib/profile';
import { buildSchemaPlan, extrasFromAnalysis, renderPlanMigration, renderProvision, renderTransform, type SchemaPlan } from '../../../lib/schema';
import { readDatasetFolder } from '../../../tools/eval-dataset';
import { loadStreamsLikeAirbyte } from '../../airbyte-emulator';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { sharedDir } from '../../unit/schema/ground-truth';
import { dropRoles, runScript } from './helpers';

jest.setTimeout(180_000);

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

describe('tenant isolation and least privilege', () => {
	let db: TestDatabase;
	const suffix = randomBytes(3).toString('hex');
	const airbyte = `airbyte_${suffix}`;
	const loginA = `app_a_${suffix}`;
	const roles: string[] = [airbyte, loginA];
	const plans: SchemaPlan[] = [];

	beforeAll(async () => {
		db = await createTestDatabase('schema_tenants');
		await db.client.query(`CREATE ROLE ${q(airbyte)} NOLOGIN; CREATE ROLE ${q(loginA)} NOLOGIN`);
		// The DBA's one-time grant: Airbyte creates its namespaces and airbyte_internal itself.
		await db.client.query(`GRANT CREATE ON DATABASE ${q(db.name)} TO ${q(airbyte)}`);
		const samples = readDatasetFolder(join(sharedDir(), 'datasets/chinook'));
		const profile = profileStreams(samples);
		const model = inferDataModel(profile, samples);
		const analysis = analyzeBusiness({ profile, model, samples });
		for (const tenant of ['a', 'b']) {
			const plan = buildSchemaPlan({
				model,
				catalog: { streams: samples.map((s) => s.stream) },
				extras: extrasFromAnalysis(analysis),
				options: { tenantId: `${tenant}_${suffix}` },
			});
			plans.push(plan);
			const provision = renderProvision({ schema: plan.schema, rawSchema: plan.rawSchema, airbyteUser: airbyte, grantReadWriteTo: tenant === 'a' ? [loginA] : [] });
			roles.push(provision.ownerRole, provision.readWriteRole);
			await runScript(db.client, provision.sql);
			// Airbyte writes the raw tables as its own user.
			await db.client.query(`SET ROLE ${q(airbyte)}`);
			await loadStreamsLikeAirbyte(db.client, { namespace: plan.rawSchema, streams: samples.map((s) => ({ stream: s.stream, records: s.records })) });
			await db.client.query('RESET ROLE');
			await runScript(db.client, renderPlanMigration(plan).sql);
			// The transform needs nothing beyond the tenant owner's rights.
			await db.client.query(`SET ROLE ${q(provision.ownerRole)}`);
			await runScript(db.client, renderTransform(plan).sql);
			await db.client.query('RESET ROLE');
		}
	});

	afterAll(async () => {
		await db?.drop();
		await dropRoles(roles.reverse());
	});

	afterEach(async () => {
		await db.client.query('RESET ROLE').catch(() => undefined);
	});

	async function as<T>(role: string, sql: string): Promise<T[]> {
		await db.client.query('BEGIN');
		try {
			await db.client.query(`SET LOCAL ROLE ${q(role)}`);
			return (await db.client.query(sql)).rows as T[];
		} finally {
			await db.client.query('ROLLBACK');
		}
	}

	it('loads every invoice for both tenants, owned by the tenant owner', async () => {
		for (const plan of plans) {
			const { rows } = await db.client.query(`SELECT count(*)::int AS n, pg_catalog.pg_get_userbyid(c.relowner) AS owner FROM ${q(plan.schema)}.invoice, pg_class c WHERE c.oid = '${q(plan.schema)}.invoice'::regclass GROUP BY 2`);
			expect(rows[0]).toEqual({ n: 412, owner: `${plan.schema}_owner` });
		}
	});

	it("a tenant's read/write role reads and writes its own schema only", async () => {
		const [a, b] = plans;
		expect(await as<{ n: number }>(loginA, `SELECT count(*)::int AS n FROM ${q(a.schema)}.customer`)).toEqual([{ n: 59 }]);
		await expect(as(loginA, `UPDATE ${q(a.schema)}.customer SET company = company`)).resolves.toBeDefined();
		await expect(as(loginA, `SELECT 1 FROM ${q(b.schema)}.customer`)).rejects.toThrow(/permission denied/);
		await expect(as(loginA, `SELECT 1 FROM ${q(a.rawSchema)}.customer`)).rejects.toThrow(/permission denied/);
		await expect(as(loginA, `CREATE TABLE ${q(a.schema)}.intruder (x int)`)).rejects.toThrow(/permission denied/);
		await expect(as(loginA, `INSERT INTO ${q(a.schema)}._schema_migrations (id, checksum, steps) VALUES ('x', 'y', 0)`)).rejects.toThrow(/permission denied/);
	});

	it("Airbyte's user can write the raw schemas and cannot read the modelled ones", async () => {
		const [a] = plans;
		await expect(as(airbyte, `SELECT count(*) FROM ${q(a.rawSchema)}.invoice`)).resolves.toBeDefined();
		await expect(as(airbyte, `SELECT 1 FROM ${q(a.schema)}.invoice`)).rejects.toThrow(/permission denied/);
		await expect(as(airbyte, `CREATE TABLE ${q(a.schema)}.intruder (x int)`)).rejects.toThrow(/permission denied/);
	});

	it('renders one view per KPI of the analysis, each answering with rows', async () => {
		const [a] = plans;
		expect(a.views.length).toBeGreaterThan(0);
		for (const v of a.views) {
			const rows = await as<{ value: unknown }>(loginA, `SELECT * FROM ${q(a.schema)}.${q(v.name)}`);
			expect({ view: v.name, rows: rows.length > 0 }).toEqual({ view: v.name, rows: true });
		}
	});
});
