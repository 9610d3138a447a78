// The eval's --database-url path on real Postgres: chinook and northwind loaded like destination-postgres 3.x,
// provisioned, migrated and transformed from the eval's own inferred model; lossless, every planned FK enforced
// and validated, no errors; re-running on the same database works (unique tenants, or a fixed tenant with --drop).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadIntoDatabase, tenantIdFor, type LoadReport } from '../../../tools/eval-load';
import { runEval, type EvalRun } from '../../../tools/eval-run';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { dropRoles } from '../schema/helpers';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '../../..');
const SHARED = [join(ROOT, '../shared'), '/work/shared'].find((p) => existsSync(join(p, 'datasets'))) ?? join(ROOT, '../shared');
/** The schema designer's default threshold for enforcing a relationship as a constraint. */
const FK_THRESHOLD = 0.7;

function expectClean(load: LoadReport, run: EvalRun): void {
	expect(load.errors).toEqual([]);
	expect(load.tables.map((t) => t.stream).sort()).toEqual(run.samples.map((s) => s.stream.name).sort());
	for (const t of load.tables) expect({ stream: t.stream, rows: t.loadedRows }).toEqual({ stream: t.stream, rows: t.sourceRows });
	expect(load.foreignKeysEnforced).toBeGreaterThan(0);
	expect(load.foreignKeysEnforced).toBe(load.foreignKeysPlanned);
}

describe.each([['chinook'], ['northwind']])('eval --database-url on %s', (name) => {
	const dir = join(SHARED, 'datasets', name);
	let db: TestDatabase;
	let run: EvalRun;
	const roles = new Set<string>();
	let firstSchema: string | undefined;
	const track = (load: LoadReport) => {
		for (const r of load.roles ?? []) roles.add(r);
		return load;
	};

	beforeAll(async () => {
		run = await runEval(dir);
		db = await createTestDatabase(`eval_${name}`);
	});

	afterAll(async () => {
		await db?.drop();
		await dropRoles([...roles]);
	});

	it('loads every source row and enforces every foreign key the report scores above the threshold', async () => {
		const load = track(await loadIntoDatabase(run, dir, { databaseUrl: db.url }));
		expectClean(load, run);
		firstSchema = load.schema;
		expect(load.tables.reduce((n, t) => n + t.sourceRows, 0)).toBe(run.timings.records);
		const confident = run.report.foreignKeys.filter((f) => f.score >= FK_THRESHOLD).length;
		expect(load.foreignKeysEnforced).toBe(confident);
		const { rows } = await db.client.query(
			`SELECT count(*)::int AS n FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname = $1 AND k.contype = 'f' AND k.convalidated`,
			[load.schema],
		);
		expect(rows[0].n).toBe(load.foreignKeysEnforced);
	});

	it('runs again on the same database: a fixed tenant dropped first, twice, next to the unique one', async () => {
		const fixed = tenantIdFor(dir, false);
		const first = track(await loadIntoDatabase(run, dir, { databaseUrl: db.url, tenantId: fixed, dropFirst: true }));
		const second = track(await loadIntoDatabase(run, dir, { databaseUrl: db.url, tenantId: fixed, dropFirst: true }));
		expectClean(first, run);
		expectClean(second, run);
		expect(second.schema).toBe(first.schema);
		expect(firstSchema).toBeDefined();
		expect(first.schema).not.toBe(firstSchema);
	});

	it('collects errors instead of throwing when the database is unreachable', async () => {
		const url = new URL(db.url);
		url.pathname = '/no_such_database_for_eval';
		const load = await loadIntoDatabase(run, dir, { databaseUrl: url.toString() });
		expect(load.errors).toEqual([expect.stringMatching(/^connect: .*no_such_database_for_eval/)]);
		expect(load.tables).toEqual([]);
	});
});

describe('npm run eval -- <dir> --database-url', () => {
	let db: TestDatabase;
	const roles: string[] = [];

	beforeAll(async () => {
		db = await createTestDatabase('eval_cli');
	});

	afterAll(async () => {
		await db?.drop();
		await dropRoles(roles);
	});

	it('adds "load" to the JSON report, and keeps the analysis report unchanged', async () => {
		const dir = join(SHARED, 'datasets', 'chinook');
		const { stdout } = await promisify(execFile)(
			process.execPath,
			[join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'tools/eval.ts'), dir, '--database-url', db.url, '--drop'],
			{ cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
		);
		const report = JSON.parse(stdout);
		roles.push(...(report.load.roles ?? []));
		expect(report.load.errors).toEqual([]);
		expect(report.load.schema).toBe('tenant_eval_chinook');
		expect(report.load.foreignKeysEnforced).toBeGreaterThan(0);
		for (const t of report.load.tables) expect(t.loadedRows).toBe(t.sourceRows);
		delete report.load;
		expect(report).toEqual((await runEval(dir)).report);
	});
});
