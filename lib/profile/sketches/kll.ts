// KLL quantile sketch (Karnin, Lang, Liberty 2016), following Liberty's reference implementation:
// a stack of compactors, level h items weigh 2^h; a full level is sorted and every other item is promoted.
// Exact while fewer than ~k items were added. Mergeable. The compaction coin is a seeded xorshift, so the
// sketch is deterministic for the same input order. Levels are Float64Arrays sorted natively (the hot path).

const MIN_LEVEL_WIDTH = 32;
/** Below this length a level is sorted by insertion (no call into the native sort); same order as the native sort. */
const INSERTION_SORT_MAX = 64;

/**
 * Sorts a[0..len) ascending exactly as Float64Array.prototype.sort does (-0 before +0, NaN last): insertion sort
 * for short levels, the native sort otherwise or when a NaN is present.
 */
function sortPrefix(a: Float64Array, len: number): void {
	if (len > INSERTION_SORT_MAX || a[0] !== a[0]) {
		a.subarray(0, len).sort();
		return;
	}
	for (let i = 1; i < len; i++) {
		const v = a[i];
		if (v !== v) {
			a.subarray(0, len).sort();
			return;
		}
		let j = i - 1;
		while (j >= 0 && (a[j] > v || (a[j] === v && v === 0 && 1 / a[j] > 1 / v))) {
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = v;
	}
}

export class KllSketch {
	readonly k: number;
	private levels: Float64Array[] = [];
	private lengths: number[] = [];
	private capacities: number[] = [];
	private size = 0;
	private maxSize = 0;
	private seed = 0x2545f491;
	count = 0;

	constructor(k = 200) {
		this.k = k;
		this.grow();
	}

	private capacityOf(height: number, levels: number): number {
		const depth = levels - height - 1;
		// A floor on level width (DataSketches uses 8) keeps the low levels from compacting every few adds;
		// wider levels only lower the error.
		return Math.max(MIN_LEVEL_WIDTH, Math.ceil(Math.pow(2 / 3, depth) * this.k) + 1);
	}

	private grow(): void {
		const n = this.levels.length + 1;
		this.capacities = [];
		let max = 0;
		for (let h = 0; h < n; h++) {
			const c = this.capacityOf(h, n);
			this.capacities.push(c);
			max += c;
		}
		// A level may briefly hold its capacity plus what the level below promotes (at most its own capacity).
		this.levels = this.capacities.map((c, h) => {
			const old = this.levels[h];
			const room = Math.max(2 * c + 2, (this.capacities[h - 1] ?? 0) + c + 2, old ? this.lengths[h] + c + 2 : 0);
			if (old && old.length >= room) return old;
			const next = new Float64Array(room);
			if (old) next.set(old.subarray(0, this.lengths[h]));
			return next;
		});
		while (this.lengths.length < n) this.lengths.push(0);
		this.maxSize = max;
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
		this.levels[0][this.lengths[0]++] = x;
		this.size++;
		this.count++;
		if (this.size >= this.maxSize) this.compress();
	}

	private push(h: number, v: number): void {
		if (this.lengths[h] >= this.levels[h].length) {
			const next = new Float64Array(this.levels[h].length * 2);
			next.set(this.levels[h]);
			this.levels[h] = next;
		}
		this.levels[h][this.lengths[h]++] = v;
	}

	private compress(): void {
		for (let h = 0; h < this.levels.length; h++) {
			if (this.lengths[h] >= this.capacities[h]) {
				if (h + 1 >= this.levels.length) this.grow();
				const len = this.lengths[h];
				const level = this.levels[h];
				sortPrefix(level, len);
				const odd = len % 2 === 1;
				const keep = odd ? level[len - 1] : 0;
				const pairs = odd ? len - 1 : len;
				const offset = this.coin() ? 1 : 0;
				const promoted = pairs >> 1;
				const up = h + 1;
				let upLen = this.lengths[up];
				if (upLen + promoted > this.levels[up].length) {
					const next = new Float64Array(Math.max(this.levels[up].length * 2, upLen + promoted));
					next.set(this.levels[up].subarray(0, upLen));
					this.levels[up] = next;
				}
				const target = this.levels[up];
				for (let i = offset; i < pairs; i += 2) target[upLen++] = level[i];
				this.lengths[up] = upLen;
				this.lengths[h] = 0;
				if (odd) level[this.lengths[h]++] = keep;
				this.size += promoted - pairs;
				if (this.size < this.maxSize) break;
			}
		}
	}

	merge(other: KllSketch): void {
		while (this.levels.length < other.levels.length) this.grow();
		for (let h = 0; h < other.levels.length; h++) {
			const src = other.levels[h];
			for (let i = 0; i < other.lengths[h]; i++) this.push(h, src[i]);
		}
		this.count += other.count;
		this.size = 0;
		for (const l of this.lengths) this.size += l;
		while (this.size >= this.maxSize) {
			const before = this.size;
			this.compress();
			if (this.size >= before) break;
		}
	}

	/** Values at the given ranks (0..1), by the nearest-rank definition over the weighted items. */
	quantiles(qs: number[]): number[] {
		// Items as parallel arrays (value, weight) ordered by a stable sort on value: plain loops, no tuples,
		// so this once-per-field call stays cheap for the JIT.
		const values: number[] = [];
		const weights: number[] = [];
		let total = 0;
		for (let h = 0; h < this.levels.length; h++) {
			const w = 2 ** h;
			const level = this.levels[h];
			for (let i = 0; i < this.lengths[h]; i++) {
				values.push(level[i]);
				weights.push(w);
				total += w;
			}
		}
		const out = new Array<number>(qs.length);
		const n = values.length;
		if (n === 0) {
			out.fill(NaN);
			return out;
		}
		const order: number[] = new Array<number>(n);
		for (let i = 0; i < n; i++) order[i] = i;
		order.sort((a, b) => values[a] - values[b]);
		for (let j = 0; j < qs.length; j++) {
			const target = Math.max(1, Math.ceil(qs[j] * total));
			let cum = 0;
			let found = values[order[n - 1]];
			for (let i = 0; i < n; i++) {
				cum += weights[order[i]];
				if (cum >= target) {
					found = values[order[i]];
					break;
				}
			}
			out[j] = found;
		}
		return out;
	}
}
