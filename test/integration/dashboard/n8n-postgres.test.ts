// The dashboard chain as the template runs it, in the in-process n8n harness with n8n's real Postgres node
// (n8n-nodes-base 2.41.1 from the n8n install): Dashboard Builder (plan) → Postgres (Execute Query with
// `{{ $json.query }}` and Query Parameters `{{ $json.params }}`) → Dashboard Builder (render). Also runs the
// suggested workflows' Postgres nodes through the same real node, so pg-promise's value formatting is covered.
import { existsSync } from 'fs';
import { join } from 'path';
import type { ICredentialType, INodeType } from 'n8n-workflow';

import { DashboardBuilder } from '../../../nodes/DashboardBuilder/DashboardBuilder.node';
import { WorkflowSuggester } from '../../../nodes/WorkflowSuggester/WorkflowSuggester.node';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { linearWorkflow, ourNodes, runWorkflow } from '../../support/n8n-harness';
import { loadDataset } from '../../unit/suggest/datasets';
import { N8N_BASE } from '../../unit/suggest/n8nNodeTypes';
import { loadModel } from './load';

const available = existsSync(join(N8N_BASE, 'dist/nodes/Postgres/Postgres.node.js'));
const describeIfN8n = available ? describe : describe.skip;

function postgresTypes(): { node: INodeType; credential: ICredentialType } {
	const { Postgres } = require(join(N8N_BASE, 'dist/nodes/Postgres/Postgres.node.js'));
	const { Postgres: PostgresCredential } = require(join(N8N_BASE, 'dist/credentials/Postgres.credentials.js'));
	return { node: new Postgres(), credential: new PostgresCredential() };
}

/**
 * n8n's Postgres node keeps pools in a process-wide manager whose cleanup interval would keep jest alive:
 * create the singleton with an unref'd interval, and purge its pools after the tests.
 */
function poolManager(): { purgeConnections(): void } {
	const { ConnectionPoolManager } = require(join(N8N_BASE, 'dist/utils/connection-pool-manager.js'));
	const original = global.setInterval;
	global.setInterval = ((fn: () => void, ms?: number) => original(fn, ms).unref()) as unknown as typeof setInterval;
	try {
		const quiet = { debug() {}, info() {}, warn() {}, error() {} };
		return ConnectionPoolManager.getInstance(quiet);
	} finally {
		global.setInterval = original;
	}
}

function credentialData(url: string) {
	const u = new URL(url);
	return { host: u.hostname, port: Number(u.port || 5432), database: u.pathname.slice(1), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), ssl: 'disable', allowUnauthorizedCerts: false, maxConnections: 5, sshTunnel: false };
}

describeIfN8n("dashboard chain with n8n's real Postgres node", () => {
	let db: TestDatabase;
	const ds = loadDataset('chinook');
	const schema = 'acme';
	let run: (wf: Parameters<typeof runWorkflow>[0], items: unknown[]) => ReturnType<typeof runWorkflow>;

	let pools: { purgeConnections(): void };

	beforeAll(async () => {
		pools = poolManager();
		db = await createTestDatabase('chain');
		await loadModel(db.client, schema, ds.model, ds.records);
		const pg = postgresTypes();
		const nodeTypes = { ...ourNodes(new DashboardBuilder(), new WorkflowSuggester()), 'n8n-nodes-base.postgres': pg.node };
		run = (wf, items) => runWorkflow(wf, { nodeTypes, credentialTypes: [pg.credential], credentials: { postgres: credentialData(db.url) }, inputItems: items as never });
	}, 120_000);
	afterAll(async () => {
		pools?.purgeConnections();
		await db?.drop();
	});

	it('plans, runs the queries through the Postgres node and renders one page', async () => {
		const wf = linearWorkflow([
			{ name: 'Plan', type: 'n8n-nodes-airbyte-onboarding.dashboardBuilder', parameters: { operation: 'plan', schema, title: 'Acme <b>music</b>' } },
			{ name: 'Postgres', type: 'n8n-nodes-base.postgres', typeVersion: 2.6, parameters: { operation: 'executeQuery', query: '{{ $json.query }}', options: { queryReplacement: '={{ $json.params }}' } } },
			{ name: 'Render', type: 'n8n-nodes-airbyte-onboarding.dashboardBuilder', parameters: { operation: 'render', format: 'both', title: 'Acme <b>music</b>' } },
		]);
		const result = await run(wf, [{ model: ds.model, profile: ds.profile }]);
		expect(result.error?.message).toBeUndefined();
		expect(result.status).toBe('success');
		const planned = result.jsonOf('Plan');
		const rows = result.jsonOf('Postgres');
		expect(rows).toHaveLength(planned.length);
		expect(rows.map((r) => r.query_id)).toEqual(planned.map((p) => p.id));
		const [page] = result.outputOf('Render');
		expect(page.json.panels).toBe(planned.length);
		expect(page.json.problems).toEqual([]);
		expect(page.json.emptyPanels).toEqual([]);
		expect(String(page.json.html)).toContain('<title>Acme &lt;b&gt;music&lt;/b&gt;</title>');
		expect(String(page.json.email)).toContain('Acme &lt;b&gt;music&lt;/b&gt;');
		expect(page.pairedItem).toEqual(planned.map((_, item) => ({ item })));
	}, 120_000);

	it("runs every suggested workflow's query through the Postgres node with its parameters", async () => {
		const suggested = await run(linearWorkflow([{ name: 'Suggest', type: 'n8n-nodes-airbyte-onboarding.workflowSuggester', parameters: { options: { schema } } }]), [{ model: ds.model, profile: ds.profile }]);
		expect(suggested.status).toBe('success');
		const pgNodes = suggested.jsonOf('Suggest').flatMap((s: any) => s.workflow.nodes.filter((n: any) => n.type === 'n8n-nodes-base.postgres'));
		expect(pgNodes.length).toBeGreaterThan(3);
		for (const node of pgNodes) {
			const result = await run(linearWorkflow([{ name: node.name, type: node.type, typeVersion: node.typeVersion, parameters: node.parameters }]), [{}]);
			expect({ node: node.name, error: result.error?.message }).toEqual({ node: node.name, error: undefined });
		}
	}, 180_000);
});
