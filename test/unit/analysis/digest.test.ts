// The digest's notation carries what a model needs for the business analysis (entities, keys, FKs with scores,
// types, null rates, categories with values, ranges, KPI candidates, quality warnings), densely, and the JSON
// fallback spells out exactly the schema that withStructuredOutput enforces.
import { z } from 'zod';

import { runAnalysis, type AnalysisResult } from '../../../lib/analysis/pipeline';
import { llmAnalysisSchema } from '../../../lib/analysis/llm/schema';
import { describeShape } from '../../../lib/analysis/llm/shape';
import { digestLegend } from '../../../lib/analysis/llm/digest';
import type { StreamSample } from '../../../lib/sample/types';
import { readDatasetFolder } from '../../../tools/eval-dataset';
import { sharedPath } from '../../support/shared-data';

jest.setTimeout(120_000);

function streamLine(result: AnalysisResult, stream: string): string {
	const line = result.prompt!.user.split('\n').find((candidate) => candidate.startsWith(`${stream} `));
	if (!line) throw new Error(`no line for ${stream}`);
	return line;
}

describe('the digest', () => {
	let chinook: AnalysisResult;
	beforeAll(async () => {
		chinook = await runAnalysis(readDatasetFolder(sharedPath('datasets/chinook')), { llmMode: 'preview', now: new Date('2026-01-01T00:00:00Z') });
	});

	it('one line per stream: rows, entity, role, key, then typed columns with FKs inline', () => {
		expect(streamLine(chinook, 'invoice')).toMatch(/^invoice 412 invoice fact key=invoice_id: customer_id>customer /);
		expect(streamLine(chinook, 'invoice')).toMatch(/ invoice_date:ts 20\d\d\.\.20\d\d /);
		expect(streamLine(chinook, 'invoice')).toMatch(/ total:money~\d+ 0\.99\.\.25\.86/);
		expect(streamLine(chinook, 'playlist_track')).toBe('playlist_track 5000 content junction key=playlist_id+track_id: playlist_id>playlist track_id>track');
		// A weaker FK shows its score; a self reference points at its own stream.
		expect(streamLine(chinook, 'employee')).toMatch(/ reports_to\?13>employee\(\.\d\d\)/);
	});

	it('categories show their most frequent values; PII columns are marked and show none', () => {
		const invoice = streamLine(chinook, 'invoice');
		expect(invoice).toMatch(/ billing_country:enum~24=USA\|Canada\|Brazil /);
		expect(invoice).toMatch(/ billing_address! /);
		const customer = streamLine(chinook, 'customer');
		expect(customer).toMatch(/ first_name! last_name! company\?83 /);
		expect(customer).toMatch(/ email:email! /);
		for (const pii of chinook.pii.columns.filter((column) => column.stream === 'customer')) {
			expect(customer).toMatch(new RegExp(` ${pii.path}(:\\w+)?!`));
			expect(customer).not.toMatch(new RegExp(` ${pii.path}(:\\w+)?![^ ]*[=.]`));
		}
	});

	it('carries the rules\' KPI candidates and quality warnings, and the notation is defined once in the system message', async () => {
		expect(chinook.prompt!.user).toMatch(/^rule KPIs: invoice@invoice_date\/month: sum\(total\) /m);
		expect(chinook.prompt!.user).toMatch(/invoice_line@invoice\.invoice_date\/month: sum\(unit_price\*quantity\)/);
		expect(chinook.prompt!.system).toMatch(/Each line: "stream rows entity role key=cols: columns"/);
		const northwind = await runAnalysis(readDatasetFolder(sharedPath('datasets/northwind')), { llmMode: 'preview', now: new Date('2026-01-01T00:00:00Z') });
		expect(northwind.prompt!.user).toMatch(/^quality: stale_data: orders\.order_date \d+d/m);
	});

	it('nested objects in braces, arrays with [], never-filled columns grouped, catalog-only streams with declared types', async () => {
		const samples: StreamSample[] = [
			{
				stream: {
					name: 'orders',
					json_schema: { type: 'object', properties: { id: { type: 'integer' }, shipping: { type: 'object' }, items: { type: 'array' }, coupon: { type: ['null', 'string'] } } },
					supported_sync_modes: ['full_refresh'],
				},
				records: Array.from({ length: 40 }, (_, i) => ({
					id: i + 1,
					shipping: { carrier: i % 2 ? 'ups' : 'dhl', cost: 5 + (i % 3) },
					items: [{ sku: `S${i % 7}`, quantity: 1 + (i % 4) }],
					coupon: null,
				})),
				status: 'complete',
			},
			{
				stream: { name: 'refunds', json_schema: { type: 'object', properties: { id: { type: 'integer' }, amount: { type: 'number' }, created: { type: 'string', format: 'date-time' } } }, supported_sync_modes: ['full_refresh'] },
				records: [],
				status: 'schema_only',
			},
		];
		const result = await runAnalysis(samples, { llmMode: 'preview' });
		const orders = streamLine(result, 'orders');
		expect(orders).toMatch(/ shipping\{carrier:enum~2=dhl\|ups cost:money~3 5\.\.7\}/);
		expect(orders).toMatch(/ items\[\]\{sku:enum~7=S0\|S1\|S2 quantity:int~4 1\.\.4\}/);
		expect(orders).toMatch(/ empty: coupon$/);
		expect(streamLine(result, 'refunds')).toMatch(/\(catalog only\): amount:num created:ts$/);
	});

	it('the legend explains exactly the notation the digest uses', () => {
		expect(chinook.prompt!.system).toContain(digestLegend(chinook.prompt!.user));
		expect(digestLegend(chinook.prompt!.user)).toBe('Each line: "stream rows entity role key=cols: columns"; column: name[:type, none=text][! PII][?null%][~distinct][=top values][min..max][>referenced stream(score)].');
		expect(digestLegend('orders 40 order fact key=id: total:money 1..9 meta{source:enum}')).toBe('Each line: "stream rows entity role key=cols: columns"; column: name[:type, none=text][min..max], {} nested.');
		expect(digestLegend('orders 40 order fact key=id: customer_id>customers note')).toBe('Each line: "stream rows entity role key=cols: columns"; column: name[>referenced stream(score)].');
	});

	it('answer instructions: spelled out for the JSON fallback, in the answer schema for structured output', async () => {
		const samples = readDatasetFolder(sharedPath('datasets/chinook'));
		const json = chinook.prompt!.system;
		expect(json).toMatch(/up to 12 KPIs on real columns/);
		expect(json).toMatch(/Reply with JSON only: \{businessType,/);
		const structuredModel = { invoke: () => Promise.reject(new Error('not called')), withStructuredOutput: () => ({ invoke: () => Promise.reject(new Error('not called')) }) };
		const structured = await runAnalysis(samples, { llmMode: 'preview', llm: structuredModel, now: new Date('2026-01-01T00:00:00Z') });
		expect(structured.prompt!.system).not.toMatch(/KPIs|Reply with JSON/);
		expect(structured.prompt!.system).toMatch(/businessType: \w+(\|\w+)*\|general \(rules' guess first\)/);
		for (const key of ['entities', 'relationships', 'kpis', 'insights'] as const) expect(llmAnalysisSchema.shape[key].description).toBeTruthy();
	});

	it('the JSON fallback spells out exactly the structured-output schema', () => {
		const shape = describeShape(llmAnalysisSchema);
		for (const key of Object.keys(llmAnalysisSchema.shape)) expect(shape).toMatch(new RegExp(`[{,]${key}[,:?}]`));
		expect(shape).toContain('kpis:[{name,description,stream,measureColumn?,aggregation:count|count_distinct|sum|avg|min|max,timeColumn?,grain?:hour|day|week|month|quarter|year,filterColumn?,filterValues:[]}]');
		expect(describeShape(z.object({ a: z.string(), b: z.array(z.object({ c: z.enum(['x', 'y']).nullable() })) }))).toBe('{a,b:[{c?:x|y}]}');
	});
});
