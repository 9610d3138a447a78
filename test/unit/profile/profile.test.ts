import type { AirbyteStream } from '../../../lib/airbyte/protocol';
import { createStreamProfiler, profileStream, profileStreams } from '../../../lib/profile';
import type { StreamSample } from '../../../lib/sample/types';

const stream = (name: string, json_schema: AirbyteStream['json_schema'] = { type: 'object', properties: {} }): AirbyteStream => ({
	name,
	json_schema,
	supported_sync_modes: ['full_refresh', 'incremental'],
});

/** Deterministic pseudo-random records with nested objects, arrays, nulls and missing keys. */
function records(n: number): Array<Record<string, unknown>> {
	let x = 12345;
	const rnd = () => {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		return (x >>> 0) / 4294967296;
	};
	const out: Array<Record<string, unknown>> = [];
	for (let i = 0; i < n; i++) {
		const r: Record<string, unknown> = {
			id: i + 1,
			amount: Math.round(rnd() * 100000) / 100,
			status: ['paid', 'open', 'void', 'draft'][Math.floor(rnd() * rnd() * 4)],
			email: `user${i % 700}@example.com`,
			customer: { name: `Name ${i % 50}`, address: { city: ['Oslo', 'Rome', 'Lima'][i % 3] } },
			tags: Array.from({ length: i % 4 }, (_, k) => `t${(i + k) % 9}`),
			items: Array.from({ length: (i % 3) + 1 }, (_, k) => ({ sku: `S${k}`, qty: k + 1 })),
		};
		if (i % 10 === 0) r.note = null;
		else if (i % 10 < 4) r.note = 'x'.repeat(i % 30);
		out.push(r);
	}
	return out;
}

const exactQuantile = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];

describe('profileStream', () => {
	const data = records(20000);
	const profile = profileStream({ stream: stream('orders'), records: data, status: 'complete' });
	const field = (path: string) => {
		const f = profile.fields.find((g) => g.path === path);
		if (!f) throw new Error(`no field ${path}`);
		return f;
	};

	it('profiles nested objects by path and arrays by element', () => {
		const paths = profile.fields.map((f) => f.path);
		expect(paths).toEqual(
			expect.arrayContaining(['id', 'customer', 'customer.name', 'customer.address', 'customer.address.city', 'tags', 'tags[]', 'items', 'items[]', 'items[].sku', 'items[].qty', 'note']),
		);
		expect(field('items[].qty').inArray).toBe(true);
		expect(field('items[]').containerCount).toBe(data.reduce((n, r) => n + (r.items as unknown[]).length, 0));
		expect(field('items[].qty').containerCount).toBe(field('items[]').containerCount);
	});

	it('matches exact presence, null rate and distinct counts', () => {
		const note = field('note');
		const present = data.filter((r) => 'note' in r).length;
		const nulls = data.filter((r) => r.note === null).length;
		expect(note.present).toBe(present);
		expect(note.nulls).toBe(nulls);
		expect(note.presenceRate).toBeCloseTo(present / data.length, 6);
		expect(note.nullRate).toBeCloseTo((data.length - present + nulls) / data.length, 6);
		expect(field('status').distinct).toBe(new Set(data.map((r) => r.status)).size);
		expect(field('status').distinctExact).toBe(true);
		expect(field('email').distinct).toBe(700);
		const idDistinct = field('id').distinct;
		expect(field('id').distinctExact).toBe(false);
		expect(Math.abs(idDistinct - 20000) / 20000).toBeLessThan(0.05);
	});

	it('matches exact min, max, mean, stddev and approximate quantiles', () => {
		const values = data.map((r) => r.amount as number).sort((a, b) => a - b);
		const n = field('amount').numeric!;
		const mean = values.reduce((a, b) => a + b, 0) / values.length;
		const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
		expect(n.min).toBe(values[0]);
		expect(n.max).toBe(values[values.length - 1]);
		expect(n.mean).toBeCloseTo(mean, 4);
		expect(n.stddev).toBeCloseTo(sd, 3);
		expect(n.maxScale).toBe(2);
		for (const [name, q] of [
			['p05', 0.05],
			['p50', 0.5],
			['p95', 0.95],
		] as const) {
			const exact = exactQuantile(values, q);
			const rank = values.filter((v) => v <= n.quantiles[name]).length / values.length;
			expect(Math.abs(rank - q)).toBeLessThan(0.02);
			expect(Math.abs(n.quantiles[name] - exact) / (values[values.length - 1] - values[0])).toBeLessThan(0.03);
		}
	});

	it('gives exact top-k and length stats', () => {
		const counts = new Map<string, number>();
		for (const r of data) counts.set(r.status as string, (counts.get(r.status as string) ?? 0) + 1);
		const expected = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([value, count]) => ({ value, count }));
		expect(field('status').topK).toEqual(expected);
		const lengths = data.map((r) => (r.email as string).length);
		const len = field('email').length!;
		expect(len.min).toBe(Math.min(...lengths));
		expect(len.max).toBe(Math.max(...lengths));
		expect(len.mean).toBeCloseTo(lengths.reduce((a, b) => a + b, 0) / lengths.length, 4);
		const arr = field('tags').arrayLength!;
		expect(arr.min).toBe(0);
		expect(arr.max).toBe(3);
		expect(field('note').emptyStrings ?? 0).toBe(data.filter((r) => r.note === '').length);
	});

	it('recognises semantic types along the way', () => {
		expect(field('id').semanticType).toBe('integer');
		expect(field('amount').semanticType).toBe('money');
		expect(field('status').semanticType).toBe('enum');
		expect(field('email').semanticType).toBe('email');
		expect(field('customer').semanticType).toBe('json');
		expect(field('items[].sku').semanticType).toBe('enum');
	});

	it('is deterministic for the same input', () => {
		const again = profileStream({ stream: stream('orders'), records: records(20000), status: 'complete' });
		expect(again).toEqual(profile);
	});
});

