import type { DataContext } from '../context';
import { aggregateSql, describeKpi, filterSql, kpisOf, SqlParams, timeSql } from '../kpi';
import type { KpiInput } from '../inputs';
import { ifParameters, postgresQueryParameters, scheduleParameters, type Schedule } from '../workflow/nodes';
import { alertStep, alertWhere, fmt, toTimestamp } from './common';
import { buildWorkflowSpecName } from './naming';
import type { Offer, Recipe, SuggestOptions } from './types';

const WINDOW_DAYS = 28;

/** Yesterday's value of a KPI against the mean and standard deviation of the trailing window. */
export function anomalyQuery(ctx: DataContext, kpi: KpiInput, params: SqlParams): string | undefined {
	const t = ctx.table(kpi.stream);
	const time = kpi.timeColumn ? t?.columns.find((c) => c.name === kpi.timeColumn) : undefined;
	if (!t || !time) return undefined;
	const ts = timeSql(time);
	const zeroFill = kpi.aggregation === 'count' || kpi.aggregation === 'sum' || kpi.aggregation === 'count_distinct';
	const value = `(SELECT ${aggregateSql(kpi, t)} FROM ${t.sql} WHERE ${filterSql(kpi, t, params)} AND ${ts} >= d.day AND ${ts} < d.day + interval '1 day')::numeric`;
	const label = params.text(kpi.name);
	const window = params.add(WINDOW_DAYS);
	return [
		`WITH days AS (SELECT generate_series(date_trunc('day', now()) - make_interval(days => ${window}::int + 1), date_trunc('day', now()) - interval '1 day', interval '1 day') AS day),`,
		`daily AS (SELECT d.day, ${zeroFill ? `COALESCE(${value}, 0)` : value} AS value FROM days AS d),`,
		`stats AS (SELECT avg(value) AS mean, stddev_samp(value) AS sd, count(value) AS n FROM daily WHERE day < date_trunc('day', now()) - interval '1 day')`,
		`SELECT ${label} AS kpi, y.day AS day, y.value AS value, round(s.mean, 4) AS mean, round(s.sd, 4) AS sd, CASE WHEN s.sd > 0 THEN round((y.value - s.mean) / s.sd, 2) END AS z`,
		`FROM daily AS y CROSS JOIN stats AS s WHERE y.day = date_trunc('day', now()) - interval '1 day'`,
	].join('\n');
}

function historyDays(ctx: DataContext, kpi: KpiInput): number | undefined {
	const stats = kpi.timeColumn ? ctx.column(kpi.stream, kpi.timeColumn)?.stats : undefined;
	const min = toTimestamp(stats?.min);
	const max = toTimestamp(stats?.max);
	return min !== undefined && max !== undefined ? (max - min) / 86_400_000 : undefined;
}

export const kpiAnomalyAlert: Recipe = {
	id: 'kpi_anomaly_alert',
	title: 'KPI anomaly alert',
	requires: 'a KPI with a time column and at least two weeks of history',
	offer(ctx: DataContext, options: SuggestOptions): Offer[] {
		const { kpis, derived } = kpisOf(ctx);
		const offers: Offer[] = [];
		for (const kpi of kpis.filter((k) => k.timeColumn)) {
			if (offers.length >= options.maxPerRecipe) break;
			const span = historyDays(ctx, kpi);
			if (span !== undefined && span < 14) continue;
			const params = new SqlParams();
			const query = anomalyQuery(ctx, kpi, params);
			if (!query) continue;
			const schedule: Schedule = { every: 'day', atHour: 6 };
			const z = options.anomalyZ;
			const why = [
				`${derived ? 'Read off the data' : 'KPI from the analysis'}: ${describeKpi(kpi)}.`,
				span !== undefined
					? `The sample spans ${fmt(span)} days of ${kpi.timeColumn}, enough for a ${WINDOW_DAYS}-day baseline.`
					: `${kpi.timeColumn} dates every record, so each day can be compared with the trailing ${WINDOW_DAYS} days.`,
				`Alerts when yesterday is more than ${z} standard deviations from that baseline (drops in volume often mean a broken integration, spikes a campaign or fraud).`,
			];
			const name = buildWorkflowSpecName(`KPI anomaly alert: ${kpi.name}`);
			offers.push({
				recipe: 'kpi_anomaly_alert',
				key: kpi.id,
				title: `Alert when "${kpi.name}" deviates from its ${WINDOW_DAYS}-day trend`,
				why,
				trigger: 'Schedule: every day at 06:00',
				steps: [`Postgres computes yesterday's value and the mean/standard deviation of the ${WINDOW_DAYS} days before`, `If |z| ≥ ${z}`, `Send the value, mean and z-score to ${alertWhere(options)}`],
				score: (derived ? 0.55 : 0.72) - offers.length * 0.05,
				uses: [{ stream: kpi.stream, column: kpi.measure }, { stream: kpi.stream, column: kpi.timeColumn }],
				graph: {
					name,
					description: why.join(' '),
					note: `## ${name}\nEvery morning, compares yesterday's **${kpi.name}** with the mean and standard deviation of the previous ${WINDOW_DAYS} days and alerts when the z-score is at least ${z} in either direction.\n\nSet the Postgres credential (read access is enough) and the destination.`,
					steps: [
						{ kind: 'scheduleTrigger', name: 'Schedule', parameters: scheduleParameters(schedule) },
						{ kind: 'postgres', name: 'Compute KPI vs trend', parameters: postgresQueryParameters(query, params.values) },
						{ kind: 'if', name: 'Anomaly?', parameters: ifParameters('={{ Math.abs(Number($json.z ?? 0)) }}', 'gte', z) },
						alertStep(
							options,
							'KPI anomaly',
							'=:chart_with_downwards_trend: {{ $json.kpi }} was {{ $json.value }} yesterday vs a 28-day mean of {{ $json.mean }} (sd {{ $json.sd }}, z = {{ $json.z }}).',
						),
					],
					edges: [
						{ from: 'Schedule', to: 'Compute KPI vs trend' },
						{ from: 'Compute KPI vs trend', to: 'Anomaly?' },
						{ from: 'Anomaly?', to: 'Send alert', output: 0 },
					],
				},
			});
		}
		return offers;
	},
};
