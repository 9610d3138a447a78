// Reads the Postgres node's output items (one `{ query_id, panel, rows }` row per dashboard query) back
// into panels with their rows. Anything else on the input is counted, not trusted.
import type { Panel, PanelKind, ValueFormat } from '../plan';

export interface PanelResult {
	panel: Panel;
	rows: Array<Record<string, unknown>>;
}

export interface ReadResults {
	panels: PanelResult[];
	/** Messages of items that carried an error (a failed query with continueOnFail) or were not ours. */
	problems: string[];
}

const KINDS = new Set<PanelKind>(['kpi', 'timeseries', 'bar', 'table', 'quality']);
const FORMATS = new Set<ValueFormat>(['number', 'integer', 'money', 'percent']);
const GRAINS = new Set<string>(['day', 'week', 'month', 'quarter']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseMaybe(v: unknown): unknown {
	if (typeof v !== 'string') return v;
	try {
		return JSON.parse(v);
	} catch {
		return undefined;
	}
}

function toPanel(raw: unknown, id: string, order: number): Panel | undefined {
	const p = parseMaybe(raw);
	if (!isObj(p) || !KINDS.has(p.kind as PanelKind)) return undefined;
	const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
	const columns = Array.isArray(p.columns)
		? p.columns.filter(isObj).map((c) => ({ key: String(c.key), label: String(c.label ?? c.key), format: FORMATS.has(c.format as ValueFormat) ? (c.format as ValueFormat) : undefined }))
		: undefined;
	return {
		id,
		kind: p.kind as PanelKind,
		title: str(p.title) ?? id,
		subtitle: str(p.subtitle),
		unit: str(p.unit),
		format: FORMATS.has(p.format as ValueFormat) ? (p.format as ValueFormat) : 'number',
		columns,
		notes: Array.isArray(p.notes) ? p.notes.map(String).slice(0, 20) : undefined,
		grain: GRAINS.has(p.grain as Panel['grain'] & string) ? (p.grain as Panel['grain']) : undefined,
		emptyMessage: str(p.emptyMessage) ?? 'No data yet.',
		dashboardTitle: str(p.dashboardTitle) ?? 'Dashboard',
		order: typeof p.order === 'number' ? p.order : order,
	};
}

export function readResults(items: unknown[]): ReadResults {
	const panels: PanelResult[] = [];
	const problems: string[] = [];
	items.forEach((item, i) => {
		const json = isObj(item) && isObj(item.json) ? item.json : item;
		if (!isObj(json)) return;
		if (json.error !== undefined) {
			const message = isObj(json.error) ? String(json.error.message ?? 'query failed') : String(json.error);
			problems.push(message.slice(0, 300));
			return;
		}
		const id = typeof json.query_id === 'string' ? json.query_id : undefined;
		const panel = id ? toPanel(json.panel, id, i) : undefined;
		if (!id || !panel) {
			problems.push(`Input item ${i} is not a dashboard query result (expected query_id, panel and rows).`);
			return;
		}
		const rows = parseMaybe(json.rows);
		panels.push({ panel, rows: Array.isArray(rows) ? rows.filter(isObj) : [] });
	});
	panels.sort((a, b) => a.panel.order - b.panel.order);
	return { panels, problems };
}