describe('catalog, limits and bad input', () => {
	it('lists declared fields of a catalog-only stream, in catalog order, with declared types', () => {
		const s = stream('customers', {
			type: 'object',
			properties: { id: { type: 'integer' }, created_at: { type: 'string', format: 'date-time' }, address: { type: 'object', properties: { city: { type: 'string' } } } },
		});
		const p = profileStreams([{ stream: s, records: [], status: 'schema_only' }]).streams[0];
		expect(p.status).toBe('schema_only');
		expect(p.fields.map((f) => f.path)).toEqual(['id', 'created_at', 'address', 'address.city']);
		expect(p.fields[1].declared).toEqual({ type: ['string'], format: 'date-time' });
		expect(p.fields.every((f) => f.semanticType === 'empty')).toBe(true);
	});

	it('carries catalog facts: source-defined key, cursor, sync modes, totals', () => {
		const s: AirbyteStream = { ...stream('charges'), source_defined_primary_key: [['id']], default_cursor_field: ['created'] };
		const sample: StreamSample = { stream: s, records: [{ id: 'a' }], status: 'partial', totalRecords: 900 };
		const p = profileStreams([sample]).streams[0];
		expect(p.sourceDefinedPrimaryKey).toEqual([['id']]);
		expect(p.defaultCursorField).toEqual(['created']);
		expect(p.supportedSyncModes).toEqual(['full_refresh', 'incremental']);
		expect(p.totalRecords).toBe(900);
		expect(p.status).toBe('partial');
	});

	it('bounds the number of paths and the depth', () => {
		const wide = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`c${i}`, i]));
		const p = profileStream({ stream: stream('wide'), records: [wide], status: 'complete' }, { maxFieldsPerStream: 10 });
		expect(p.fields).toHaveLength(10);
		let deep: Record<string, unknown> = { leaf: 1 };
		for (let i = 0; i < 20; i++) deep = { d: deep };
		const q = profileStream({ stream: stream('deep'), records: [deep], status: 'complete' }, { maxDepth: 4 });
		expect(Math.max(...q.fields.map((f) => f.segments.length))).toBe(4);
	});

	it('skips records that are not objects and counts them', () => {
		const profiler = createStreamProfiler(stream('s'));
		for (const r of [{ a: 1 }, null, [1], 'x', 5, { a: 2 }]) profiler.add(r);
		const p = profiler.finish();
		expect(p.recordCount).toBe(2);
		expect(p.malformedRecords).toBe(4);
	});
});
