// Adapter from the Data Analyzer's BusinessAnalysis to the extras planning reads (KPIs, descriptions, cursors).
import type { BusinessAnalysis, KpiDefinition } from '../analysis/business/types';
import type { SchemaAnalysisExtras, SchemaKpi } from './inputs';

function kpiFromDefinition(k: KpiDefinition): SchemaKpi {
	return {
		name: k.name,
		description: k.description,
		stream: k.stream,
		aggregation: k.aggregation,
		column: k.measure.kind === 'column' ? k.measure.column : undefined,
		productColumns: k.measure.kind === 'product' ? k.measure.columns : undefined,
		timeColumn: k.timeColumn ?? undefined,
		timeJoin: k.timeJoin,
		grain: k.grain ?? undefined,
		unit: k.unit,
		filters: k.filters.map((f) => ({ column: f.column, op: f.op === 'is_not_null' ? 'not_null' : f.op, value: f.value })),
	};
}

/** Everything planning uses from an analysis; tolerant of a partial object (e.g. one that went through JSON). */
export function extrasFromAnalysis(analysis: Partial<BusinessAnalysis> | undefined): SchemaAnalysisExtras {
	if (!analysis) return {};
	const streams: Record<string, string> = {};
	for (const e of analysis.entities ?? []) if (e.description) streams[e.stream] = e.description;
	const syncModes: NonNullable<SchemaAnalysisExtras['syncModes']> = {};
	for (const s of analysis.sync?.streams ?? []) if (s.cursorField?.length) syncModes[s.stream] = { cursorField: s.cursorField };
	return { kpis: (analysis.kpis ?? []).map(kpiFromDefinition), descriptions: { streams }, syncModes };
}
