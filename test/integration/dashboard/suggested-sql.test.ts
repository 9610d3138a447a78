// Every SQL query in every suggested workflow runs on real Postgres against the loaded data, with its
// parameters, exactly as the workflow's Postgres node would send it (read-only here).
import { suggestWorkflows } from '../../../lib/suggest';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { loadDataset, loadFaker, subscriptionModel } from '../../unit/suggest/datasets';
import { loadModel, runReadOnly } from './load';

const SCHEMA = 'tenant$1 {{x}}';

function paramsOf(options: unknown): unknown[] {
	const expr = (options as { queryReplacement?: string } | undefined)?.queryReplacement;
	if (!expr) return [];
	const json = /^=\{\{ (.*) \}\}$/s.exec(expr)?.[1];
	return JSON.parse(String(json));
}

describe('suggested workflow SQL on real Postgres', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await createTestDatabase('sugg');
	}, 60_000);
	afterAll(async () => db?.drop());

	it('runs every generated query for chinook, northwind, faker and a subscription model', async () => {
		const cases = [loadDataset('chinook'), loadDataset('northwind'), loadFaker(), { name: 'subs', model: subscriptionModel(), records: { customers: [], subscriptions: [] }, profile: undefined }];
		let ran = 0;
		for (const ds of cases) {
			const schema = `${SCHEMA} ${ds.name}`;
			await loadModel(db.client, schema, ds.model, ds.records);
			const result = await suggestWorkflows({ model: ds.model, profile: ds.profile, schema, options: { now: Date.now() } });
			for (const s of result.suggestions) {
				for (const node of s.workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.postgres')) {
					const rows = await runReadOnly(db.client, String(node.parameters.query), paramsOf(node.parameters.options));
					expect(Array.isArray(rows)).toBe(true);
					ran++;
				}
			}
		}
		expect(ran).toBeGreaterThan(12);
	}, 300_000);

	it('the data-quality monitor finds planted duplicates and orphans', async () => {
		const ds = loadDataset('chinook');
		const schema = 'dq';
		await loadModel(db.client, schema, ds.model, ds.records);
		const result = await suggestWorkflows({ model: ds.model, profile: ds.profile, schema, recipes: ['data_quality_monitor'], options: { now: Date.now() } });
		const node = result.suggestions[0].workflow.nodes.find((n) => n.type === 'n8n-nodes-base.postgres');
		const run = () => runReadOnly(db.client, String(node?.parameters.query), paramsOf(node?.parameters.options));
		expect(await run()).toEqual([]);
		await db.client.query('INSERT INTO "dq"."invoice" SELECT * FROM "dq"."invoice" WHERE invoice_id = 1');
		await db.client.query('INSERT INTO "dq"."invoice_line" (invoice_line_id, invoice_id, track_id, unit_price, quantity) VALUES (900001, 1, 999999, 1, 1), (900002, 2, 999998, 1, 1)');
		const rows = await run();
		expect(rows.map((r) => [r.check_name, r.table_name, Number(r.violations)])).toEqual(
			expect.arrayContaining([
				['duplicate_keys', 'invoice', 1],
				['orphaned_references', 'invoice_line', 2],
			]),
		);
	}, 120_000);
});
