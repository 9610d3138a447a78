// A small SVG chart renderer: line/area charts for time series, horizontal bars for breakdowns. Output is
// static markup (no script); colours come from CSS variables so the page's light/dark theme applies.
import { esc } from './escape';
import { formatDate, formatValue, niceTicks, toNumber } from './format';
import type { ValueFormat } from '../plan';

export interface SeriesPoint {
	x: unknown;
	y: unknown;
}

function truncate(text: string, max: number): string {
	const chars = Array.from(text);
	return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

export function lineChart(points: SeriesPoint[], opts: { format: ValueFormat; unit?: string; grain?: string; label: string }): string {
	const data = points.map((p) => ({ x: p.x, y: toNumber(p.y) ?? 0 }));
	const W = 640;
	const H = 240;
	const L = 64;
	const R = 16;
	const T = 12;
	const B = 30;
	const ys = data.map((d) => d.y);
	const ticks = niceTicks(Math.min(0, ...ys), Math.max(...ys));
	const y0 = ticks[0];
	const y1 = ticks[ticks.length - 1];
	const sx = (i: number) => L + (data.length === 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (data.length - 1));
	const sy = (v: number) => T + (H - T - B) * (1 - (v - y0) / (y1 - y0 || 1));
	const line = data.map((d, i) => `${i ? 'L' : 'M'}${sx(i).toFixed(1)},${sy(d.y).toFixed(1)}`).join('');
	const area = `${line}L${sx(data.length - 1).toFixed(1)},${sy(y0).toFixed(1)}L${sx(0).toFixed(1)},${sy(y0).toFixed(1)}Z`;
	const grid = ticks
		.map((t) => `<line class="grid" x1="${L}" x2="${W - R}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}"/><text class="axis" x="${L - 8}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${esc(formatValue(t, opts.format, opts.unit, true))}</text>`)
		.join('');
	const every = Math.max(1, Math.ceil(data.length / 6));
	const xlabels = data
		.map((d, i) => (i % every === 0 || i === data.length - 1) && (i === data.length - 1 || data.length - 1 - i >= every * 0.9)
			? `<text class="axis" x="${sx(i).toFixed(1)}" y="${H - 8}" text-anchor="${i === 0 ? 'start' : i === data.length - 1 ? 'end' : 'middle'}">${esc(formatDate(d.x, opts.grain))}</text>`
			: '')
		.join('');
	const dots =
		data.length <= 60
			? data.map((d, i) => `<circle class="dot" cx="${sx(i).toFixed(1)}" cy="${sy(d.y).toFixed(1)}" r="3"><title>${esc(`${formatDate(d.x, opts.grain)}: ${formatValue(d.y, opts.format, opts.unit)}`)}</title></circle>`).join('')
			: '';
	return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(opts.label)}" preserveAspectRatio="xMidYMid meet">${grid}<path class="area" d="${area}"/><path class="line" d="${line}"/>${dots}${xlabels}</svg>`;
}

export function barChart(rows: Array<{ label: unknown; value: unknown }>, opts: { format: ValueFormat; unit?: string; label: string }): string {
	const data = rows.map((r) => ({ label: r.label === null || r.label === undefined ? '(none)' : String(r.label), value: toNumber(r.value) ?? 0 }));
	const W = 640;
	const rowH = 30;
	const LABEL_W = 180;
	const VALUE_W = 90;
	const H = data.length * rowH + 8;
	const max = Math.max(0, ...data.map((d) => d.value));
	const min = Math.min(0, ...data.map((d) => d.value));
	const span = max - min || 1;
	const x0 = LABEL_W + ((0 - min) / span) * (W - LABEL_W - VALUE_W);
	const bars = data
		.map((d, i) => {
			const y = 4 + i * rowH;
			const w = (Math.abs(d.value) / span) * (W - LABEL_W - VALUE_W);
			const x = d.value >= 0 ? x0 : x0 - w;
			return `<g><title>${esc(`${d.label}: ${formatValue(d.value, opts.format, opts.unit)}`)}</title><text class="label" x="${LABEL_W - 10}" y="${y + 19}" text-anchor="end">${esc(truncate(d.label, 24))}</text><rect class="bar" x="${x.toFixed(1)}" y="${y + 5}" width="${Math.max(w, 1).toFixed(1)}" height="${rowH - 10}" rx="3"/><text class="value" x="${(d.value >= 0 ? x + w + 6 : x0 + 6).toFixed(1)}" y="${y + 19}">${esc(formatValue(d.value, opts.format, opts.unit, true))}</text></g>`;
		})
		.join('');
	return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(opts.label)}" preserveAspectRatio="xMidYMid meet">${bars}</svg>`;
}
