// ER diagram of a plan: Mermaid `erDiagram` text and a self-contained SVG (no fonts, scripts or links).
import type { PlanTable, SchemaPlan } from './plan';

const mermaidToken = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([0-9])/, '_$1') || '_';
const mermaidType = (t: string) =>
	mermaidToken(
		t
			.replace('timestamp with time zone', 'timestamptz')
			.replace('timestamp without time zone', 'timestamp')
			.replace('time with time zone', 'timetz')
			.replace('time without time zone', 'time')
			.replace('character varying', 'varchar')
			.replace('double precision', 'float8')
			.replace(/\(.*\)$/, ''),
	);

export function mermaidErDiagram(plan: SchemaPlan): string {
	const lines = ['erDiagram'];
	for (const t of plan.tables) {
		const fkCols = new Set(t.foreignKeys.flatMap((f) => f.columns));
		lines.push(`  ${mermaidToken(t.name)} {`);
		for (const c of t.columns) {
			const keys = [t.primaryKey.columns.includes(c.name) ? 'PK' : '', fkCols.has(c.name) ? 'FK' : ''].filter(Boolean).join(', ');
			lines.push(`    ${mermaidType(c.type)} ${mermaidToken(c.name)}${keys ? ` ${keys}` : ''}`);
		}
		lines.push('  }');
	}
	for (const t of plan.tables) {
		for (const fk of t.foreignKeys) {
			const optional = fk.columns.some((c) => !t.columns.find((x) => x.name === c)?.notNull);
			const label = fk.columns.join(', ').replace(/["\r\n]/g, '');
			lines.push(`  ${mermaidToken(fk.refTable)} ${optional ? '|o' : '||'}--o{ ${mermaidToken(t.name)} : "${label}"`);
		}
	}
	return `${lines.join('\n')}\n`;
}

const escapeXml = (s: string) =>
	printable(s).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
const printable = (s: string) =>
	Array.from(s)
		.filter((ch) => ch.charCodeAt(0) >= 32 || ch === '\t' || ch === '\n' || ch === '\r')
		.join('');

const BOX_W = 240;
const ROW_H = 18;
const HEAD_H = 26;
const GAP_X = 80;
const GAP_Y = 60;
const MAX_ROWS = 14;

interface Box {
	t: PlanTable;
	x: number;
	y: number;
	h: number;
}

export function erDiagramSvg(plan: SchemaPlan): string {
	const degree = new Map<string, number>(plan.tables.map((t) => [t.name, 0]));
	for (const t of plan.tables)
		for (const fk of t.foreignKeys) {
			degree.set(t.name, (degree.get(t.name) ?? 0) + 1);
			degree.set(fk.refTable, (degree.get(fk.refTable) ?? 0) + 1);
		}
	const tables = [...plan.tables].sort((a, b) => (degree.get(b.name)! - degree.get(a.name)!) || a.name.localeCompare(b.name));
	const perRow = Math.max(1, Math.ceil(Math.sqrt(tables.length)));
	const boxes = new Map<string, Box>();
	const rowHeights: number[] = [];
	const visible = (t: PlanTable) => t.columns.filter((c) => !AUDIT.has(c.source.kind));
	tables.forEach((t, i) => {
		const n = visible(t).length;
		const shown = Math.min(n, MAX_ROWS) + (n > MAX_ROWS ? 1 : 0);
		const h = HEAD_H + shown * ROW_H + 8;
		const r = Math.floor(i / perRow);
		rowHeights[r] = Math.max(rowHeights[r] ?? 0, h);
	});
	tables.forEach((t, i) => {
		const r = Math.floor(i / perRow);
		const c = i % perRow;
		const y = 20 + rowHeights.slice(0, r).reduce((a, b) => a + b + GAP_Y, 0);
		const n = visible(t).length;
		const shown = Math.min(n, MAX_ROWS) + (n > MAX_ROWS ? 1 : 0);
		boxes.set(t.name, { t, x: 20 + c * (BOX_W + GAP_X), y, h: HEAD_H + shown * ROW_H + 8 });
	});
	const width = 40 + perRow * BOX_W + (perRow - 1) * GAP_X;
	const height = 40 + rowHeights.reduce((a, b) => a + b + GAP_Y, 0);
	const parts: string[] = [];
	for (const t of plan.tables) {
		for (const fk of t.foreignKeys) {
			const a = boxes.get(t.name)!;
			const b = boxes.get(fk.refTable);
			if (!b) continue;
			const [ax, ay, bx, by] = anchors(a, b);
			if (a === b) {
				const ay2 = a.y + HEAD_H / 2;
				parts.push(`<path d="M${a.x + BOX_W} ${ay2} h20 v20 h-20" fill="none" stroke="#64748b" stroke-width="1.5"><title>${escapeXml(`${t.name}.${fk.columns.join(', ')} -> ${fk.refTable}`)}</title></path>`);
				continue;
			}
			parts.push(
				`<line x1="${ax}" y1="${ay}" x2="${bx}" y2="${by}" stroke="#64748b" stroke-width="1.5" marker-end="url(#one)" marker-start="url(#many)"><title>${escapeXml(`${t.name}.${fk.columns.join(', ')} -> ${fk.refTable}`)}</title></line>`,
			);
		}
	}
	for (const { t, x, y, h } of boxes.values()) {
		const fkCols = new Set(t.foreignKeys.flatMap((f) => f.columns));
		const fill = t.kind === 'stream' ? '#1e40af' : t.kind === 'child' ? '#0f766e' : '#7c3aed';
		parts.push(`<g><title>${escapeXml(t.description ?? t.name)}</title>`);
		parts.push(`<rect x="${x}" y="${y}" width="${BOX_W}" height="${h}" rx="6" fill="#ffffff" stroke="#94a3b8"/>`);
		parts.push(`<rect x="${x}" y="${y}" width="${BOX_W}" height="${HEAD_H}" rx="6" fill="${fill}"/>`);
		parts.push(`<text x="${x + 10}" y="${y + 18}" fill="#ffffff" font-weight="bold">${escapeXml(clip(t.name, 30))}</text>`);
		const cols = visible(t);
		cols.slice(0, MAX_ROWS).forEach((c, i) => {
			const key = t.primaryKey.columns.includes(c.name) ? 'PK ' : fkCols.has(c.name) ? 'FK ' : '';
			const ty = y + HEAD_H + 14 + i * ROW_H;
			parts.push(`<text x="${x + 10}" y="${ty}" fill="#0f172a">${escapeXml(`${key}${clip(c.name, 22)}`)}</text>`);
			parts.push(`<text x="${x + BOX_W - 10}" y="${ty}" fill="#64748b" text-anchor="end">${escapeXml(clip(mermaidType(c.type), 14))}</text>`);
		});
		if (cols.length > MAX_ROWS)
			parts.push(`<text x="${x + 10}" y="${y + HEAD_H + 14 + MAX_ROWS * ROW_H}" fill="#64748b">… ${cols.length - MAX_ROWS} more columns</text>`);
		parts.push('</g>');
	}
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img" aria-label="${escapeXml(`ER diagram of ${plan.schema}`)}">` +
		'<defs><marker id="one" markerWidth="12" markerHeight="12" refX="10" refY="6" orient="auto"><path d="M10 0 V12" stroke="#64748b"/></marker>' +
		'<marker id="many" markerWidth="12" markerHeight="12" refX="2" refY="6" orient="auto"><path d="M12 6 L0 0 M12 6 L0 12 M12 6 L0 6" stroke="#64748b" fill="none"/></marker></defs>' +
		`<rect width="100%" height="100%" fill="#f8fafc"/>${parts.join('')}` +
		`<text x="20" y="${height - 12}" fill="#64748b">Every table also has created_at, updated_at and _synced_at. Lines join a foreign key (fork) to the key it references (bar).</text></svg>`
	);
}

/** Audit columns every table has; left out of the drawing (the caption says so). */
const AUDIT = new Set(['created_at', 'updated_at', 'synced_at']);

/** Line end points on the facing sides of two boxes. */
function anchors(a: Box, b: Box): [number, number, number, number] {
	const ay = a.y + HEAD_H / 2;
	const by = b.y + HEAD_H / 2;
	if (a.x + BOX_W <= b.x) return [a.x + BOX_W, ay, b.x, by];
	if (b.x + BOX_W <= a.x) return [a.x, ay, b.x + BOX_W, by];
	return a.y < b.y ? [a.x + BOX_W / 2, a.y + a.h, b.x + BOX_W / 2, b.y] : [a.x + BOX_W / 2, a.y, b.x + BOX_W / 2, b.y + b.h];
}

function clip(s: string, n: number): string {
	return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
