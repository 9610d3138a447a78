// The deterministic business analysis on the shared datasets, a real connector catalog and synthetic data.
import path from 'node:path';

import { runAnalysis } from '../../../lib/analysis/pipeline';
import { inferBusinessType } from '../../../lib/analysis/business/business-type';
import { profileStreams } from '../../../lib/profile';
import type { StreamSample } from '../../../lib/sample/types';
import { readDatasetFolder } from '../../../tools/eval-dataset';

jest.setTimeout(60_000);

const SHARED = path.resolve(__dirname, '../../../../shared');
const NOW = new Date('2026-11-25T00:00:00Z');
const analyse = async (samples: StreamSample[], now = NOW) => await runAnalysis(samples, { now, llmMode: 'off' });

function expectKpisOverRealColumns(result: Awaited<ReturnType<typeof analyse>>): void {
	for (const kpi of result.analysis.kpis) {
		const columnsOf = (stream: string) => new Set(result.profile.streams.find((s) => s.name === stream)!.fields.map((f) => f.path));
		const columns = columnsOf(kpi.stream);
		if (kpi.measure.kind === 'column') expect(columns.has(kpi.measure.column)).toBe(true);
		if (kpi.measure.kind === 'product') kpi.measure.columns.forEach((column) => expect(columns.has(column)).toBe(true));
		if (kpi.timeColumn) expect((kpi.timeJoin ? columnsOf(kpi.timeJoin.stream) : columns).has(kpi.timeColumn)).toBe(true);
		kpi.filters.forEach((filter) => expect(columns.has(filter.column)).toBe(true));
	}
}

