import { createTestDatabase, TestDatabase } from '../support/database';

describe('integration Postgres harness', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await createTestDatabase('harness');
	});
	afterAll(async () => db.drop());

	it('is a real Postgres server with a database of its own', async () => {
		const { rows } = await db.client.query<{ version: string; db: string }>(
			'select version() as version, current_database() as db',
		);
		expect(rows[0].version).toMatch(/^PostgreSQL \d+/);
		expect(rows[0].db).toBe(db.name);
	});

	it('enforces constraints and transactions like Postgres does', async () => {
		await db.client.query('create table t (id int primary key)');
		await db.client.query('insert into t values (1)');
		await expect(db.client.query('insert into t values (1)')).rejects.toThrow(/duplicate key/);
		await db.client.query('begin');
		await db.client.query('insert into t values (2)');
		await db.client.query('rollback');
		const { rows } = await db.client.query('select count(*)::int as n from t');
		expect(rows[0].n).toBe(1);
	});
});
