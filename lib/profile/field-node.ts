// Per-path accumulator of the streaming profile. Records are walked once; each path's node keeps counters
// and bounded sketches: an exact value->count map up to a cap, then HyperLogLog + Misra-Gries; KLL for
// numbers and string lengths; pattern votes on the first N string values and 1 in `stride` after that.
// A value's class is computed once per distinct value while the exact map holds it (kept in its counter box).

import { classifyString, decimalScale, type ValueClass } from './rules/string-patterns';
import { hashScalarBits, hashString } from './sketches/hash';
import { HyperLogLog } from './sketches/hyperloglog';
import { KllSketch } from './sketches/kll';
import { MisraGries } from './sketches/misra-gries';
import type { JsonSchemaType } from '../airbyte/protocol';

export interface NodeSettings {
	exactCap: number;
	topKCapacity: number;
	quantileK: number;
	hllPrecision: number;
	classifyFirst: number;
	classifyStride: number;
}

export type ScalarKey = string | number | boolean;

/** Exact count of one value, and the value's string class once it was classified (strings only). */
interface ValueBox {
	n: number;
	cls: ValueClass | null;
}

/** Whether v matches /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/ (a scan: no regex on the hot path). */
function isNumericShape(v: string): boolean {
	const len = v.length;
	let i = 0;
	let c = v.charCodeAt(0);
	if (c === 43 || c === 45) c = v.charCodeAt(++i);
	let intDigits = 0;
	while (c >= 48 && c <= 57) {
		intDigits++;
		c = v.charCodeAt(++i);
	}
	if (c === 46) {
		c = v.charCodeAt(++i);
		let fracDigits = 0;
		while (c >= 48 && c <= 57) {
			fracDigits++;
			c = v.charCodeAt(++i);
		}
		if (intDigits === 0 && fracDigits === 0) return false;
	} else if (intDigits === 0) return false;
	if (c === 101 || c === 69) {
		c = v.charCodeAt(++i);
		if (c === 43 || c === 45) c = v.charCodeAt(++i);
		let expDigits = 0;
		while (c >= 48 && c <= 57) {
			expDigits++;
			c = v.charCodeAt(++i);
		}
		if (expDigits === 0) return false;
	}
	return i === len;
}
const LONG_VALUE = 100;
const MG_STRIDE = 8;
const SHORT_LENGTHS = 256;

class NumberAcc {
	count = 0;
	min = Infinity;
	max = -Infinity;
	mean = 0;
	m2 = 0;
	zeros = 0;
	negatives = 0;
	allIntegers = true;
	maxScale = 0;
	readonly kll: KllSketch;
	constructor(k: number) {
		this.kll = new KllSketch(k);
	}
	add(v: number, measureScale: boolean): void {
		this.count++;
		if (v < this.min) this.min = v;
		if (v > this.max) this.max = v;
		const d = v - this.mean;
		this.mean += d / this.count;
		this.m2 += d * (v - this.mean);
		if (v === 0) this.zeros++;
		else if (v < 0) this.negatives++;
		if (!Number.isInteger(v)) {
			this.allIntegers = false;
			if (measureScale) {
				const s = decimalScale(v);
				if (s > this.maxScale) this.maxScale = s;
			}
		}
		this.kll.add(v);
	}
}

/**
 * Lengths (of strings, of arrays): an exact histogram for lengths below 256, which is nearly all of them,
 * and a KLL sketch for the longer ones.
 */
class LengthAcc {
	count = 0;
	min = Infinity;
	max = 0;
	sum = 0;
	private readonly histogram = new Uint32Array(SHORT_LENGTHS);
	private long: KllSketch | null = null;
	private longCount = 0;
	constructor(private readonly k: number) {}
	add(n: number): void {
		this.count++;
		if (n < this.min) this.min = n;
		if (n > this.max) this.max = n;
		this.sum += n;
		if (n < SHORT_LENGTHS) this.histogram[n]++;
		else {
			(this.long ??= new KllSketch(this.k)).add(n);
			this.longCount++;
		}
	}
	quantiles(qs: readonly number[]): number[] {
		return qs.map((q) => {
			const target = Math.max(1, Math.ceil(q * this.count));
			let cum = 0;
			for (let i = 0; i < SHORT_LENGTHS; i++) {
				cum += this.histogram[i];
				if (cum >= target) return i;
			}
			const rest = (target - cum) / Math.max(1, this.longCount);
			return this.long ? this.long.quantiles([Math.min(1, rest)])[0] : this.max;
		});
	}
}

