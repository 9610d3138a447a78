import type { DataContext } from '../context';
import { aggregateSql, describeKpi, filterSql, kpisOf, SqlParams, timeSql } from '../kpi';
import type { KpiInput } from '../inputs';
import { describeSchedule, postgresQueryParameters, scheduleParameters } from '../workflow/nodes';
import { alertStep, alertWhere, listExpression } from './common';
import { buildWorkflowSpecName } from './naming';
import type { Offer, Recipe, SuggestOptions } from './types';

const MAX_KPIS = 8;

function periodDays(options: SuggestOptions): number {
	return options.digestSchedule.every === 'week' ? 7 : options.digestSchedule.every === 'day' ? 1 : 7;
}

/** One row per KPI: its value over the last period and the period before. */
export function digestQuery(ctx: DataContext, kpis: KpiInput[], days: number, params: SqlParams): string {
	const parts = kpis.map((k) => {
		const t = ctx.table(k.stream);
		if (!t) return undefined;
		const agg = aggregateSql(k, t);
		const where = filterSql(k, t, params);
		const time = k.timeColumn ? t.columns.find((c) => c.name === k.timeColumn) : undefined;
		const label = params.text(k.name);
		if (!time) {
			return `SELECT ${label} AS kpi, (SELECT ${agg} FROM ${t.sql} WHERE ${where})::numeric AS current, NULL::numeric AS previous`;
		}
		const ts = timeSql(time);
		const d = params.add(days);
		return `SELECT ${label} AS kpi, (SELECT ${agg} FROM ${t.sql} WHERE ${where} AND ${ts} >= now() - make_interval(days => ${d}::int))::numeric AS current, (SELECT ${agg} FROM ${t.sql} WHERE ${where} AND ${ts} >= now() - make_interval(days => 2 * ${d}::int) AND ${ts} < now() - make_interval(days => ${d}::int))::numeric AS previous`;
	});
	return parts.filter(Boolean).join('\nUNION ALL\n');
}

export const kpiDigest: Recipe = {
	id: 'kpi_digest',
	title: 'KPI digest',
	requires: 'KPIs over real columns (from the analysis, or a transaction-like table with a time column)',
	offer(ctx: DataContext, options: SuggestOptions): Offer[] {
		const { kpis, derived } = kpisOf(ctx);
		const chosen = kpis.slice(0, MAX_KPIS);
		if (!chosen.length) return [];
		const days = periodDays(options);
		const params = new SqlParams();
		const query = digestQuery(ctx, chosen, days, params);
		const why = [
			`${derived ? 'Read off the data' : 'The analysis defines'} ${kpis.length} KPI${kpis.length > 1 ? 's' : ''}: ${chosen.slice(0, 4).map(describeKpi).join('; ')}${chosen.length > 4 ? '; …' : ''}.`,
			`A ${options.digestSchedule.every === 'day' ? 'daily' : 'weekly'} digest compares each with the previous period, so trends are seen without opening a dashboard.`,
		];
		const name = buildWorkflowSpecName('KPI digest');
		return [
			{
				recipe: 'kpi_digest',
				key: 'digest',
				title: `${options.digestSchedule.every === 'day' ? 'Daily' : 'Weekly'} KPI digest`,
				why,
				trigger: `Schedule: ${describeSchedule(options.digestSchedule)}`,
				steps: [`Postgres computes ${chosen.length} KPIs for the last ${days} day(s) and the period before`, `Send one digest message to ${alertWhere(options)}`],
				score: derived ? 0.6 : 0.78,
				uses: chosen.flatMap((k) => [{ stream: k.stream, column: k.measure }, ...(k.timeColumn ? [{ stream: k.stream, column: k.timeColumn }] : [])]),
				graph: {
					name,
					description: why.join(' '),
					note: `## ${name}\nComputes ${chosen.length} KPIs over the last ${days} day(s) and the ${days} day(s) before, and sends them as one message.\n\nKPIs: ${chosen.map((k) => k.name).join(', ')}.\n\nSet the Postgres credential (read access is enough) and the destination.`,
					steps: [
						{ kind: 'scheduleTrigger', name: 'Schedule', parameters: scheduleParameters(options.digestSchedule) },
						{ kind: 'postgres', name: 'Compute KPIs', parameters: postgresQueryParameters(query, params.values) },
						alertStep(
							options,
							'KPI digest',
							`=:bar_chart: KPI digest (last ${days} day(s) vs the ${days} before):\n${listExpression("'• ' + i.json.kpi + ': ' + (i.json.current ?? 0) + (i.json.previous === null ? '' : ' (before: ' + (i.json.previous ?? 0) + ')')")}`,
							true,
							'Send digest',
						),
					],
					edges: [
						{ from: 'Schedule', to: 'Compute KPIs' },
						{ from: 'Compute KPIs', to: 'Send digest' },
					],
				},
			},
		];
	},
};
