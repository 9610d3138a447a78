import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { Browser } from 'playwright-core';

import { planDashboard, readResults, renderEmail, renderHtml } from '../../../lib/dashboard';
import { normaliseAnalysis } from '../../../lib/suggest';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { loadDataset, type TestDataset } from '../../unit/suggest/datasets';
import { inspect, launch } from './browser';
import { loadModel, runReadOnly } from './load';

const ARTIFACTS = join(__dirname, '../../../artifacts');
const HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">';
const SCHEMA = 'tenant "acme"';

const analyses: Record<string, unknown> = {
	chinook: {
		businessType: 'digital media store',
		kpis: [
			{ name: 'Revenue', stream: 'invoice', measure: 'total', aggregation: 'sum', timeColumn: 'invoice_date', unit: 'USD' },
			{ name: 'Invoices', stream: 'invoice', aggregation: 'count', timeColumn: 'invoice_date' },
			{ name: 'Customers', stream: 'customer', measure: 'customer_id', aggregation: 'count_distinct' },
			{ name: 'Tracks sold', stream: 'invoice_line', measure: 'quantity', aggregation: 'sum' },
		],
		qualityIssues: [{ kind: 'unexpected_nulls', stream: 'invoice', columns: ['billing_state'], rate: 0.49, evidence: `billing_state is empty on 49 % of invoices ${HOSTILE}` }],
	},
	northwind: {
		businessType: 'wholesale food distribution',
		kpis: [
			{ name: 'Orders', stream: 'orders', aggregation: 'count', timeColumn: 'order_date' },
			{ name: 'Freight', stream: 'orders', measure: 'freight', aggregation: 'sum', timeColumn: 'order_date', unit: 'USD' },
			{ name: 'Units sold', stream: 'order_details', measure: 'quantity', aggregation: 'sum' },
		],
		qualityIssues: [],
	},
};

function plant(ds: TestDataset): void {
	// A hostile value where the dashboard shows data: the top country of the breakdown charts.
	const table = ds.name === 'chinook' ? 'invoice' : 'orders';
	const col = ds.name === 'chinook' ? 'billing_country' : 'ship_country';
	for (const r of ds.records[table]) if (r[col] === 'USA') r[col] = HOSTILE;
}

describe('Dashboard Builder against real Postgres and Chromium', () => {
	let browser: Browser;
	const dbs: TestDatabase[] = [];

	beforeAll(async () => {
		mkdirSync(ARTIFACTS, { recursive: true });
		browser = await launch();
	}, 60_000);
	afterAll(async () => {
		await browser?.close();
		for (const db of dbs) await db.drop();
	});

	for (const name of ['chinook', 'northwind'] as const) {
		it(`plans, queries and renders a dashboard for ${name}`, async () => {
			const ds = loadDataset(name);
			plant(ds);
			const db = await createTestDatabase('dash');
			dbs.push(db);
			await loadModel(db.client, SCHEMA, ds.model, ds.records);
			const analysis = normaliseAnalysis(ds.model, analyses[name]).value;
			const plan = planDashboard({ model: ds.model, analysis, profile: ds.profile }, { schema: SCHEMA });
			const kinds = plan.queries.map((q) => q.panel.kind);
			expect(kinds).toEqual(expect.arrayContaining(['kpi', 'timeseries', 'bar', 'table', 'quality']));
			expect(new Set(plan.queries.map((q) => q.id)).size).toBe(plan.queries.length);

			// What the Postgres node would emit: one item per query, each `{ query_id, panel, rows }`.
			const items = [];
			for (const q of plan.queries) {
				expect(q.query.trim()).toMatch(/^SELECT /);
				const rows = await runReadOnly(db.client, q.query, q.params);
				expect(rows).toHaveLength(1);
				items.push({ json: rows[0], pairedItem: { item: items.length } });
			}
			const { panels, problems } = readResults(items);
			expect(problems).toEqual([]);
			expect(panels).toHaveLength(plan.queries.length);
			const nonEmpty = panels.filter((p) => p.rows.length > 0);
			expect(nonEmpty.length).toBe(panels.length);
			const revenue = panels.find((p) => p.panel.id === (name === 'chinook' ? 'kpi_revenue' : 'kpi_freight'));
			const table = ds.records[name === 'chinook' ? 'invoice' : 'orders'];
			const exact = table.reduce((s, r) => s + Number(r[name === 'chinook' ? 'total' : 'freight'] ?? 0), 0);
			expect(Number(revenue?.rows[0].value)).toBeCloseTo(exact, 2);

			const html = renderHtml(panels, {
				generatedAt: '2026-11-25T12:00:00Z',
				erDiagram: { mermaid: `erDiagram\n  invoice ||--o{ invoice_line : has\n  %% ${HOSTILE}`, svg: `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><script>window.__pwned=1</script><text x="4" y="24">ER ${'&amp;'} diagram</text></svg>` },
			});
			expect(html).not.toContain(HOSTILE);
			expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
			const email = renderEmail(panels, { generatedAt: '2026-11-25T12:00:00Z' });
			expect(email).not.toMatch(/<script|<svg|<img|<style/i);
			writeFileSync(join(ARTIFACTS, `dashboard-${name}.html`), html);
			writeFileSync(join(ARTIFACTS, `dashboard-${name}-email.html`), email);

			for (const [suffix, viewport, page] of [
				['desktop', { width: 1280, height: 900 }, html],
				['phone', { width: 390, height: 844 }, html],
				['email', { width: 700, height: 900 }, email],
			] as const) {
				const report = await inspect(browser, page, join(ARTIFACTS, `dashboard-${name}-${suffix}.png`), viewport);
				expect(report.text.includes(HOSTILE)).toBe(true);
				expect({ suffix, ...report, text: undefined, textLength: report.textLength > 200 }).toEqual({
					suffix,
					consoleErrors: [],
					pageErrors: [],
					requests: [],
					scripts: 0,
					pwned: false,
					textLength: true,
					overflowX: false,
					text: undefined,
				});
			}
		}, 180_000);
	}
});
