import fc from 'fast-check';
import { BloomFilter } from '../../../lib/profile/sketches/bloom';
import { hashString } from '../../../lib/profile/sketches/hash';
import { HyperLogLog } from '../../../lib/profile/sketches/hyperloglog';
import { KllSketch } from '../../../lib/profile/sketches/kll';
import { MisraGries } from '../../../lib/profile/sketches/misra-gries';

/** Exact nearest-rank quantile. */
function exactQuantile(sorted: number[], q: number): number {
	return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

/** Rank (share of values <= v) in a sorted array. */
function rankOf(sorted: number[], v: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (sorted[mid] <= v) lo = mid + 1;
		else hi = mid;
	}
	return lo / sorted.length;
}

describe('HyperLogLog', () => {
	it.each([10, 1000, 20000, 200000])('estimates %i distinct values within 5%% of the exact count', (n) => {
		const hll = new HyperLogLog(12);
		for (let i = 0; i < n; i++) {
			hll.addHash(hashString(`user-${i}@example.com`));
			hll.addHash(hashString(`user-${i}@example.com`)); // duplicates do not count
		}
		expect(Math.abs(hll.estimate() - n) / n).toBeLessThan(0.05);
	});

	it('merges to the estimate of the union', () => {
		const a = new HyperLogLog(12);
		const b = new HyperLogLog(12);
		const all = new HyperLogLog(12);
		for (let i = 0; i < 30000; i++) {
			const h = hashString(String(i));
			(i % 2 ? a : b).addHash(h);
			all.addHash(h);
		}
		a.merge(b);
		expect(a.estimate()).toBe(all.estimate());
	});

	it('rejects an out-of-range precision', () => {
		expect(() => new HyperLogLog(3)).toThrow(/precision/);
	});
});

describe('KLL quantile sketch', () => {
	it('is exact while it holds every value', () => {
		const kll = new KllSketch(200);
		const values = [5, 1, 9, 3, 7, 2, 8];
		values.forEach((v) => kll.add(v));
		const sorted = [...values].sort((a, b) => a - b);
		for (const q of [0.01, 0.25, 0.5, 0.75, 0.99]) expect(kll.quantiles([q])[0]).toBe(exactQuantile(sorted, q));
	});

	it('keeps rank error under 2% on 100k values (property over random streams, duplicates included)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 5000 }), (seed, spread) => {
				let x = seed;
				const next = () => {
					x ^= x << 13;
					x ^= x >>> 17;
					x ^= x << 5;
					return (x >>> 0) / 4294967296;
				};
				const kll = new KllSketch(200);
				const values: number[] = [];
				for (let i = 0; i < 100000; i++) {
					const v = Math.floor(next() * next() * spread);
					values.push(v);
					kll.add(v);
				}
				const sorted = values.sort((a, b) => a - b);
				const qs = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
				const est = kll.quantiles(qs);
				qs.forEach((q, i) => {
					// With duplicates a value covers a range of ranks: [share below it, share up to it].
					const upTo = rankOf(sorted, est[i]);
					const below = rankOf(sorted, est[i] - 1e-9);
					const error = q < below ? below - q : q > upTo ? q - upTo : 0;
					expect(error).toBeLessThan(0.02);
				});
			}),
			{ numRuns: 4, seed: 42, endOnFailure: true },
		);
	});

	it('merges two sketches into one that answers for both streams', () => {
		const a = new KllSketch(200);
		const b = new KllSketch(200);
		const values: number[] = [];
		for (let i = 0; i < 50000; i++) {
			const v = (i * 7919) % 100003;
			values.push(v);
			(i % 3 ? a : b).add(v);
		}
		a.merge(b);
		expect(a.count).toBe(50000);
		const sorted = values.sort((x, y) => x - y);
		const [p50] = a.quantiles([0.5]);
		expect(Math.abs(rankOf(sorted, p50) - 0.5)).toBeLessThan(0.02);
	});

	it('is deterministic for the same input order', () => {
		const run = () => {
			const k = new KllSketch(100);
			for (let i = 0; i < 20000; i++) k.add(Math.sin(i) * 1000);
			return k.quantiles([0.1, 0.5, 0.9]);
		};
		expect(run()).toEqual(run());
	});
});

describe('Misra-Gries top-k', () => {
	it('counts exactly while distinct values fit its capacity', () => {
		const mg = new MisraGries<string>(8);
		const data = ['a', 'b', 'a', 'c', 'a', 'b', 'd'];
		data.forEach((d) => mg.add(d));
		expect(mg.top(3)).toEqual([
			['a', 3],
			['b', 2],
			['c', 1],
		]);
		expect(mg.decremented).toBe(0);
	});

	it('keeps every heavy hitter and under-counts by at most n/(m+1) (property)', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 500, maxLength: 3000 }), (raw) => {
				// Skew: small values are frequent.
				const data = raw.map((v) => (v % 3 === 0 ? v % 5 : v));
				const m = 16;
				const mg = new MisraGries<number>(m);
				const exact = new Map<number, number>();
				for (const d of data) {
					mg.add(d);
					exact.set(d, (exact.get(d) ?? 0) + 1);
				}
				const bound = data.length / (m + 1);
				for (const [v, c] of exact) {
					const est = mg.counters.get(v) ?? 0;
					expect(est).toBeLessThanOrEqual(c);
					expect(est).toBeGreaterThanOrEqual(c - bound);
					if (c > bound) expect(mg.counters.has(v)).toBe(true);
				}
			}),
			{ numRuns: 20, seed: 7 },
		);
	});
});

describe('Bloom filter', () => {
	it('has no false negatives and about its configured false-positive rate', () => {
		const bloom = new BloomFilter(20000, 0.01);
		for (let i = 0; i < 20000; i++) bloom.add(hashString(`k${i}`));
		for (let i = 0; i < 20000; i++) expect(bloom.has(hashString(`k${i}`))).toBe(true);
		let fp = 0;
		for (let i = 0; i < 20000; i++) if (bloom.has(hashString(`other${i}`))) fp++;
		expect(fp / 20000).toBeLessThan(0.03);
	});
});