// Leaving the exact phase runs once per field: two small functions, so that the JIT compiles only their loops.
function hllOfKeys(exact: Map<ScalarKey, ValueBox>, precision: number): HyperLogLog {
	const hll = new HyperLogLog(precision);
	for (const k of exact.keys()) hll.addHash(hashScalarBits(k));
	return hll;
}

function misraGriesOfTop(exact: Map<ScalarKey, ValueBox>, capacity: number): MisraGries<ScalarKey> {
	const mg = new MisraGries<ScalarKey>(capacity);
	const top = [...exact.entries()].map(([k, c]): [ScalarKey, number] => [k, c.n]).sort((a, b) => b[1] - a[1]).slice(0, capacity);
	// Seeded in sampled units, so that every count in the sketch scales by MG_STRIDE.
	for (const [k, n] of top) mg.seed(k, n / MG_STRIDE);
	return mg;
}

export class FieldNode {
	readonly segments: string[];
	readonly inArray: boolean;
	readonly depth: number;
	declared?: { type?: JsonSchemaType[]; format?: string; airbyteType?: string; enum?: unknown[] };
	children: Map<string, FieldNode> | null = null;
	element: FieldNode | null = null;
	/** Keys of the last object walked at this path, in order, and their child nodes (a lookup cache). */
	readonly keyOrder: string[] = [];
	readonly keyNodes: FieldNode[] = [];
	/** Set when new child paths were refused (field cap) or depth was exceeded. */
	truncated = false;

	present = 0;
	nulls = 0;
	objects = 0;
	arrays = 0;
	strings = 0;
	integers = 0;
	floats = 0;
	booleans = 0;
	emptyStrings = 0;
	/** Array elements seen (the element node's container count). */
	elements = 0;

	/** Exact counts below the cap, boxed so that counting a seen value is one lookup. */
	exact: Map<ScalarKey, ValueBox> | null = new Map();
	private pastCap = 0;
	hll: HyperLogLog | null = null;
	mg: MisraGries<ScalarKey> | null = null;

	numbers: NumberAcc | null = null;
	lengths: LengthAcc | null = null;
	arrayLengths: LengthAcc | null = null;
	strMin: string | null = null;
	strMax: string | null = null;

	classified = 0;
	private seenStrings = 0;
	/** Index (among non-empty strings) of the next value to classify: every one below classifyFirst, then every stride-th. */
	private nextClassified = 0;
	readonly votes = new Map<ValueClass, number>();
	leadingZeros = 0;
	/** Numbers parsed from numeric-looking strings. */
	stringNumbers = 0;

	constructor(
		segments: string[],
		inArray: boolean,
		private readonly settings: NodeSettings,
	) {
		this.segments = segments;
		this.inArray = inArray;
		this.depth = segments.length;
	}

	child(key: string, allow: boolean): FieldNode | undefined {
		if (this.children === null) this.children = new Map();
		let c = this.children.get(key);
		if (c === undefined) {
			if (!allow) {
				this.truncated = true;
				return undefined;
			}
			c = new FieldNode([...this.segments, key], this.inArray, this.settings);
			this.children.set(key, c);
		}
		return c;
	}

	elementNode(allow: boolean): FieldNode | undefined {
		if (this.element === null) {
			if (!allow) {
				this.truncated = true;
				return undefined;
			}
			this.element = new FieldNode([...this.segments, '[]'], true, this.settings);
		}
		return this.element;
	}

