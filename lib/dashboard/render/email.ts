// Email-friendly variant for digests: tables and inline styles only (mail clients strip <style>, scripts
// and often SVG); bars are table cells with a width. No images, no PNG, no external resources.
import type { Panel } from '../plan';
import { esc } from './escape';
import { formatDate, formatValue, toNumber, unitSuffix } from './format';
import type { PanelResult } from './results';
import type { RenderOptions } from './html';

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const MUTED = 'color:#5f6b7a;';

function heading(panel: Panel): string {
	return `<tr><td style="${FONT}font-size:16px;font-weight:bold;color:#1b1f24;padding:18px 0 2px">${esc(panel.title)}</td></tr>${panel.subtitle ? `<tr><td style="${FONT}${MUTED}font-size:12px;padding:0 0 8px">${esc(panel.subtitle)}</td></tr>` : ''}`;
}

function emptyRow(panel: Panel): string {
	return `<tr><td style="${FONT}${MUTED}font-size:13px;font-style:italic;padding:6px 0">${esc(panel.emptyMessage)}</td></tr>`;
}

function tiles(results: PanelResult[]): string {
	const cells = results.map(({ panel, rows }) => {
		const v = rows[0]?.value;
		const unit = unitSuffix(panel.format, panel.unit);
		const value = v === null || v === undefined ? `<span style="${MUTED}font-size:13px;font-style:italic">${esc(panel.emptyMessage)}</span>` : `${esc(formatValue(v, panel.format, panel.unit))}${unit ? ` <span style="${MUTED}font-size:13px">${esc(unit)}</span>` : ''}`;
		const c = toNumber(rows[0]?.current);
		const p = toNumber(rows[0]?.previous);
		const change = c !== undefined && p !== undefined && p !== 0 ? (c - p) / Math.abs(p) : undefined;
		const delta =
			change === undefined ? '' : `<div style="${FONT}font-size:12px;color:${change >= 0 ? '#1f9d55' : '#d64545'}">${change >= 0 ? '▲' : '▼'} ${esc(Math.abs(change * 100).toFixed(1))} % last 30 days</div>`;
		return `<td width="50%" valign="top" style="padding:6px"><div style="border:1px solid #e3e6ea;border-radius:8px;padding:12px"><div style="${FONT}${MUTED}font-size:12px">${esc(panel.title)}</div><div style="${FONT}font-size:22px;font-weight:bold;color:#1b1f24">${value}</div>${delta}</div></td>`;
	});
	const rows: string[] = [];
	for (let i = 0; i < cells.length; i += 2) rows.push(`<tr>${cells[i]}${cells[i + 1] ?? '<td width="50%"></td>'}</tr>`);
	return rows.length ? `<tr><td><table role="presentation" width="100%" cellpadding="0" cellspacing="0">${rows.join('')}</table></td></tr>` : '';
}

function bars(panel: Panel, rows: Array<Record<string, unknown>>, labelKey: string, labelFormat?: (v: unknown) => string): string {
	const values = rows.map((r) => toNumber(r.value) ?? 0);
	const max = Math.max(...values.map(Math.abs), 0) || 1;
	const body = rows
		.map((r, i) => {
			const pct = Math.max(1, Math.round((Math.abs(values[i]) / max) * 100));
			const label = labelFormat ? labelFormat(r[labelKey]) : String(r[labelKey] ?? '(none)');
			return `<tr><td style="${FONT}font-size:13px;color:#1b1f24;padding:3px 8px 3px 0;width:38%">${esc(label)}</td><td width="45%" style="padding:3px 0;width:45%"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="width:100%"><tr><td width="${pct}%" style="width:${pct}%;background:#5b7cfa;height:12px;font-size:0;line-height:0">&nbsp;</td>${pct < 100 ? '<td style="font-size:0;line-height:0">&nbsp;</td>' : ''}</tr></table></td><td align="right" style="${FONT}font-size:13px;color:#1b1f24;padding:3px 0 3px 8px;white-space:nowrap">${esc(formatValue(r.value, panel.format, panel.unit, true))}</td></tr>`;
		})
		.join('');
	return `<tr><td><table role="presentation" width="100%" cellpadding="0" cellspacing="0">${body}</table></td></tr>`;
}

function table(panel: Panel, rows: Array<Record<string, unknown>>): string {
	const cols = panel.columns ?? Object.keys(rows[0] ?? {}).map((k) => ({ key: k, label: k, format: undefined }));
	const th = cols.map((c) => `<th align="${c.format ? 'right' : 'left'}" style="${FONT}${MUTED}font-size:11px;text-transform:uppercase;padding:4px;border-bottom:1px solid #e3e6ea">${esc(c.label)}</th>`).join('');
	const body = rows
		.map((r) => `<tr>${cols.map((c) => `<td align="${c.format ? 'right' : 'left'}" style="${FONT}font-size:13px;color:#1b1f24;padding:4px;border-bottom:1px solid #f0f1f3">${esc(c.format ? formatValue(r[c.key], c.format, panel.unit) : (r[c.key] ?? '—'))}</td>`).join('')}</tr>`)
		.join('');
	return `<tr><td><table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr>${th}</tr>${body}</table></td></tr>`;
}

function section({ panel, rows }: PanelResult): string {
	if (!rows.length) return heading(panel) + emptyRow(panel);
	switch (panel.kind) {
		case 'timeseries': {
			return heading(panel) + bars(panel, rows.slice(-12), 'bucket', (v) => formatDate(v, panel.grain));
		}
		case 'bar':
			return heading(panel) + bars(panel, rows, 'label');
		case 'table':
			return heading(panel) + table(panel, rows);
		case 'quality': {
			const failing = rows.filter((r) => (toNumber(r.violations) ?? 0) > 0);
			const shown = failing.length ? failing : [];
			const status = `<tr><td style="${FONT}font-size:13px;color:${failing.length ? '#d64545' : '#1f9d55'};padding:2px 0 6px">${failing.length ? `${failing.length} of ${rows.length} checks failing` : `All ${rows.length} checks passing`}</td></tr>`;
			return heading(panel) + status + (shown.length ? table({ ...panel, columns: panel.columns }, shown) : '');
		}
		default:
			return '';
	}
}

export function renderEmail(results: PanelResult[], options: RenderOptions = {}): string {
	const title = options.title ?? results[0]?.panel.dashboardTitle ?? 'Dashboard';
	const generated = options.generatedAt ?? new Date().toISOString();
	const kpis = results.filter((r) => r.panel.kind === 'kpi');
	const rest = results.filter((r) => r.panel.kind !== 'kpi');
	const problems = options.problems?.length ? `<tr><td style="${FONT}font-size:13px;color:#d64545;padding:8px 0">${esc(`${options.problems.length} panel(s) could not be loaded.`)}</td></tr>` : '';
	return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title></head>
<body style="margin:0;padding:0;background:#f5f6f8">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f5f6f8"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border:1px solid #e3e6ea;border-radius:10px"><tr><td style="padding:20px 22px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0">
<tr><td style="${FONT}font-size:22px;font-weight:bold;color:#1b1f24">${esc(title)}</td></tr>
<tr><td style="${FONT}${MUTED}font-size:12px;padding:2px 0 10px">Generated ${esc(formatDate(generated))} ${esc(generated.slice(11, 16))} UTC</td></tr>
${problems}${tiles(kpis)}${rest.map(section).join('')}
</table></td></tr></table></td></tr></table>
</body></html>`;
}