describe('business analysis', () => {
	it('chinook: digital media retail, KPIs over invoices and invoice lines, relationships in business words', async () => {
		const result = await analyse(readDatasetFolder(path.join(SHARED, 'datasets/chinook')));
		const { analysis } = result;
		expect(analysis.businessType).toMatchObject({ type: 'ecommerce_retail', domain: 'digital media' });
		expect(analysis.businessType.label).toMatch(/e-commerce.*digital media/i);
		expect(analysis.businessModel.kind).toBe('B2C');
		const revenue = analysis.kpis.find((kpi) => kpi.id === 'revenue__invoice')!;
		expect(revenue).toMatchObject({ stream: 'invoice', measure: { kind: 'column', column: 'total' }, aggregation: 'sum', timeColumn: 'invoice_date', grain: 'month', unit: 'currency' });
		const lines = analysis.kpis.find((kpi) => kpi.id === 'line_revenue__invoice_line')!;
		expect(lines).toMatchObject({ measure: { kind: 'product', columns: ['unit_price', 'quantity'] }, timeColumn: 'invoice_date', timeJoin: { stream: 'invoice', fromColumns: ['invoice_id'], toColumns: ['invoice_id'] } });
		expect(analysis.kpis.find((kpi) => kpi.id === 'active_customers__invoice')).toMatchObject({ aggregation: 'count_distinct', measure: { kind: 'column', column: 'customer_id' } });
		expectKpisOverRealColumns(result);
		const supportRep = analysis.relationships.find((r) => r.fromStream === 'customer' && r.fromColumns[0] === 'support_rep_id')!;
		expect(supportRep.description).toBe('Each customer has one employee as its "support rep" (support_rep_id); an employee can have many customers.');
		expect(analysis.relationships.some((r) => r.cardinality === 'many_to_many' && /playlists and tracks/.test(r.description))).toBe(true);
		expect(analysis.entities.find((e) => e.stream === 'playlist_track')!.role).toBe('junction');
		expect(analysis.entities.find((e) => e.stream === 'customer')).toMatchObject({ entityType: 'customer', containsPii: true });
		expect(analysis.sync.scheduleType).toBe('manual');
		expect(analysis.sync.streams.every((s) => s.syncMode === 'full_refresh_overwrite')).toBe(true);
		expect(analysis.dataQuality.find((issue) => issue.kind === 'stale_data' && issue.stream === 'invoice')!.evidence).toMatchObject({ newest: '2025-12-22T00:00:00' });
	});

	it('northwind: B2B wholesale; freight is a cost, not revenue; line sales dated by their order', async () => {
		const result = await analyse(readDatasetFolder(path.join(SHARED, 'datasets/northwind')));
		const { analysis } = result;
		expect(analysis.businessType.type).toBe('b2b_wholesale');
		expect(analysis.businessType.evidence.join(' ')).toMatch(/customers\.company_name/);
		expect(analysis.kpis.some((kpi) => kpi.measure.kind === 'column' && kpi.measure.column === 'freight' && kpi.unit === 'currency')).toBe(false);
		expect(analysis.kpis.find((kpi) => kpi.id === 'line_revenue__order_details')).toMatchObject({
			measure: { kind: 'product', columns: ['unit_price', 'quantity'] },
			timeColumn: 'order_date',
			timeJoin: { stream: 'orders' },
		});
		expect(analysis.relationships.find((r) => r.fromColumns[0] === 'ship_via')!.description).toMatch(/shipper as its "ship via"/);
		expectKpisOverRealColumns(result);
	});

	it('Stripe catalog: subscription business, incremental dedup on the source cursor, revenue of succeeded charges in minor units', async () => {
		const result = await analyse(readDatasetFolder(path.join(SHARED, 'airbyte-catalogs/source-stripe')), new Date('2023-02-01T00:00:00Z'));
		const { analysis } = result;
		expect(analysis.businessType.type).toBe('saas_subscription');
		expect(analysis.sync.streams.find((s) => s.stream === 'charges')).toMatchObject({ syncMode: 'incremental_deduped_history', cursorField: ['created'], primaryKey: [['id']], cursorSourceDefined: true });
		expect(analysis.sync.streams.find((s) => s.stream === 'invoice_line_items')!.syncMode).toBe('full_refresh_overwrite');
		expect(analysis.kpis.find((kpi) => kpi.id === 'revenue__charges')).toMatchObject({
			measure: { kind: 'column', column: 'amount' },
			filters: [{ column: 'status', op: 'in', value: ['succeeded'] }],
			unit: 'currency_minor',
			currencyColumn: 'currency',
		});
		expect(analysis.kpis.find((kpi) => kpi.id === 'active_subscriptions__subscriptions')!.filters[0]).toMatchObject({ column: 'status', value: ['active'] });
		expectKpisOverRealColumns(result);
	});

	it('names in any style map to the same entity types and business type (no rules for specific tables)', () => {
		const stream = (name: string, record: Record<string, unknown>): StreamSample => ({
			stream: { name, json_schema: { type: 'object', properties: {} }, supported_sync_modes: ['full_refresh'] },
			records: [record],
			status: 'complete',
		});
		const profile = profileStreams([
			stream('Clients', { ClientId: 1, FirstName: 'A', Gender: 'f' }),
			stream('SalesOrders', { SalesOrderId: 1, ClientId: 1, OrderedAt: '2026-01-01T00:00:00Z', GrandTotal: 10.5 }),
			stream('SalesOrderLines', { SalesOrderLineId: 1, SalesOrderId: 1, ProductId: 2, Qty: 1, UnitPrice: 10.5 }),
			stream('Products', { ProductId: 2, ProductName: 'X' }),
		]);
		expect(inferBusinessType(profile).type).toBe('ecommerce_retail');
	});
});

