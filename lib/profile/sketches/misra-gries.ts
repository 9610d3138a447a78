// Misra-Gries frequent items with capacity m: exact counts while at most m distinct values were seen; beyond
// that every reported count is a lower bound within n/(m+1) of the truth, and any value more frequent than
// n/(m+1) is kept. Amortised O(1): one decrement round (O(m)) removes at least one counter.
// Counters live in two parallel arrays in insertion order (a linear scan over m <= a few hundred keys): a Map
// here rehashed on every decrement round, which made most of the profile's garbage.

export class MisraGries<K> {
	readonly capacity: number;
	private readonly keys: K[] = [];
	private readonly values: number[] = [];
	private size = 0;
	/** Total subtracted by decrement rounds (0 means the counts are exact). */
	decremented = 0;

	constructor(capacity = 64) {
		this.capacity = capacity;
	}

	/** The counters, key -> count, in insertion order (a copy). */
	get counters(): Map<K, number> {
		const out = new Map<K, number>();
		for (let i = 0; i < this.size; i++) out.set(this.keys[i], this.values[i]);
		return out;
	}

	/** Sets a counter directly (seeding from exact counts); the key must not be counted yet. */
	seed(key: K, count: number): void {
		if (this.indexOf(key) >= 0) throw new Error('MisraGries.seed: key already counted');
		this.keys[this.size] = key;
		this.values[this.size++] = count;
	}

	private indexOf(key: K): number {
		const keys = this.keys;
		for (let i = 0; i < this.size; i++) if (keys[i] === key) return i;
		return -1;
	}

	add(key: K, weight = 1): void {
		const keys = this.keys;
		const values = this.values;
		const size = this.size;
		for (let i = 0; i < size; i++) {
			if (keys[i] === key) {
				values[i] += weight;
				return;
			}
		}
		if (size < this.capacity) {
			keys[size] = key;
			values[size] = weight;
			this.size = size + 1;
			return;
		}
		let min = weight;
		for (let i = 0; i < size; i++) if (values[i] < min) min = values[i];
		this.decremented += min;
		// Drop the counters at or below min, lower the others by min; survivors keep their order.
		let kept = 0;
		for (let i = 0; i < size; i++) {
			const v = values[i];
			if (v > min) {
				keys[kept] = keys[i];
				values[kept++] = v - min;
			}
		}
		for (let i = kept; i < size; i++) keys[i] = undefined as K;
		this.size = kept;
		if (weight > min) {
			keys[kept] = key;
			values[kept] = weight - min;
			this.size = kept + 1;
		}
	}

	/** Highest counts first; ties broken by the key's string form, so the order is deterministic. */
	top(n: number): Array<[K, number]> {
		const entries: Array<[K, number]> = [];
		for (let i = 0; i < this.size; i++) entries.push([this.keys[i], this.values[i]]);
		return entries.sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0)).slice(0, n);
	}
}
