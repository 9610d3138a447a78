// Misra-Gries frequent items with capacity m: exact counts while at most m distinct values were seen; beyond
// that every reported count is a lower bound within n/(m+1) of the truth, and any value more frequent than
// n/(m+1) is kept. Amortised O(1): one decrement round (O(m)) removes at least one counter.

export class MisraGries<K> {
	readonly capacity: number;
	readonly counters = new Map<K, number>();
	/** Total subtracted by decrement rounds (0 means the counts are exact). */
	decremented = 0;

	constructor(capacity = 64) {
		this.capacity = capacity;
	}

	add(key: K, weight = 1): void {
		const c = this.counters.get(key);
		if (c !== undefined) {
			this.counters.set(key, c + weight);
			return;
		}
		if (this.counters.size < this.capacity) {
			this.counters.set(key, weight);
			return;
		}
		let min = weight;
		for (const v of this.counters.values()) if (v < min) min = v;
		this.decremented += min;
		for (const [k, v] of this.counters) {
			if (v <= min) this.counters.delete(k);
			else this.counters.set(k, v - min);
		}
		if (weight > min) this.counters.set(key, weight - min);
	}

	/** Highest counts first; ties broken by the key's string form, so the order is deterministic. */
	top(n: number): Array<[K, number]> {
		return [...this.counters.entries()]
			.sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0))
			.slice(0, n);
	}
}
