// One self-contained HTML page: inline CSS, inline SVG charts, no script and no external resource (a CSP
// meta tag forbids both), light/dark aware, one column on a phone. Every data string is escaped.
import type { Panel } from '../plan';
import { barChart, lineChart } from './charts';
import { esc, svgDataUri } from './escape';
import { formatDate, formatValue, toNumber, unitSuffix } from './format';
import type { PanelResult } from './results';

export interface ErDiagram {
	svg?: string;
	mermaid?: string;
}

export interface RenderOptions {
	title?: string;
	subtitle?: string;
	/** ISO time shown as "generated at" (defaults to now). */
	generatedAt?: string;
	erDiagram?: ErDiagram;
	/** Problems to show at the top (failed queries). */
	problems?: string[];
}

const CSS = `
:root{--bg:#f5f6f8;--card:#fff;--ink:#1b1f24;--muted:#5f6b7a;--line:#e3e6ea;--accent:#ff6d5a;--accent-soft:rgba(255,109,90,.16);--good:#1f9d55;--bad:#d64545;--bar:#5b7cfa}
@media (prefers-color-scheme:dark){:root{--bg:#14161a;--card:#1e2127;--ink:#e8eaed;--muted:#9aa4b1;--line:#2e333b;--accent:#ff8a7a;--accent-soft:rgba(255,138,122,.18);--good:#4cc38a;--bad:#ff6b6b;--bar:#7c96ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header{padding:24px 20px 8px;max-width:1200px;margin:0 auto}
h1{margin:0 0 4px;font-size:1.6rem;letter-spacing:-.01em}
.meta{margin:0;color:var(--muted);font-size:.9rem}
main{max-width:1200px;margin:0 auto;padding:12px 20px 32px;display:grid;gap:16px;grid-template-columns:repeat(12,1fr)}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px 18px;grid-column:span 6;min-width:0}
.card.full{grid-column:1/-1}
.tiles{grid-column:1/-1;display:grid;gap:16px;grid-template-columns:repeat(auto-fit,minmax(210px,1fr))}
.tiles .card{grid-column:auto}
.card h2{margin:0;font-size:1rem;font-weight:600}
.card .sub{margin:2px 0 10px;color:var(--muted);font-size:.82rem}
.value{font-size:2rem;font-weight:700;letter-spacing:-.02em;margin:6px 0 2px;overflow-wrap:anywhere}
.unit{font-size:.95rem;font-weight:500;color:var(--muted);margin-left:4px}
.delta{display:inline-block;font-size:.8rem;font-weight:600;padding:2px 8px;border-radius:999px;background:var(--line)}
.delta.up{color:var(--good)}.delta.down{color:var(--bad)}
.empty{color:var(--muted);font-style:italic;padding:18px 0;text-align:center}
.chart{width:100%;height:auto;display:block}
.chart .grid{stroke:var(--line);stroke-width:1}
.chart .axis{fill:var(--muted);font-size:11px}
.chart .line{fill:none;stroke:var(--accent);stroke-width:2.5;stroke-linejoin:round}
.chart .area{fill:var(--accent-soft)}
.chart .dot{fill:var(--accent)}
.chart .bar{fill:var(--bar)}
.chart .label{fill:var(--ink);font-size:12.5px}
.chart .value{fill:var(--muted);font-size:12px}
table{width:100%;border-collapse:collapse;font-size:.88rem}
th,td{text-align:left;padding:7px 6px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
th{color:var(--muted);font-weight:600;font-size:.78rem;text-transform:uppercase;letter-spacing:.03em}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.pill{display:inline-block;padding:1px 8px;border-radius:999px;font-size:.78rem;font-weight:600}
.pill.ok{background:rgba(31,157,85,.14);color:var(--good)}.pill.bad{background:rgba(214,69,69,.14);color:var(--bad)}
.notes{margin:12px 0 0;padding-left:18px;color:var(--muted);font-size:.85rem}
.problems{grid-column:1/-1;border-color:var(--bad)}
.er img{max-width:100%;height:auto;background:#fff;border-radius:8px}
details pre{white-space:pre-wrap;font-size:.8rem;background:var(--bg);padding:10px;border-radius:8px;overflow:auto}
footer{max-width:1200px;margin:0 auto;padding:0 20px 24px;color:var(--muted);font-size:.8rem}
@media (max-width:900px){.card{grid-column:1/-1}}
@media (max-width:600px){main{padding:8px 10px 24px;gap:10px}.tiles{gap:10px;grid-template-columns:1fr 1fr}header{padding:16px 12px 4px}.value{font-size:1.45rem}.card{padding:12px}}
`;

function delta(current: unknown, previous: unknown): string {
	const c = toNumber(current);
	const p = toNumber(previous);
	if (c === undefined || p === undefined) return '';
	if (p === 0) return c === 0 ? '<span class="delta">no change</span>' : '<span class="delta up">new</span>';
	const change = (c - p) / Math.abs(p);
	const cls = change > 0.0005 ? 'up' : change < -0.0005 ? 'down' : '';
	const arrow = cls === 'up' ? '▲' : cls === 'down' ? '▼' : '■';
	return `<span class="delta ${cls}">${arrow} ${esc(Math.abs(change * 100).toLocaleString('en-US', { maximumFractionDigits: 1 }))} %</span>`;
}

