// Value sets of key-candidate columns, collected in one focused pass per stream (only candidate columns).
// Bounded memory: each column keeps its exact distinct values up to a cap; past the cap it switches to a
// Bloom filter holding every value (membership for parents, duplicate detection for uniqueness) and keeps
// the exact values it already had as a sample (inclusion checks for children).
// Trade-off: past the cap, "unique" means "no more Bloom hits than its false-positive rate explains", and
// inclusion is measured on the first `cap` distinct child values against a filter that can only err towards
// "contained" (false-positive rate 0.1%), so a foreign key can look slightly better than it is, never worse.

import { BloomFilter } from '../../profile/sketches/bloom';
import { hashString } from '../../profile/sketches/hash';

/** Canonical form of a key value: numbers and numeric strings compare equal (5, 5.0, "5"). */
export function keyOf(v: unknown): string | undefined {
	if (v === null || v === undefined) return undefined;
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
	if (typeof v === 'string') {
		if (v.length === 0) return undefined;
		return v;
	}
	if (typeof v === 'bigint') return String(v);
	return undefined;
}

export class ValueSet {
	exact: Set<string> | null = new Set();
	sample: Set<string> | null = null;
	bloom: BloomFilter | null = null;
	nonNull = 0;
	duplicates = 0;
	private readonly fpr = 0.001;

	constructor(
		private readonly cap: number,
		private readonly expected: number,
	) {}

	get approximate(): boolean {
		return this.exact === null;
	}

	add(key: string): void {
		this.nonNull++;
		const exact = this.exact;
		if (exact !== null) {
			if (exact.has(key)) this.duplicates++;
			else {
				exact.add(key);
				if (exact.size > this.cap) this.overflow(exact);
			}
			return;
		}
		const h = hashString(key);
		if (this.bloom!.has(h)) this.duplicates++;
		else this.bloom!.add(h);
	}

	private overflow(exact: Set<string>): void {
		this.bloom = new BloomFilter(Math.max(this.expected, exact.size * 4), this.fpr);
		for (const k of exact) this.bloom.add(hashString(k));
		this.sample = exact;
		this.exact = null;
	}

	has(key: string): boolean {
		if (this.exact !== null) return this.exact.has(key);
		return this.sample!.has(key) || this.bloom!.has(hashString(key));
	}

	/** Exact distinct values, or the first `cap` of them once past the cap. */
	values(): ReadonlySet<string> {
		return this.exact ?? this.sample!;
	}

	distinct(): number {
		return this.exact !== null ? this.exact.size : this.nonNull - this.duplicates;
	}

	/** Every non-null value distinct (allowing the Bloom filter's expected false positives past the cap). */
	unique(): boolean {
		if (this.exact !== null) return this.duplicates === 0;
		return this.duplicates <= Math.max(1, Math.ceil(2 * this.nonNull * this.fpr));
	}
}

/** Whether a combination of columns is unique over the records (exact up to `maxRows`, then assumed). */
export function tupleUnique(records: ReadonlyArray<Record<string, unknown>>, columns: readonly string[], maxRows: number): boolean {
	const seen = new Set<string>();
	const n = Math.min(records.length, maxRows);
	for (let i = 0; i < n; i++) {
		const r = records[i];
		let key = '';
		for (const c of columns) {
			const k = keyOf(r[c]);
			if (k === undefined) return false;
			key += `${k.length}:${k}|`;
		}
		if (seen.has(key)) return false;
		seen.add(key);
	}
	return true;
}