describe('data quality and sync schedule on synthetic data', () => {
	const day = 86_400_000;
	const now = new Date('2026-11-25T12:00:00Z');
	const customers: StreamSample = {
		stream: { name: 'customers', json_schema: { type: 'object', properties: { id: { type: 'integer' } } }, supported_sync_modes: ['full_refresh'], source_defined_primary_key: [['id']] },
		records: Array.from({ length: 50 }, (_, i) => ({ id: i + 1, name: `Customer ${i + 1}` })),
		status: 'complete',
	};
	const orders: StreamSample = {
		stream: {
			name: 'orders',
			json_schema: { type: 'object', properties: { id: { type: 'integer' }, customer_id: { type: 'integer' }, total: { type: 'number' }, qty: { type: 'string' }, channel: { type: ['string'] } } },
			supported_sync_modes: ['full_refresh', 'incremental'],
			source_defined_primary_key: [['id']],
		},
		records: Array.from({ length: 3000 }, (_, i) => ({
			id: i === 2999 ? 1 : i + 1,
			customer_id: i % 100 === 99 ? 9999 : (i % 50) + 1,
			total: i === 5 ? 'n/a' : 10 + (i % 40),
			qty: String(1 + (i % 5)),
			channel: i < 2990 ? 'web' : i % 2 === 0 ? 'store' : null,
			updated_at: new Date(now.getTime() - (i * day) / 1000).toISOString(),
			created_at: new Date(now.getTime() - (i * day) / 1000).toISOString(),
		})),
		status: 'complete',
	};

	it('reports duplicate keys, orphans, mixed types, numbers in strings, unexpected nulls and skew, with evidence', async () => {
		const { analysis } = await runAnalysis([customers, orders], { now, llmMode: 'off' });
		const issue = (kind: string, column?: string) => analysis.dataQuality.find((q) => q.kind === kind && (!column || q.columns.includes(column)));
		expect(issue('duplicate_key')).toMatchObject({ stream: 'orders', severity: 'error', evidence: { duplicateRows: 1, duplicatedKeys: 1, rowsChecked: 3000 } });
		expect(issue('orphaned_reference', 'customer_id')).toMatchObject({ stream: 'orders', evidence: { orphanRows: 30, distinctOrphanValues: 1, parentStream: 'customers' } });
		expect(issue('mixed_types', 'total')!.evidence).toMatchObject({ numberValues: 2999, stringValues: 1 });
		expect(issue('numbers_as_strings', 'qty')!.evidence).toMatchObject({ integerStrings: 3000 });
		expect(issue('unexpected_nulls', 'channel')).toMatchObject({ severity: 'warning', evidence: { missingRows: 5 } });
		expect(issue('skew', 'channel')!.evidence.topShare).toBeGreaterThanOrEqual(0.95);
		expect(issue('stale_data')).toBeUndefined();
		for (const q of analysis.dataQuality) expect(q.message.length).toBeGreaterThan(10);
	});

	it('syncs busy fresh data hourly (Quartz cron, UTC), incrementally with dedup where a key and cursor exist', async () => {
		const busy = { ...orders, records: Array.from({ length: 6000 }, (_, i) => ({ ...orders.records[i % 3000], id: i + 1, updated_at: new Date(now.getTime() - (i * day) / 5000).toISOString(), created_at: new Date(now.getTime() - (i * day) / 5000).toISOString() })) };
		const { analysis } = await runAnalysis([customers, busy], { now, llmMode: 'off' });
		expect(analysis.sync).toMatchObject({ scheduleType: 'cron', cronExpression: '0 0 * * * ?', timezone: 'UTC' });
		expect(analysis.sync.reason).toMatch(/about 5\d\d\d rows a day/);
		expect(analysis.sync.streams.find((s) => s.stream === 'orders')).toMatchObject({ syncMode: 'incremental_deduped_history', cursorField: ['updated_at'], cursorSourceDefined: false, primaryKey: [['id']] });
		expect(analysis.sync.streams.find((s) => s.stream === 'customers')!.syncMode).toBe('full_refresh_overwrite');
		const quiet = { ...orders, records: orders.records.slice(0, 60).map((r, i) => ({ ...r, created_at: new Date(now.getTime() - i * day).toISOString(), updated_at: new Date(now.getTime() - i * day).toISOString() })) };
		const slow = await runAnalysis([customers, quiet], { now, llmMode: 'off' });
		expect(slow.analysis.sync.cronExpression).toBe('0 0 2 * * ?');
		const old = await runAnalysis([customers, quiet], { now: new Date(now.getTime() + 200 * day), llmMode: 'off' });
		expect(old.analysis.sync).toMatchObject({ scheduleType: 'manual', cronExpression: null });
		expect(old.analysis.dataQuality.some((q) => q.kind === 'stale_data' && q.stream === 'orders')).toBe(true);
	});
});