function tile({ panel, rows }: PanelResult): string {
	const row = rows[0];
	const v = row?.value;
	const head = `<h2>${esc(panel.title)}</h2>`;
	if (!row || v === null || v === undefined) return `<section class="card">${head}<p class="sub">${esc(panel.subtitle ?? '')}</p><p class="empty">${esc(panel.emptyMessage)}</p></section>`;
	const unit = unitSuffix(panel.format, panel.unit);
	const d = delta(row.current, row.previous);
	const through = row.latest ? ` · data through ${esc(formatDate(row.latest))}` : '';
	const recent = d ? `<p class="sub">${d} last 30 days vs the 30 before${through}</p>` : through ? `<p class="sub">${through.slice(3)}</p>` : '';
	return `<section class="card">${head}<div class="value">${esc(formatValue(v, panel.format, panel.unit))}${unit ? `<span class="unit">${esc(unit)}</span>` : ''}</div>${recent}${panel.subtitle ? `<p class="sub">${esc(panel.subtitle)}</p>` : ''}</section>`;
}

function cardHead(panel: Panel): string {
	const unit = unitSuffix(panel.format, panel.unit) || (panel.unit && panel.unit !== 'money' ? panel.unit : '');
	const sub = [panel.subtitle, unit ? `in ${unit}` : ''].filter(Boolean).join(' · ');
	return `<h2>${esc(panel.title)}</h2><p class="sub">${esc(sub)}</p>`;
}

function empty(panel: Panel): string {
	return `<p class="empty">${esc(panel.emptyMessage)}</p>`;
}

function grainOf(panel: Panel): string | undefined {
	return panel.grain;
}

function tableHtml(panel: Panel, rows: Array<Record<string, unknown>>): string {
	const cols = panel.columns ?? Object.keys(rows[0] ?? {}).map((k) => ({ key: k, label: k, format: undefined }));
	const head = cols.map((c) => `<th${c.format ? ' class="num"' : ''}>${esc(c.label)}</th>`).join('');
	const body = rows
		.map((r) => `<tr>${cols.map((c) => (c.format ? `<td class="num">${esc(formatValue(r[c.key], c.format, panel.unit))}</td>` : `<td>${esc(r[c.key] ?? '—')}</td>`)).join('')}</tr>`)
		.join('');
	return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function qualityHtml(panel: Panel, rows: Array<Record<string, unknown>>): string {
	const failing = rows.filter((r) => (toNumber(r.violations) ?? 0) > 0).length;
	const summary = rows.length ? `<p class="sub">${failing ? `<span class="pill bad">${failing} failing</span>` : '<span class="pill ok">all passing</span>'} ${esc(`${rows.length} checks`)}</p>` : '';
	const body = rows
		.map((r) => {
			const n = toNumber(r.violations) ?? 0;
			return `<tr><td>${esc(r.detail)}</td><td class="num">${n > 0 ? `<span class="pill bad">${esc(formatValue(n, 'integer'))}</span>` : '<span class="pill ok">0</span>'}</td></tr>`;
		})
		.join('');
	const table = rows.length ? `<table><thead><tr><th>Check</th><th class="num">Rows failing</th></tr></thead><tbody>${body}</tbody></table>` : empty(panel);
	const notes = panel.notes?.length ? `<p class="sub" style="margin-top:14px">Found during analysis</p><ul class="notes">${panel.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
	return summary + table + notes;
}

function card(result: PanelResult): string {
	const { panel, rows } = result;
	switch (panel.kind) {
		case 'kpi':
			return tile(result);
		case 'timeseries':
			return `<section class="card">${cardHead(panel)}${rows.length ? lineChart(rows.map((r) => ({ x: r.bucket, y: r.value })), { format: panel.format, unit: panel.unit, grain: grainOf(panel), label: panel.title }) : empty(panel)}</section>`;
		case 'bar':
			return `<section class="card">${cardHead(panel)}${rows.length ? barChart(rows.map((r) => ({ label: r.label, value: r.value })), { format: panel.format, unit: panel.unit, label: panel.title }) : empty(panel)}</section>`;
		case 'table':
			return `<section class="card">${cardHead(panel)}${rows.length ? tableHtml(panel, rows) : empty(panel)}</section>`;
		case 'quality':
			return `<section class="card full">${cardHead(panel)}${qualityHtml(panel, rows)}</section>`;
	}
}

function erSection(er: ErDiagram | undefined): string {
	if (!er?.svg && !er?.mermaid) return '';
	const img = er.svg ? `<img src="${esc(svgDataUri(er.svg))}" alt="Entity-relationship diagram of the tables">` : '';
	const mermaid = er.mermaid ? `<details${er.svg ? '' : ' open'}><summary>Mermaid source</summary><pre>${esc(er.mermaid)}</pre></details>` : '';
	return `<section class="card full er"><h2>How the tables relate</h2><p class="sub">Entity-relationship diagram of the modelled schema</p>${img}${mermaid}</section>`;
}

export function renderHtml(results: PanelResult[], options: RenderOptions = {}): string {
	const title = options.title ?? results[0]?.panel.dashboardTitle ?? 'Dashboard';
	const generated = options.generatedAt ?? new Date().toISOString();
	const problems = options.problems?.length
		? `<section class="card problems"><h2>Some panels could not be loaded</h2><ul class="notes">${options.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul></section>`
		: '';
	const tiles = results.filter((r) => r.panel.kind === 'kpi');
	const others = results.filter((r) => r.panel.kind !== 'kpi');
	const body = results.length
		? `${tiles.length ? `<div class="tiles">${tiles.map(card).join('\n')}</div>` : ''}\n${others.map(card).join('\n')}`
		: '<section class="card full"><p class="empty">No dashboard data yet: run the dashboard queries first.</p></section>';
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${esc(title)}</h1><p class="meta">${esc(options.subtitle ? `${options.subtitle} · ` : '')}Generated ${esc(formatDate(generated))} ${esc(generated.slice(11, 16))} UTC</p></header>
<main>
${problems}
${body}
${erSection(options.erDiagram)}
</main>
<footer>Built by n8n-nodes-airbyte-onboarding from the tenant's synced data. Figures are computed when the page is generated.</footer>
</body>
</html>`;
}
