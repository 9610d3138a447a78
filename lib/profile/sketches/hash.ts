// 32-bit hashes for sketches: FNV-1a over UTF-16 code units with murmur3's fmix32 finaliser (good avalanche
// for HyperLogLog's leading-zero counts), and a mixer for float64 bit patterns. Deterministic, no deps.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

export function fmix32(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

export function hashString(s: string, seed = 0x811c9dc5): number {
	let h = seed | 0;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return fmix32(h ^ s.length);
}

export function hashNumber(n: number, seed = 0x9e3779b9): number {
	f64[0] = n === 0 ? 0 : n; // -0 and 0 hash alike
	let h = Math.imul(u32[0] ^ seed, 0xcc9e2d51);
	h = (h << 15) | (h >>> 17);
	h = Math.imul(h, 0x1b873593) ^ u32[1];
	h = (h << 13) | (h >>> 19);
	h = Math.imul(h, 5) + 0xe6546b64;
	return fmix32(h);
}

/** Hash of a scalar, typed so that 1 and "1" differ (a string is prefixed by its type seed). */
export function hashScalar(v: string | number | boolean): number {
	if (typeof v === 'string') return hashString(v);
	if (typeof v === 'number') return hashNumber(v);
	return v ? 0x5bd1e995 : 0x1b873593;
}

/**
 * hashScalar's 32 bits as a signed int32 (`hashScalar(v) | 0`), for the hot path: a small integer is never boxed,
 * where an unsigned result above 2^31 is a heap number per call. HyperLogLog.addHash reads the same bits.
 */
export function hashScalarBits(v: string | number | boolean): number {
	if (typeof v === 'string') {
		let h = 0x811c9dc5 | 0;
		for (let i = 0; i < v.length; i++) {
			h ^= v.charCodeAt(i);
			h = Math.imul(h, 0x01000193);
		}
		return fmix32Bits(h ^ v.length);
	}
	if (typeof v === 'number') {
		f64[0] = v === 0 ? 0 : v;
		let h = Math.imul(u32[0] ^ 0x9e3779b9, 0xcc9e2d51);
		h = (h << 15) | (h >>> 17);
		h = Math.imul(h, 0x1b873593) ^ u32[1];
		h = (h << 13) | (h >>> 19);
		h = Math.imul(h, 5) + 0xe6546b64;
		return fmix32Bits(h);
	}
	return v ? 0x5bd1e995 : 0x1b873593;
}

function fmix32Bits(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h | 0;
}
