// The peer for our sketches: the same per-field statistics computed exactly in one pass, the obvious way —
// exact distinct counts with a Set, exact quantiles by keeping and sorting every value, exact top-k with a
// Map of counts. Memory grows with the data; that is the point of comparing. (No semantic typing.)

interface ExactField {
	present: number;
	nulls: number;
	types: Map<string, number>;
	distinct: Set<unknown>;
	counts: Map<unknown, number>;
	numbers: number[];
	lengths: number[];
	containers: number;
}

const Q = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

function typeOf(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
	return typeof v;
}

export class ExactProfiler {
	private fields = new Map<string, ExactField>();

	private field(path: string): ExactField {
		let f = this.fields.get(path);
		if (!f) {
			f = { present: 0, nulls: 0, types: new Map(), distinct: new Set(), counts: new Map(), numbers: [], lengths: [], containers: 0 };
			this.fields.set(path, f);
		}
		return f;
	}

	add(record: Record<string, unknown>): void {
		this.walk(record, '');
	}

	private walk(obj: Record<string, unknown>, prefix: string): void {
		for (const key of Object.keys(obj)) {
			const path = prefix ? `${prefix}.${key}` : key;
			const v = obj[key];
			const f = this.field(path);
			f.present++;
			const t = typeOf(v);
			f.types.set(t, (f.types.get(t) ?? 0) + 1);
			if (v === null) {
				f.nulls++;
				continue;
			}
			if (t === 'object') {
				f.containers++;
				this.walk(v as Record<string, unknown>, path);
				continue;
			}
			if (t === 'array') {
				for (const el of v as unknown[]) if (el && typeof el === 'object' && !Array.isArray(el)) this.walk(el as Record<string, unknown>, `${path}[]`);
				continue;
			}
			f.distinct.add(v);
			f.counts.set(v, (f.counts.get(v) ?? 0) + 1);
			if (typeof v === 'number') f.numbers.push(v);
			else if (typeof v === 'string') f.lengths.push(v.length);
		}
	}

	finish(): Record<string, unknown> {
		const out: Record<string, unknown> = {};
		for (const [path, f] of this.fields) {
			const nums = Float64Array.from(f.numbers).sort();
			const lens = Int32Array.from(f.lengths).sort();
			const at = (a: ArrayLike<number>, q: number) => (a.length ? a[Math.min(a.length - 1, Math.floor(q * a.length))] : null);
			const top = [...f.counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
			out[path] = {
				present: f.present,
				nulls: f.nulls,
				types: Object.fromEntries(f.types),
				distinct: f.distinct.size,
				min: nums.length ? nums[0] : null,
				max: nums.length ? nums[nums.length - 1] : null,
				quantiles: Q.map((q) => at(nums, q)),
				lengthQuantiles: Q.map((q) => at(lens, q)),
				top,
			};
		}
		return out;
	}
}
