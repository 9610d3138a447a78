// Bloom filter over 32-bit hashes (double hashing, Kirsch & Mitzenmacher 2006). Used for key membership
// once a key's exact value set exceeds its cap: a false positive can only make a foreign key look more
// contained than it is, never hide one.

import { fmix32 } from './hash';

export class BloomFilter {
	readonly bits: Uint32Array;
	readonly m: number;
	readonly k: number;

	/** Sized for `expected` items at false-positive rate `fpr`. */
	constructor(expected: number, fpr = 0.001) {
		const m = Math.max(1024, Math.ceil((-expected * Math.log(fpr)) / (Math.LN2 * Math.LN2)));
		this.m = Math.ceil(m / 32) * 32;
		this.k = Math.max(1, Math.min(16, Math.round((this.m / Math.max(1, expected)) * Math.LN2)));
		this.bits = new Uint32Array(this.m / 32);
	}

	add(hash: number): void {
		const h2 = fmix32(hash ^ 0x5bd1e995) | 1;
		for (let i = 0; i < this.k; i++) {
			const bit = ((hash + Math.imul(i, h2)) >>> 0) % this.m;
			this.bits[bit >>> 5] |= 1 << (bit & 31);
		}
	}

	has(hash: number): boolean {
		const h2 = fmix32(hash ^ 0x5bd1e995) | 1;
		for (let i = 0; i < this.k; i++) {
			const bit = ((hash + Math.imul(i, h2)) >>> 0) % this.m;
			if ((this.bits[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
		}
		return true;
	}
}
