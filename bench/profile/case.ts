// One profiling case in its own process: `case.ts <ours|exact|genson> <records> [batch]`.
// Records are generated in batches outside the timed section; only the profiler's work is timed.
// Memory: heap and RSS sampled after every batch; growth is measured from a baseline taken after warm-up
// and a full GC, so it is the profiler's own footprint (plus one batch, the same for every implementation).

import { createCompoundSchema, mergeSchemas, type Schema } from 'genson-js';
import { createStreamProfiler } from '../../lib/profile';
import { BENCH_STREAM, makeBatch } from './generate';
import { ExactProfiler } from './exact';

interface Impl {
	add(batch: Array<Record<string, unknown>>): void;
	finish(): unknown;
}

function impl(name: string): Impl {
	if (name === 'ours') {
		const p = createStreamProfiler(BENCH_STREAM, undefined, { status: 'complete' });
		return { add: (b) => b.forEach((r) => p.add(r)), finish: () => p.finish() };
	}
	if (name === 'exact') {
		const p = new ExactProfiler();
		return { add: (b) => b.forEach((r) => p.add(r)), finish: () => p.finish() };
	}
	if (name === 'genson') {
		let acc: Schema | undefined;
		return {
			add: (b) => {
				const s = createCompoundSchema(b);
				acc = acc ? mergeSchemas([acc, s]) : s;
			},
			finish: () => acc,
		};
	}
	throw new Error(`unknown implementation ${name}`);
}

function main(): void {
	const [name, nArg, batchArg] = process.argv.slice(2);
	const n = Number(nArg);
	const batchSize = Number(batchArg ?? 5000);
	const gc = (globalThis as { gc?: () => void }).gc;
	// Warm-up on a separate instance (JIT), then a clean baseline.
	let warm: Impl | null = impl(name);
	warm.add(makeBatch(10_000_000, 2000));
	warm.finish();
	warm = null;
	let batch: Array<Record<string, unknown>> | null = makeBatch(0, Math.min(batchSize, n));
	gc?.();
	const base = process.memoryUsage();
	let peakHeap = base.heapUsed;
	let peakRss = base.rss;
	const p = impl(name);
	let ms = 0;
	let cpuUs = 0;
	for (let start = 0; start < n; start += batchSize) {
		const size = Math.min(batchSize, n - start);
		batch = start === 0 && batch && batch.length === size ? batch : makeBatch(start, size);
		const t0 = performance.now();
		const c0 = process.cpuUsage();
		p.add(batch);
		const c1 = process.cpuUsage(c0);
		ms += performance.now() - t0;
		cpuUs += c1.user + c1.system;
		const m = process.memoryUsage();
		if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
		if (m.rss > peakRss) peakRss = m.rss;
	}
	gc?.();
	const retainedHeap = process.memoryUsage().heapUsed - base.heapUsed;
	batch = null;
	const t0 = performance.now();
	const c0 = process.cpuUsage();
	const result = p.finish();
	const c1 = process.cpuUsage(c0);
	ms += performance.now() - t0;
	cpuUs += c1.user + c1.system;
	const m = process.memoryUsage();
	peakHeap = Math.max(peakHeap, m.heapUsed);
	peakRss = Math.max(peakRss, m.rss);
	if (!result) throw new Error('no result');
	process.stdout.write(
		`RESULT ${JSON.stringify({ name, records: n, ms, cpuMs: cpuUs / 1000, heapGrowth: peakHeap - base.heapUsed, retainedHeap, rssGrowth: peakRss - base.rss, peakRss, baseRss: base.rss })}\n`,
	);
}

main();
