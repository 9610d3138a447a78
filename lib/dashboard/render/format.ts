// Number and date formatting for tiles, axes and tables.
import type { ValueFormat } from '../plan';

export function toNumber(v: unknown): number | undefined {
	if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
	if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
	return undefined;
}

const CURRENCY = /^[A-Z]{3}$/;

export function formatValue(v: unknown, format: ValueFormat, unit?: string, compact = false): string {
	const n = toNumber(v);
	if (n === undefined) return v === null || v === undefined ? '—' : String(v);
	const abs = Math.abs(n);
	const opts: Intl.NumberFormatOptions = compact && abs >= 10_000 ? { notation: 'compact', maximumFractionDigits: 1 } : {};
	if (format === 'percent') return `${(n * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })} %`;
	if (format === 'money') {
		if (unit && CURRENCY.test(unit)) {
			try {
				return n.toLocaleString('en-US', { style: 'currency', currency: unit, ...(opts.notation ? opts : { maximumFractionDigits: 2 }) });
			} catch {
				// unknown currency code: fall through to a plain number with the unit
			}
		}
		return n.toLocaleString('en-US', opts.notation ? opts : { minimumFractionDigits: 2, maximumFractionDigits: 2 });
	}
	if (format === 'integer') return Math.round(n).toLocaleString('en-US', opts);
	return n.toLocaleString('en-US', opts.notation ? opts : { maximumFractionDigits: abs >= 100 ? 0 : abs >= 1 ? 2 : 4 });
}

/** The unit shown next to a value, when the value itself does not carry it. */
export function unitSuffix(format: ValueFormat, unit?: string): string {
	if (!unit || unit === 'money' || (format === 'money' && CURRENCY.test(unit)) || format === 'percent') return '';
	return unit;
}

export function formatDate(v: unknown, grain?: string): string {
	const t = typeof v === 'string' || typeof v === 'number' ? Date.parse(String(v)) : NaN;
	if (Number.isNaN(t)) return v === null || v === undefined ? '—' : String(v);
	const d = new Date(t);
	const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
	if (grain === 'month') return `${month} ${d.getUTCFullYear()}`;
	if (grain === 'quarter') return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${d.getUTCFullYear()}`;
	if (grain === 'year') return String(d.getUTCFullYear());
	return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}`;
}

/** 'Nice' axis ticks (1, 2, 2.5, 5 × 10^k) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
	if (min === max) {
		max = min === 0 ? 1 : min + Math.abs(min);
		min = Math.min(0, min);
	}
	const raw = (max - min) / count;
	const mag = 10 ** Math.floor(Math.log10(raw));
	const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
	const lo = Math.floor(min / step) * step;
	const hi = Math.ceil(max / step) * step;
	const ticks: number[] = [];
	for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Math.round(v / step) * step);
	return ticks;
}
