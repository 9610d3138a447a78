import { validateWorkflow } from '@n8n/workflow-sdk';
import type { INode } from 'n8n-workflow';

import { normaliseAnalysis, suggestWorkflows, type SuggestResult } from '../../../lib/suggest';
import { loadDataset, loadFaker, subscriptionModel, type TestDataset } from './datasets';
import { declaredVersions, isChecked, n8nBaseAvailable, nodeTypes, parameterIssues, unknownParameters } from './n8nNodeTypes';

const NOW = Date.parse('2026-11-25T12:00:00Z');

const chinookRaw = {
	businessType: 'digital media retail',
	kpis: [
		{ name: 'Revenue', stream: 'invoice', measure: 'total', aggregation: 'sum', timeColumn: 'invoice_date', grain: 'day', unit: 'USD' },
		{ name: 'Invoices', stream: 'invoice', aggregation: 'count', timeColumn: 'invoice_date' },
		{ name: 'Bogus', stream: 'nope', aggregation: 'count' },
	],
	qualityIssues: [{ kind: 'unexpected_nulls', stream: 'invoice', columns: ['billing_state'], rate: 0.49, evidence: 'billing_state is null in 49 % of invoices' }],
	sync: { cron: '0 0 */6 * * ?', streams: [{ stream: 'invoice', syncMode: 'incremental_deduped_history', cursorField: ['invoice_date'], primaryKey: ['invoice_id'] }] },
};

const chinookAnalysis = normaliseAnalysis(loadDataset('chinook').model, chinookRaw).value;

async function run(ds: TestDataset, extra: Record<string, unknown> = {}): Promise<SuggestResult> {
	return suggestWorkflows({ model: ds.model, profile: ds.profile, options: { now: NOW }, ...extra });
}

/** A connection left on "From List" with no value is a placeholder the user picks on import, like a credential. */
function withoutPlaceholders(n: { parameters: Record<string, unknown> }, issues: unknown): unknown {
	const rl = n.parameters.connectionId as { mode?: string; value?: string } | undefined;
	const params = (issues as { parameters?: Record<string, unknown> } | null)?.parameters;
	if (!params || rl?.mode !== 'list' || rl.value !== '') return issues;
	const rest = Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'connectionId'));
	return Object.keys(rest).length ? { parameters: rest } : null;
}

function expectValid(result: SuggestResult): void {
	expect(result.suggestions.length).toBeGreaterThan(0);
	for (const s of result.suggestions) {
		const wf = s.workflow;
		const v = validateWorkflow(wf as never, n8nBaseAvailable() ? { nodeTypesProvider: nodeTypes } : {});
		expect({ name: wf.name, errors: v.errors }).toEqual({ name: wf.name, errors: [] });
		const serious = v.warnings.filter((w) => w.severity !== 'informational');
		expect({ name: wf.name, warnings: serious.map((w) => `${w.code}: ${w.message}`) }).toEqual({ name: wf.name, warnings: [] });
		expect(new Set(wf.nodes.map((n) => n.id)).size).toBe(wf.nodes.length);
		expect(new Set(wf.nodes.map((n) => n.name)).size).toBe(wf.nodes.length);
		expect(wf.nodes.some((n) => n.type === 'n8n-nodes-base.stickyNote')).toBe(true);
		expect('active' in wf).toBe(false);
		for (const n of wf.nodes) {
			for (const cred of Object.values(n.credentials ?? {})) expect(cred.id).toBe('');
			if (n8nBaseAvailable() && isChecked(n.type)) {
				expect({ node: `${wf.name} / ${n.name}`, v: declaredVersions(n.type).includes(n.typeVersion) }).toEqual({ node: `${wf.name} / ${n.name}`, v: true });
				expect({ node: `${wf.name} / ${n.name}`, issues: withoutPlaceholders(n, parameterIssues(n as unknown as INode)) }).toEqual({ node: `${wf.name} / ${n.name}`, issues: null });
				expect({ node: `${wf.name} / ${n.name}`, unknown: unknownParameters(n as unknown as INode) }).toEqual({ node: `${wf.name} / ${n.name}`, unknown: [] });
			}
		}
		// every node but the sticky note and the trigger has an incoming connection
		const targets = new Set(Object.values(wf.connections).flatMap((c) => c.main.flat().map((t) => t.node)));
		const orphans = wf.nodes.filter((n) => !/stickyNote|Trigger|trigger/.test(n.type) && !targets.has(n.name));
		expect(orphans.map((n) => n.name)).toEqual([]);
	}
}

