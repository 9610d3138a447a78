import type { ColumnCtx, DataContext, TableCtx } from '../context';
import { numericSql, SqlParams, timeSql } from '../kpi';
import { describeSchedule, ifParameters, postgresQueryParameters, scheduleParameters, type Schedule } from '../workflow/nodes';
import { alertStep, alertWhere, fmt, perSyncSchedule } from './common';
import { buildWorkflowSpecName } from './naming';
import type { Offer, Recipe, SuggestOptions } from './types';

/** The highest profiled quantile at or above p95, with its probability. */
function threshold(col: ColumnCtx): { p: number; value: number } | undefined {
	const q = col.stats?.quantiles;
	if (!q) return undefined;
	const entries = Object.entries(q)
		.map(([p, v]) => ({ p: Number(p), value: v }))
		.filter((e) => e.p >= 0.95 && e.p < 1 && Number.isFinite(e.value))
		.sort((a, b) => b.p - a.p);
	const best = entries.find((e) => e.p <= 0.99) ?? entries[0];
	if (!best) return undefined;
	const median = q['0.5'];
	if (median !== undefined && best.value <= median) return undefined;
	return best;
}

function scheduleHours(s: Schedule): number {
	return s.every === 'hours' ? s.hours : 24;
}

export const highValueRecord: Recipe = {
	id: 'high_value_record_alert',
	title: 'New high-value record alert',
	requires: 'a money column with profiled quantiles on a table with a time column',
	offer(ctx: DataContext, options: SuggestOptions): Offer[] {
		const candidates: Array<{ t: TableCtx; col: ColumnCtx; th: { p: number; value: number } }> = [];
		for (const t of ctx.tables) {
			if (!t.timeColumn || !['transaction', 'subscription', 'line_item', 'event'].includes(t.entity)) continue;
			for (const col of t.columns.filter((c) => c.roles.has('money'))) {
				const th = threshold(col);
				if (th && th.value > 0) candidates.push({ t, col, th });
			}
		}
		const entityRank = (e: string) => (e === 'transaction' ? 0 : e === 'subscription' ? 1 : 2);
		candidates.sort((a, b) => entityRank(a.t.entity) - entityRank(b.t.entity) || Number(/total|amount/i.test(b.col.name)) - Number(/total|amount/i.test(a.col.name)));
		const seen = new Set<string>();
		const offers: Offer[] = [];
		for (const { t, col, th } of candidates) {
			if (offers.length >= options.maxPerRecipe || seen.has(t.stream)) continue;
			seen.add(t.stream);
			const time = t.timeColumn as ColumnCtx;
			const schedule = perSyncSchedule(ctx);
			const hours = scheduleHours(schedule);
			const params = new SqlParams();
			const select = [
				t.primaryKey.length ? `concat_ws('/', ${t.primaryKey.map((c) => `${c.sql}::text`).join(', ')}) AS "record_key"` : `NULL::text AS "record_key"`,
				t.label ? `${t.label.sql}::text AS "label"` : `NULL::text AS "label"`,
				`${numericSql(col)} AS "amount"`,
				`${time.sql} AS "recorded_at"`,
				`${params.text(t.stream)} AS "table_name"`,
			].join(', ');
			const query = `SELECT ${select} FROM ${t.sql} WHERE ${numericSql(col)} >= ${params.numeric(th.value)} AND ${timeSql(time)} >= now() - make_interval(hours => ${params.add(hours)}::int) ORDER BY ${numericSql(col)} DESC LIMIT 50`;
			const pLabel = `p${Math.round(th.p * 1000) / 10}`;
			const why = [
				`${t.stream}.${col.name} is a money amount; its profiled ${pLabel} is ${fmt(th.value)}${col.stats?.count ? ` over ${fmt(col.stats.count)} sampled rows` : ''}${col.stats?.quantiles?.['0.5'] !== undefined ? ` (median ${fmt(col.stats.quantiles['0.5'])})` : ''}.`,
				`Records at or above it are the top ${fmt((1 - th.p) * 100)} %: worth a personal follow-up when they arrive.`,
			];
			const name = buildWorkflowSpecName(`High-value ${t.stream} alert`);
			offers.push({
				recipe: 'high_value_record_alert',
				key: `${t.stream}.${col.name}`,
				title: `Alert on new ${t.stream} with ${col.name} ≥ ${fmt(th.value)} (${pLabel})`,
				why,
				trigger: `Schedule: ${describeSchedule(schedule)}`,
				steps: [`Postgres selects ${t.stream} recorded in the last ${hours} h with ${col.name} ≥ ${fmt(th.value)}`, 'If any', `Send one message per record to ${alertWhere(options)}`],
				score: 0.66 - offers.length * 0.05,
				uses: [{ stream: t.stream, column: col.name }, { stream: t.stream, column: time.name }],
				graph: {
					name,
					description: why.join(' '),
					note: `## ${name}\nLooks for ${t.stream} recorded since the last run whose ${col.name} is at least ${fmt(th.value)} (the profiled ${pLabel}) and sends one alert per record. Adjust the threshold in the query parameters.\n\nSet the Postgres credential (read access is enough) and the destination.`,
					steps: [
						{ kind: 'scheduleTrigger', name: 'Schedule', parameters: scheduleParameters(schedule) },
						{ kind: 'postgres', name: 'Find high-value records', parameters: postgresQueryParameters(query, params.values) },
						{ kind: 'if', name: 'Found any?', parameters: ifParameters('={{ $json.amount }}', 'exists', '') },
						alertStep(
							options,
							'High-value record',
							'=:moneybag: New high-value record in {{ $json.table_name }} #{{ $json.record_key }} {{ $json.label ?? \'\' }}: {{ $json.amount }} at {{ $json.recorded_at }}',
						),
					],
					edges: [
						{ from: 'Schedule', to: 'Find high-value records' },
						{ from: 'Find high-value records', to: 'Found any?' },
						{ from: 'Found any?', to: 'Send alert', output: 0 },
					],
				},
			});
		}
		return offers;
	},
};
