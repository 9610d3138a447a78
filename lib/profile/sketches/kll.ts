// KLL quantile sketch (Karnin, Lang, Liberty 2016), following Liberty's reference implementation:
// a stack of compactors, level h items weigh 2^h; a full level is sorted and every other item is promoted.
// Exact while fewer than ~k items were added. Mergeable. The compaction coin is a seeded xorshift, so the
// sketch is deterministic for the same input order.

export class KllSketch {
	readonly k: number;
	private compactors: number[][] = [[]];
	private size = 0;
	private maxSize = 0;
	private seed = 0x2545f491;
	count = 0;

	constructor(k = 200) {
		this.k = k;
		this.maxSize = this.capacity(0);
	}

	private capacity(height: number): number {
		const depth = this.compactors.length - height - 1;
		return Math.ceil(Math.pow(2 / 3, depth) * this.k) + 1;
	}

	private coin(): boolean {
		let x = this.seed;
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		this.seed = x >>> 0;
		return (this.seed & 1) === 1;
	}

	add(x: number): void {
		this.compactors[0].push(x);
		this.size++;
		this.count++;
		if (this.size >= this.maxSize) this.compress();
	}

	private grow(): void {
		this.compactors.push([]);
		let max = 0;
		for (let h = 0; h < this.compactors.length; h++) max += this.capacity(h);
		this.maxSize = max;
	}

	private compress(): void {
		for (let h = 0; h < this.compactors.length; h++) {
			const level = this.compactors[h];
			if (level.length >= this.capacity(h)) {
				if (h + 1 >= this.compactors.length) this.grow();
				level.sort((a, b) => a - b);
				const next = this.compactors[h + 1];
				const keepOdd = level.length % 2 === 1 ? level.pop() : undefined;
				const offset = this.coin() ? 1 : 0;
				for (let i = offset; i < level.length; i += 2) next.push(level[i]);
				level.length = 0;
				if (keepOdd !== undefined) level.push(keepOdd);
				this.size = 0;
				for (const c of this.compactors) this.size += c.length;
				if (this.size < this.maxSize) break;
			}
		}
	}

	merge(other: KllSketch): void {
		while (this.compactors.length < other.compactors.length) this.grow();
		for (let h = 0; h < other.compactors.length; h++) this.compactors[h].push(...other.compactors[h]);
		this.count += other.count;
		this.size = 0;
		for (const c of this.compactors) this.size += c.length;
		while (this.size >= this.maxSize) {
			const before = this.size;
			this.compress();
			if (this.size >= before) break;
		}
	}

	/** Weighted items, sorted by value. */
	private weighted(): Array<[number, number]> {
		const items: Array<[number, number]> = [];
		this.compactors.forEach((c, h) => {
			const w = 2 ** h;
			for (const v of c) items.push([v, w]);
		});
		items.sort((a, b) => a[0] - b[0]);
		return items;
	}

	/** Values at the given ranks (0..1), by the nearest-rank definition. */
	quantiles(qs: number[]): number[] {
		const items = this.weighted();
		if (items.length === 0) return qs.map(() => NaN);
		let total = 0;
		for (const [, w] of items) total += w;
		return qs.map((q) => {
			const target = Math.max(1, Math.ceil(q * total));
			let cum = 0;
			for (const [v, w] of items) {
				cum += w;
				if (cum >= target) return v;
			}
			return items[items.length - 1][0];
		});
	}
}