describe('Workflow Suggester', () => {
	const chinook = loadDataset('chinook');
	const northwind = loadDataset('northwind');
	const faker = loadFaker();

	it('suggests valid workflows for chinook, with evidence from the data', async () => {
		const result = await run(chinook, { analysis: chinookAnalysis, schema: 'tenant_chinook' });
		expectValid(result);
		const recipes = result.suggestions.map((s) => s.recipe);
		expect(recipes).toEqual(expect.arrayContaining(['sync_failure_alert', 'data_quality_monitor', 'kpi_digest', 'kpi_anomaly_alert', 'high_value_record_alert', 'stale_data_alert']));
		expect(recipes).not.toContain('renewal_reminder');
		const hv = result.suggestions.find((s) => s.recipe === 'high_value_record_alert');
		const p99 = chinook.profile.columns.find((c) => c.stream === 'invoice' && c.column === 'total')?.quantiles?.['0.99'];
		expect(hv?.why).toContain(String(p99));
		const dq = result.suggestions.find((s) => s.recipe === 'data_quality_monitor');
		expect(dq?.why).toContain('billing_state is null in 49 %');
		const pg = dq?.workflow.nodes.find((n) => n.type === 'n8n-nodes-base.postgres');
		expect(String(pg?.parameters.query)).toContain('"tenant_chinook"."invoice_line"');
		expect(result.suggestions.map((s) => s.rank)).toEqual(result.suggestions.map((_, i) => i + 1));
	});

	it('normalises loosely shaped analysis JSON against the model', () => {
		const n = normaliseAnalysis(chinook.model, chinookRaw);
		expect(n.value.kpis.map((k) => k.id)).toEqual(['revenue', 'invoices']);
		expect(n.warnings).toEqual(['KPI "Bogus" dropped: stream "nope" is not in the data model.']);
		expect(n.value.sync?.intervalHours).toBe(6);
		expect(n.value.qualityIssues[0]).toMatchObject({ kind: 'unexpected_nulls', stream: 'invoice', columns: ['billing_state'], rate: 0.49 });
	});

	it('suggests valid workflows for northwind and the faker catalog without an analysis', async () => {
		for (const ds of [northwind, faker]) {
			const result = await run(ds);
			expectValid(result);
			expect(result.suggestions.map((s) => s.recipe)).toEqual(expect.arrayContaining(['data_quality_monitor', 'kpi_digest']));
		}
	});

	it('does not offer the sync failure alert or transform runner without a connection or transform SQL', async () => {
		const result = await run(northwind);
		const ids = result.notOffered.map((n) => n.recipe);
		expect(ids).toEqual(expect.arrayContaining(['sync_failure_alert', 'post_sync_transform', 'renewal_reminder']));
		expect(result.notOffered.every((n) => n.reason.startsWith('Not supported by this data'))).toBe(true);
	});

	it('offers the transform runner and sync failure alert from a schema plan and job history', async () => {
		const result = await run(chinook, {
			options: { now: NOW, connectionId: '9f1c3a52-8d2e-4c1b-9a43-2f6e1d0b7c55' },
			schemaPlan: { schema: 't1', tables: [], transformSql: 'INSERT INTO "t1"."invoice" SELECT 1;\nSELECT 2;' },
			jobs: [
				{ jobId: 11, status: 'succeeded', duration: 'PT1M5S', rowsSynced: 120 },
				{ jobId: 12, status: 'failed', duration: 'PT12S' },
			],
		});
		expectValid(result);
		expect(result.suggestions.slice(0, 2).map((s) => s.recipe).sort()).toEqual(['post_sync_transform', 'sync_failure_alert']);
		const fail = result.suggestions.find((s) => s.recipe === 'sync_failure_alert');
		expect(fail?.why).toContain('1 of the last 2 syncs did not succeed (jobs 12)');
		const trigger = fail?.workflow.nodes.find((n) => n.type === 'n8n-nodes-airbyte-onboarding.airbyteTrigger');
		expect(trigger?.credentials).toEqual({ airbyteApi: { id: '', name: 'Airbyte' } });
		expect(trigger?.parameters.connectionId).toEqual({ __rl: true, mode: 'id', value: '9f1c3a52-8d2e-4c1b-9a43-2f6e1d0b7c55' });
	});

	it('alerts through a webhook (HTTP POST of JSON with the evidence fields) when that channel is chosen', async () => {
		const url = 'https://hooks.example.com/services/T0/B0/xyz';
		for (const ds of [chinook, northwind, faker]) {
			const result = await run(ds, {
				options: { now: NOW, connectionId: '9f1c3a52-8d2e-4c1b-9a43-2f6e1d0b7c55', alert: { channel: 'webhook', destination: url } },
				schemaPlan: { schema: 't1', tables: [], transformSql: 'SELECT 1;' },
			});
			expectValid(result);
			for (const s of result.suggestions) {
				const types = s.workflow.nodes.map((n) => n.type);
				expect({ wf: s.workflow.name, slack: types.includes('n8n-nodes-base.slack'), email: types.includes('n8n-nodes-base.emailSend') }).toEqual({ wf: s.workflow.name, slack: false, email: false });
				for (const n of s.workflow.nodes.filter((x) => x.type === 'n8n-nodes-base.httpRequest')) {
					expect(n.parameters).toMatchObject({ method: 'POST', url, sendBody: true, contentType: 'json', specifyBody: 'keypair' });
					expect(n.credentials).toBeUndefined();
				}
			}
		}
		const result = await run(chinook, {
			analysis: chinookAnalysis,
			options: { now: NOW, connectionId: '9f1c3a52-8d2e-4c1b-9a43-2f6e1d0b7c55', alert: { channel: 'webhook', destination: url } },
			schemaPlan: { schema: 't1', tables: [], transformSql: 'SELECT 1;' },
		});
		const fail = result.suggestions.find((s) => s.recipe === 'sync_failure_alert');
		expect(fail?.steps.join(' ')).toContain('alert webhook');
		const post = fail?.workflow.nodes.find((n) => n.type === 'n8n-nodes-base.httpRequest');
		const fields = Object.fromEntries((post?.parameters.bodyParameters as { parameters: Array<{ name: string; value: string }> }).parameters.map((p) => [p.name, p.value]));
		expect(fields).toMatchObject({ connectionId: '={{ $json.connectionId }}', jobId: '={{ $json.jobId }}', status: '={{ $json.status }}', event: 'airbyte_sync_failed' });
		expect(fields.text).toMatch(/^=.*\{\{ \$json\.jobId \}\}/);
		expect(fields.error).toContain('$json.status');
		const transform = result.suggestions.find((s) => s.recipe === 'post_sync_transform');
		expect(transform?.workflow.connections['Run transforms'].main[1]).toEqual([{ node: 'Send alert', type: 'main', index: 0 }]);
		expect(transform?.workflow.nodes.find((n) => n.name === 'Send alert')?.type).toBe('n8n-nodes-base.httpRequest');
	});

	it('refuses to embed transform SQL that n8n would evaluate as an expression', async () => {
		const result = await run(chinook, { schemaPlan: { schema: 't1', tables: [], transformSql: 'SELECT \'{{ $env.SECRET }}\';' } });
		expect(result.suggestions.map((s) => s.recipe)).not.toContain('post_sync_transform');
	});

	it('offers renewal reminders only for subscription-like data', async () => {
		const model = subscriptionModel();
		const result = await suggestWorkflows({
			model,
			profile: { columns: [{ stream: 'subscriptions', column: 'status', topValues: [{ value: 'active', count: 200 }, { value: 'canceled', count: 100 }] }] },
			options: { now: NOW, alert: { channel: 'email', destination: 'ops@example.com' } },
		});
		expectValid(result);
		const r = result.suggestions.find((s) => s.recipe === 'renewal_reminder');
		expect(r?.why).toContain('current_period_end');
		const query = String(r?.workflow.nodes.find((n) => n.name === 'Find upcoming renewals')?.parameters.query);
		expect(query).toContain('"current_period_end"');
		expect(query).toMatch(/NOT IN \(\$\d+::text\)/);
		expect(r?.workflow.nodes.some((n) => n.type === 'n8n-nodes-base.emailSend')).toBe(true);
	});

	it('quotes hostile identifiers and keeps n8n expression markers out of SQL', async () => {
		const model = {
			streams: [
				{
					name: 'or"ders{{ $env.X }}',
					primaryKey: ['id'],
					columns: [
						{ name: 'id', pgType: 'bigint', semanticType: 'integer', nullable: false },
						{ name: 'total"; DROP TABLE x; --', pgType: 'numeric', semanticType: 'money', nullable: true },
						{ name: 'created_at', pgType: 'timestamptz', semanticType: 'timestamp_tz', nullable: true },
					],
					sampledRows: 100,
				},
			],
			foreignKeys: [],
		};
		const result = await suggestWorkflows({
			model,
			analysis: { kpis: [{ name: 'Sales {{ 1+1 }}', stream: model.streams[0].name, measure: 'total"; DROP TABLE x; --', aggregation: 'sum', timeColumn: 'created_at' }] as never },
			profile: { columns: [{ stream: model.streams[0].name, column: 'total"; DROP TABLE x; --', quantiles: { '0.5': 10, '0.99': 500 } }] },
			options: { now: NOW },
		});
		expectValid(result);
		const queries = result.suggestions.flatMap((s) => s.workflow.nodes.filter((x) => x.type === 'n8n-nodes-base.postgres'));
		expect(queries.length).toBeGreaterThan(2);
		for (const n of queries) {
			const q = String(n.parameters.query);
			expect(q).not.toContain('{{');
			expect(q).toContain('U&"or""ders\\007B\\007B \\0024env.X \\007D\\007D"');
			expect(q).not.toMatch(/[^"]"total"[^"]/);
			expect(JSON.stringify(n.parameters.options)).not.toMatch(/\{\{ 1\+1 \}\}/);
		}
		expect(queries.some((n) => String(n.parameters.query).includes('"total""; DROP TABLE x; --"'))).toBe(true);
	});

	it('lets a model reorder suggestions but drops unknown ids and columns', async () => {
		const base = await run(chinook, { analysis: chinookAnalysis });
		const last = base.suggestions[base.suggestions.length - 1].id;
		const model = {
			invoke: async () => ({
				content: JSON.stringify({
					ranking: [
						{ id: 'invented_recipe:x', reason: 'spam' },
						{ id: last, reason: 'Top pick because of invoice.total', columns: [{ stream: 'invoice', column: 'total' }] },
						{ id: base.suggestions[0].id, reason: 'uses a fake column', columns: [{ stream: 'invoice', column: 'made_up' }] },
					],
				}),
			}),
		};
		const ranked = await suggestWorkflows({ model: chinook.model, profile: chinook.profile, analysis: chinookAnalysis, options: { now: NOW } }, model);
		expect(ranked.suggestions[0].id).toBe(last);
		expect(ranked.suggestions[0].modelReason).toBe('Top pick because of invoice.total');
		expect(ranked.suggestions[1].modelReason).toBeUndefined();
		expect(ranked.warnings.join('\n')).toMatch(/unknown suggestion "invented_recipe:x"/);
		expect(ranked.warnings.join('\n')).toMatch(/unknown columns \(invoice.made_up\)/);
		expect(ranked.suggestions).toHaveLength(base.suggestions.length);
		const junk = await suggestWorkflows({ model: chinook.model, analysis: chinookAnalysis, options: { now: NOW } }, { invoke: async () => 'no json here' });
		expect(junk.warnings.join('\n')).toMatch(/deterministic order kept/);
	});
});