	/** Counts a value; returns its exact counter box while the exact map holds it (null past the cap). */
	private count(key: ScalarKey): ValueBox | null {
		const exact = this.exact;
		if (exact !== null) {
			let box = exact.get(key);
			if (box !== undefined) box.n++;
			else {
				box = { n: 1, cls: null };
				exact.set(key, box);
				if (exact.size > this.settings.exactCap) {
					this.overflow(exact);
					return null;
				}
			}
			return box;
		}
		this.hll!.addHash(hashScalarBits(key));
		// Past the exact cap, top-k counts every MG_STRIDE-th value (counts scaled back when reported): frequent
		// values keep their share, and high-cardinality columns stop paying for a counter churn per value.
		if (++this.pastCap % MG_STRIDE === 0) this.mg!.add(key);
		return null;
	}

	private overflow(exact: Map<ScalarKey, ValueBox>): void {
		this.hll = hllOfKeys(exact, this.settings.hllPrecision);
		this.mg = misraGriesOfTop(exact, this.settings.topKCapacity);
		this.exact = null;
	}

	observeString(v: string): void {
		this.strings++;
		const len = v.length;
		if (len === 0) {
			this.emptyStrings++;
			return;
		}
		(this.lengths ??= new LengthAcc(this.settings.quantileK)).add(len);
		if (this.strMin === null || v < this.strMin) this.strMin = v;
		if (this.strMax === null || v > this.strMax) this.strMax = v;
		const long = len > LONG_VALUE;
		const box = this.count(long ? `${v.slice(0, LONG_VALUE - 12)}…#${hashString(v).toString(16)}` : v);

		const s = this.seenStrings++;
		const c0 = v.charCodeAt(0);
		const numericStart = (c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 43 || c0 === 46;
		if (numericStart && len <= 40 && isNumericShape(v)) {
			this.stringNumbers++;
			if (c0 === 48 && len > 1 && v.charCodeAt(1) !== 46) this.leadingZeros++;
			(this.numbers ??= new NumberAcc(this.settings.quantileK)).add(Number(v), s < this.settings.classifyFirst);
		}
		if (s === this.nextClassified) {
			const first = this.settings.classifyFirst;
			const stride = this.settings.classifyStride;
			this.nextClassified = s + 1 < first ? s + 1 : Math.ceil((s + 1) / stride) * stride;
			// A long value's key is a digest, so its box is not reused as the value's class.
			let cls: ValueClass;
			if (box === null || long) cls = classifyString(v);
			else cls = box.cls ??= classifyString(v);
			this.votes.set(cls, (this.votes.get(cls) ?? 0) + 1);
			this.classified++;
		}
	}

	observeNumber(v: number): void {
		if (Number.isInteger(v)) this.integers++;
		else this.floats++;
		const acc = (this.numbers ??= new NumberAcc(this.settings.quantileK));
		acc.add(v, acc.count < this.settings.classifyFirst || acc.count % this.settings.classifyStride === 0);
		this.count(v);
	}

	observeBoolean(v: boolean): void {
		this.booleans++;
		this.count(v);
	}

	observeArrayLength(n: number): void {
		this.arrays++;
		this.elements += n;
		(this.arrayLengths ??= new LengthAcc(this.settings.quantileK)).add(n);
	}

	/** Distinct non-null scalar values: exact below the cap, HyperLogLog above. */
	distinct(): { value: number; exact: boolean } {
		if (this.exact !== null) return { value: this.exact.size, exact: true };
		return { value: this.hll!.estimate(), exact: false };
	}

	topValues(n: number): Array<[ScalarKey, number]> {
		const entries =
			this.exact !== null
				? [...this.exact.entries()].map(([k, c]): [ScalarKey, number] => [k, c.n])
				: this.mg!.top(this.settings.topKCapacity).map(([k, c]): [ScalarKey, number] => [k, Math.round(c * MG_STRIDE)]);
		return entries
			.sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0))
			.slice(0, n);
	}
}

export { NumberAcc, LengthAcc };
