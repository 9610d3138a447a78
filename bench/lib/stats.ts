// Small numeric helpers: medians and human formatting.

export function median(values: number[]): number {
	if (values.length === 0) return Number.NaN;
	const s = [...values].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function fmtInt(n: number): string {
	return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
}

export function fmtMs(ms: number): string {
	if (!Number.isFinite(ms)) return 'n/a';
	return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
}

export function fmtMb(bytes: number): string {
	return Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : 'n/a';
}

/** ours / peer, as "0.42x". */
export function ratio(ours: number, peer: number): string {
	if (!Number.isFinite(ours) || !Number.isFinite(peer) || peer === 0) return 'n/a';
	const r = ours / peer;
	return `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}x`;
}

export function pct(part: number, whole: number): string {
	return whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : 'n/a';
}
