import { planDashboard, readResults, renderEmail, renderHtml } from '../../../lib/dashboard';
import { barChart, lineChart } from '../../../lib/dashboard/render/charts';
import { esc } from '../../../lib/dashboard/render/escape';
import { formatValue, niceTicks } from '../../../lib/dashboard/render/format';
import { loadDataset, loadFaker } from '../suggest/datasets';

const HOSTILE = '<script>alert("x")</script>&\'';

describe('Dashboard plan', () => {
	it('binds X-ray style templates to columns by role (chinook, no analysis)', () => {
		const ds = loadDataset('chinook');
		const plan = planDashboard({ model: ds.model, profile: ds.profile }, { schema: 'tenant' });
		const ids = plan.queries.map((q) => q.id);
		expect(ids).toEqual(expect.arrayContaining(['kpi_invoice_count', 'kpi_invoice_total_sum', 'ts_invoice_total_sum', 'table_sizes', 'data_quality']));
		expect(ids.some((id) => id.startsWith('by_invoice_'))).toBe(true);
		expect(ids.some((id) => id.startsWith('top_customer_by_invoice'))).toBe(true);
		for (const q of plan.queries) {
			expect(q.query).toMatch(/^SELECT \$1::text AS "query_id", \$2::jsonb AS "panel"/);
			expect(q.params[0]).toBe(q.id);
			expect(JSON.parse(String(q.params[1])).id).toBe(q.id);
			expect(q.query).not.toMatch(/\b(INSERT|UPDATE|DELETE|DROP|CREATE|ALTER|GRANT)\b/i);
			const max = Math.max(0, ...[...q.query.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
			expect(max).toBe(q.params.length);
		}
	});

	it('plans for the faker catalog and never labels records with PII columns', () => {
		const ds = loadFaker();
		const plan = planDashboard({ model: ds.model, profile: ds.profile });
		expect(plan.queries.length).toBeGreaterThan(3);
		for (const q of plan.queries) expect(q.query).not.toMatch(/"(email|telephone|name)"::text/);
	});

	it('degrades to table sizes and data quality when no KPI can be defined', () => {
		const plan = planDashboard({
			model: { streams: [{ name: 'tags', primaryKey: ['id'], columns: [{ name: 'id', pgType: 'bigint', semanticType: 'integer', nullable: false }], sampledRows: 3 }], foreignKeys: [] },
		});
		expect(plan.queries.map((q) => q.id)).toEqual(['table_sizes', 'data_quality']);
		expect(plan.warnings[0]).toMatch(/No KPI/);
	});
});

describe('Dashboard render', () => {
	const panel = (id: string, kind: string, extra: Record<string, unknown> = {}) => ({ id, kind, title: `${id} ${HOSTILE}`, format: 'number', emptyMessage: `Nothing ${HOSTILE}`, dashboardTitle: `Board ${HOSTILE}`, order: 0, ...extra });
	const items = [
		{ json: { query_id: 'k', panel: panel('k', 'kpi', { format: 'money', unit: 'EUR' }), rows: [{ value: 1234.5, current: 10, previous: 8, latest: '2024-01-31T00:00:00' }] } },
		{ json: { query_id: 'e', panel: panel('e', 'bar', { order: 1 }), rows: [] } },
		{ json: { query_id: 'b', panel: JSON.stringify(panel('b', 'bar', { order: 2 })), rows: JSON.stringify([{ label: HOSTILE, value: 3 }, { label: null, value: -1 }]) } },
		{ json: { query_id: 't', panel: panel('t', 'timeseries', { order: 3, title: 'Orders by month', grain: 'month' }), rows: [{ bucket: '2024-01-01T00:00:00', value: 1 }, { bucket: '2024-02-01T00:00:00', value: 4 }] } },
		{ json: { query_id: 'q', panel: panel('q', 'quality', { order: 4, notes: [HOSTILE] }), rows: [{ detail: HOSTILE, violations: 2 }] } },
		{ json: { error: { message: `relation does not exist ${HOSTILE}` } } },
		{ json: { unrelated: true } },
	];

	it('reads Postgres node items, counting failed and foreign ones', () => {
		const { panels, problems } = readResults(items);
		expect(panels.map((p) => p.panel.id)).toEqual(['k', 'e', 'b', 't', 'q']);
		expect(problems).toHaveLength(2);
	});

	it('escapes every data string in the page and the email', () => {
		const { panels, problems } = readResults(items);
		for (const html of [renderHtml(panels, { problems }), renderEmail(panels, { problems })]) {
			expect(html).not.toContain('<script>alert');
			expect(html).not.toContain("&'");
			expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
		}
		const page = renderHtml(panels, { problems });
		expect(page).toContain('Nothing &lt;script&gt;');
		expect(page).toContain('€1,234.50');
		expect(page).toContain('▲ 25 %');
		expect(page).toContain("default-src 'none'");
		expect(renderEmail(panels)).not.toMatch(/<svg|<style|<script|<img/);
	});

	it('embeds an ER diagram SVG as an inert data image and Mermaid as text', () => {
		const page = renderHtml([], { erDiagram: { svg: '<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>', mermaid: `erDiagram\n A ||--o{ B : "${HOSTILE}"` } });
		expect(page).toContain('<img src="data:image/svg+xml;charset=utf-8,%3Csvg');
		expect(page).not.toContain('<script>x()');
		expect(page).toContain('A ||--o{ B');
		expect(page).toContain('No dashboard data yet');
	});

	it('draws charts as static SVG with escaped labels', () => {
		const line = lineChart([{ x: '2024-01-01', y: 1 }, { x: '2024-01-02', y: '3' }], { format: 'integer', label: HOSTILE, grain: 'day' });
		expect(line).toMatch(/^<svg class="chart"/);
		expect(line).not.toContain('<script');
		const bar = barChart([{ label: HOSTILE, value: 5 }], { format: 'integer', label: 'x' });
		expect(bar).toContain('&lt;script&gt;');
	});

	it('formats numbers and picks nice axis ticks', () => {
		expect(formatValue(1234567, 'integer', undefined, true)).toBe('1.2M');
		expect(formatValue('12.5', 'money', 'USD')).toBe('$12.50');
		expect(formatValue(null, 'number')).toBe('—');
		expect(niceTicks(0, 93)).toEqual([0, 20, 40, 60, 80, 100]);
		expect(esc('a\u0000b<')).toBe('ab&lt;');
	});
});
