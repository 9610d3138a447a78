// The Suggester and Dashboard Builder on the real upstream stages: the analyzer's runAnalysis (profile,
// keys, business analysis), the Schema Designer's plan, migration and transforms applied to real Postgres
// after an Airbyte-style load. Every suggested workflow validates and its SQL runs; the dashboard renders
// in Chromium with the Schema Designer's ER diagram embedded.
import { join } from 'path';
import { validateWorkflow } from '@n8n/workflow-sdk';
import type { Browser } from 'playwright-core';

import { runAnalysis } from '../../../lib/analysis/pipeline';
import { planDashboard, readResults, renderHtml } from '../../../lib/dashboard';
import { buildSchemaPlan, extrasFromAnalysis, renderPlanMigration, renderTransform } from '../../../lib/schema';
import { erDiagramSvg, mermaidErDiagram } from '../../../lib/schema/er';
import { normaliseInputs, suggestWorkflows } from '../../../lib/suggest';
import { readDatasetFolder } from '../../../tools/eval-dataset';
import { loadStreamsLikeAirbyte } from '../../airbyte-emulator';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { runScript } from '../schema/helpers';
import { inspect, launch } from './browser';
import { runReadOnly } from './load';
import { isChecked, n8nBaseAvailable, nodeTypes, parameterIssues, unknownParameters } from '../../unit/suggest/n8nNodeTypes';
import { sharedPath } from '../../support/shared-data';

const ARTIFACTS = join(__dirname, '../../../artifacts');

function paramsOf(options: unknown): unknown[] {
	const expr = (options as { queryReplacement?: string } | undefined)?.queryReplacement;
	const json = expr ? /^=\{\{ (.*) \}\}$/s.exec(expr)?.[1] : undefined;
	return json ? JSON.parse(json) : [];
}

describe('Suggester and Dashboard Builder on the real analyzer and schema designer', () => {
	let db: TestDatabase;
	let browser: Browser;
	beforeAll(async () => {
		db = await createTestDatabase('real');
		browser = await launch();
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await db?.drop();
	});

	for (const name of ['chinook', 'northwind']) {
		it(`${name}: analysis → plan → load → suggestions and dashboard`, async () => {
			const samples = readDatasetFolder(sharedPath('datasets', name));
			const result = await runAnalysis(samples, { llmMode: 'off' });
			const plan = buildSchemaPlan({ model: result.model, catalog: { streams: samples.map((s) => s.stream) }, extras: extrasFromAnalysis(result.analysis), options: { tenantId: `real_${name}` } });
			await loadStreamsLikeAirbyte(db.client, { namespace: plan.rawSchema, streams: samples.map((s) => ({ stream: s.stream, records: s.records })) });
			await runScript(db.client, renderPlanMigration(plan).sql);
			await runScript(db.client, renderTransform(plan).sql);

			// The nodes receive these as JSON, exactly as the Data Analyzer and Schema Designer emit them.
			const raw = JSON.parse(JSON.stringify({ model: result.model, analysis: result.analysis, profile: result.profile, schemaPlan: { plan, erDiagram: { mermaid: mermaidErDiagram(plan), svg: erDiagramSvg(plan) } } }));
			const { value: input, warnings } = normaliseInputs(raw);
			expect(warnings).toEqual([]);
			expect(input.analysis?.kpis?.length).toBeGreaterThan(0);
			expect(input.schemaPlan?.transformSql).toContain(plan.schema);

			const suggestions = await suggestWorkflows({ ...input, options: { now: Date.now() } });
			const recipes = suggestions.suggestions.map((s) => s.recipe);
			expect(recipes).toEqual(expect.arrayContaining(['post_sync_transform', 'sync_failure_alert', 'data_quality_monitor', 'kpi_digest']));
			for (const s of suggestions.suggestions) {
				const v = validateWorkflow(s.workflow as never, n8nBaseAvailable() ? { nodeTypesProvider: nodeTypes } : {});
				expect({ wf: s.workflow.name, errors: v.errors, warnings: v.warnings.filter((w) => w.severity !== 'informational').map((w) => w.message) }).toEqual({ wf: s.workflow.name, errors: [], warnings: [] });
				for (const n of s.workflow.nodes.filter((x) => n8nBaseAvailable() && isChecked(x.type) && x.type.startsWith('n8n-nodes-base.'))) {
					expect({ node: n.name, issues: parameterIssues(n as never), unknown: unknownParameters(n as never) }).toEqual({ node: n.name, issues: null, unknown: [] });
				}
				for (const node of s.workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.postgres')) {
					const sql = String(node.parameters.query);
					if (s.recipe === 'post_sync_transform') await runScript(db.client, sql);
					else await runReadOnly(db.client, sql, paramsOf(node.parameters.options));
				}
			}

			const dashboard = planDashboard(input);
			const items = [];
			for (const q of dashboard.queries) items.push({ json: (await runReadOnly(db.client, q.query, q.params))[0] });
			const { panels, problems } = readResults(items);
			expect(problems).toEqual([]);
			const filled = panels.filter((p) => p.rows.length > 0 && p.rows.some((r) => Object.values(r).some((v) => v !== null)));
			expect(filled.length).toBeGreaterThanOrEqual(Math.ceil(panels.length * 0.8));
			const html = renderHtml(panels, { erDiagram: input.schemaPlan?.erDiagram });
			const report = await inspect(browser, html, join(ARTIFACTS, `dashboard-${name}-real-pipeline.png`), { width: 1280, height: 900 });
			expect({ ...report, text: undefined, textLength: undefined }).toEqual({ consoleErrors: [], pageErrors: [], requests: [], scripts: 0, pwned: false, overflowX: false, text: undefined, textLength: undefined });
		}, 300_000);
	}
});
