// The Schema Designer node in n8n's real execution engine (in-process harness on WorkflowExecute).
import type { INode, INodeParameters } from 'n8n-workflow';
import { SchemaDesigner } from '../../../nodes/SchemaDesigner/SchemaDesigner.node';
import { parseSchemaPlan } from '../../../lib/schema';
import { linearWorkflow, ourNodes, runWorkflow } from '../../support/n8n-harness';
import { dataModelFromGroundTruth, loadDatasetCatalog } from './ground-truth';

jest.setTimeout(60_000);

const TYPE = 'n8n-nodes-airbyte-onboarding.schemaDesigner';
const nodeTypes = ourNodes(new SchemaDesigner());

function designer(name: string, parameters: Record<string, unknown>, extra: Partial<INode> = {}): Partial<INode> & Pick<INode, 'type'> {
	return { name, type: TYPE, parameters: parameters as INodeParameters, ...extra };
}

describe('Schema Designer node', () => {
	const model = dataModelFromGroundTruth('chinook');
	const catalog = loadDatasetCatalog('chinook');

	it('plans, then renders migration, transform, provisioning and introspection SQL, each item paired', async () => {
		const wf = linearWorkflow([
			designer('Plan', { operation: 'plan' }),
			designer('Migration', { operation: 'migrationSql' }),
		]);
		const run = await runWorkflow(wf, { nodeTypes, inputItems: [{ tenantId: 'acme', dataModel: model, catalog }, { tenantId: 'globex', dataModel: model, catalog }] });
		expect(run.status).toBe('success');
		const plans = run.outputOf('Plan');
		expect(plans.map((p) => p.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const plan = parseSchemaPlan(plans[0].json.plan);
		expect(plan.schema).toBe('tenant_acme');
		expect(parseSchemaPlan(plans[1].json.plan).schema).toBe('tenant_globex');
		expect(plans[0].json.summary).toMatchObject({ tables: 11, foreignKeys: 11 });
		expect((plans[0].json.erDiagram as { mermaid: string }).mermaid).toMatch(/^erDiagram/);
		expect((plans[0].json.erDiagram as { svg: string }).svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
		const migration = run.outputOf('Migration');
		expect(migration[0].json.sql).toContain('pg_advisory_xact_lock');
		expect(migration[0].json.sql).toContain('"tenant_acme"."invoice_line"');
		expect(migration[1].json.sql).toContain('"tenant_globex"');
		expect(migration.map((m) => m.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);

		for (const [operation, marker] of [
			['transformSql', 'INSERT INTO "tenant_acme"."invoice"'],
			['provisionSql', 'CREATE ROLE "tenant_acme_rw" NOLOGIN'],
			['introspectionQuery', "E'tenant_acme'"],
		]) {
			const wf2 = linearWorkflow([designer('Op', { operation })]);
			const r = await runWorkflow(wf2, { nodeTypes, inputItems: [{ plan }] });
			expect(r.status).toBe('success');
			expect(r.jsonOf('Op')[0].sql).toContain(marker);
		}
	});

	it('applies validated plan edits and reports the rejected ones', async () => {
		const wf = linearWorkflow([
			designer('Plan', {
				operation: 'plan',
				planOptions: {
					planEdits: JSON.stringify([
						{ op: 'rename_table', table: 'invoice_line', newName: 'invoice_lines' },
						{ op: 'add_index', table: 'customer', columns: ['email'] },
						{ op: 'add_index', table: 'customer', columns: ['no_such_column'] },
						{ op: 'raw_sql', sql: 'DROP TABLE customer' },
					]),
				},
			}),
		]);
		const run = await runWorkflow(wf, { nodeTypes, inputItems: [{ tenantId: 'acme', dataModel: model, catalog }] });
		expect(run.status).toBe('success');
		const out = run.jsonOf('Plan')[0] as any;
		const plan = parseSchemaPlan(out.plan);
		expect(plan.tables.map((t) => t.name)).toContain('invoice_lines');
		expect(plan.tables.find((t) => t.name === 'customer')!.indexes.map((i) => i.columns)).toContainEqual(['email']);
		expect(out.edits.applied).toHaveLength(2);
		expect(out.edits.rejected).toHaveLength(2);
	});

	it('fails clearly on a catalog with no streams and on a 2,000-column stream; continueOnFail keeps going', async () => {
		const wide = {
			streams: [{ name: 'wide', primaryKey: ['c0'], sampledRows: 1, columns: Array.from({ length: 2000 }, (_, i) => ({ name: `c${i}`, pgType: 'text', nullable: true, semanticType: 'text' })) }],
			foreignKeys: [],
		};
		const empty = linearWorkflow([designer('Plan', { operation: 'plan' })]);
		const r1 = await runWorkflow(empty, { nodeTypes, inputItems: [{ tenantId: 'a', dataModel: { streams: [], foreignKeys: [] } }] });
		expect(r1.status).toBe('error');
		expect(r1.error?.message).toMatch(/no streams/);
		expect((r1.error as any)?.description).toMatch(/Select at least one stream/);

		const r2 = await runWorkflow(empty, { nodeTypes, inputItems: [{ tenantId: 'a', dataModel: wide }] });
		expect(r2.status).toBe('error');
		expect(r2.error?.message).toMatch(/2000 columns.*1,600/);

		const tolerant = linearWorkflow([designer('Plan', { operation: 'plan' }, { onError: 'continueRegularOutput' })]);
		const r3 = await runWorkflow(tolerant, { nodeTypes, inputItems: [{ tenantId: 'a', dataModel: wide }, { tenantId: 'b', dataModel: model, catalog }] });
		expect(r3.status).toBe('success');
		const out = r3.outputOf('Plan');
		expect(out[0].json.error).toMatch(/2000 columns/);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(parseSchemaPlan(out[1].json.plan).schema).toBe('tenant_b');
	});

	it('rejects a plan that is not a Schema Designer plan', async () => {
		const wf = linearWorkflow([designer('Migration', { operation: 'migrationSql' })]);
		const run = await runWorkflow(wf, { nodeTypes, inputItems: [{ plan: { version: 1, schema: 'x', tables: [] } }] });
		expect(run.status).toBe('error');
		expect(run.error?.message).toMatch(/not a Schema Designer plan/);
	});

	it('diffs introspection rows given as input items into one paired item', async () => {
		const wfPlan = linearWorkflow([designer('Plan', { operation: 'plan' })]);
		const planRun = await runWorkflow(wfPlan, { nodeTypes, inputItems: [{ tenantId: 'acme', dataModel: model, catalog }] });
		const plan = planRun.jsonOf('Plan')[0].plan;
		const rows = [
			{ kind: 'table', table_name: 'artist', name: 'artist', data_type: 'r', not_null: null, definition: null, description: null },
			{ kind: 'column', table_name: 'artist', name: 'artist_id', data_type: 'integer', not_null: true, definition: null, description: null },
		];
		const wf = linearWorkflow([designer('Diff', { operation: 'diff', plan: JSON.stringify(plan) })]);
		const run = await runWorkflow(wf, { nodeTypes, inputItems: rows });
		expect(run.status).toBe('success');
		const out = run.outputOf('Diff');
		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out[0].json.upToDate).toBe(false);
		expect(out[0].json.changes).toContain('add column artist.name');
		expect(out[0].json.changes).toContain('create table album');
		expect(out[0].json.changes).not.toContain('create table artist');
	});
});
