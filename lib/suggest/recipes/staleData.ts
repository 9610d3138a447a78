import type { DataContext, TableCtx } from '../context';
import { SqlParams, timeSql } from '../kpi';
import { describeSchedule, ifParameters, postgresQueryParameters, scheduleParameters, type Schedule } from '../workflow/nodes';
import { alertStep, alertWhere, fmt, listExpression, syncIntervalHours, toTimestamp } from './common';
import { buildWorkflowSpecName } from './naming';
import type { Offer, Recipe, SuggestOptions } from './types';

const MAX_TABLES = 8;

export const staleDataAlert: Recipe = {
	id: 'stale_data_alert',
	title: 'Stale-data alert',
	requires: 'incremental streams with a time-typed cursor (or a time column) and a sync schedule',
	offer(ctx: DataContext, options: SuggestOptions): Offer[] {
		const incremental = new Set((ctx.sync?.streams ?? []).filter((s) => /incremental/i.test(s.syncMode ?? '') || s.cursorField?.length).map((s) => s.stream));
		const watched: Array<{ t: TableCtx; col: NonNullable<TableCtx['cursor']> }> = [];
		for (const t of ctx.tables) {
			const col = t.cursor?.roles.has('time') ? t.cursor : t.timeColumn;
			if (col && (incremental.has(t.stream) || t.cursor || ['transaction', 'event', 'subscription'].includes(t.entity))) watched.push({ t, col });
		}
		if (!watched.length) return [];
		watched.sort((a, b) => Number(incremental.has(b.t.stream)) - Number(incremental.has(a.t.stream)) || b.t.rows - a.t.rows);
		const chosen = watched.slice(0, MAX_TABLES);
		const interval = syncIntervalHours(ctx);
		const allowedHours = Math.max(2, 2 * (interval ?? 24));
		const why: string[] = [];
		why.push(
			interval
				? `The recommended sync schedule runs every ${fmt(interval)} h, so each table's newest ${chosen.map((w) => `${w.t.stream}.${w.col.name}`).slice(0, 3).join(', ')} should never be older than about ${fmt(allowedHours)} h.`
				: `No sync schedule is known, so this assumes daily syncs: newest ${chosen.map((w) => `${w.t.stream}.${w.col.name}`).slice(0, 3).join(', ')} older than ${fmt(allowedHours)} h means data stopped arriving.`,
		);
		for (const w of chosen.slice(0, 2)) {
			const latest = toTimestamp(w.col.stats?.max);
			if (latest !== undefined) {
				const ageDays = (options.now - latest) / 86_400_000;
				if (ageDays > allowedHours / 24) why.push(`In the sample the newest ${w.t.stream}.${w.col.name} is ${fmt(ageDays)} days old already: check the source is still active.`);
			}
		}
		const issue = ctx.qualityIssues.find((i) => i.kind === 'stale_data');
		if (issue) why.unshift(`The analysis found: ${issue.evidence}`);
		const params = new SqlParams();
		const limit = params.add(allowedHours * 3600);
		const query = chosen
			.map(
				({ t, col }) =>
					`SELECT ${params.text(t.stream)} AS table_name, ${params.text(col.name)} AS column_name, max(${timeSql(col)}) AS latest, round(EXTRACT(EPOCH FROM now() - max(${timeSql(col)})) / 3600, 1) AS age_hours FROM ${t.sql} HAVING max(${timeSql(col)}) IS NULL OR EXTRACT(EPOCH FROM now() - max(${timeSql(col)})) > ${limit}::numeric`,
			)
			.join('\nUNION ALL\n');
		const schedule: Schedule = { every: 'hours', hours: Math.max(1, Math.min(24, Math.round((interval ?? 24) / 2))) };
		const name = buildWorkflowSpecName('Stale-data alert');
		return [
			{
				recipe: 'stale_data_alert',
				key: 'all',
				title: `Alert when data stops arriving (newest record older than ${fmt(allowedHours)} h)`,
				why,
				trigger: `Schedule: ${describeSchedule(schedule)}`,
				steps: [`Postgres reads the newest cursor value of ${chosen.length} table(s) and returns those older than ${fmt(allowedHours)} h`, 'If any', `Send the stale tables to ${alertWhere(options)}`],
				score: issue ? 0.8 : incremental.size ? 0.7 : 0.5,
				uses: chosen.map((w) => ({ stream: w.t.stream, column: w.col.name })),
				graph: {
					name,
					description: why.join(' '),
					note: `## ${name}\nChecks the newest record of ${chosen.map((w) => w.t.stream).join(', ')} and alerts when it is older than ${fmt(allowedHours)} hours (twice the sync interval): the sync may be succeeding while the source has stopped sending data.\n\nSet the Postgres credential (read access is enough) and the destination.`,
					steps: [
						{ kind: 'scheduleTrigger', name: 'Schedule', parameters: scheduleParameters(schedule) },
						{ kind: 'postgres', name: 'Check data freshness', parameters: postgresQueryParameters(query, params.values) },
						{ kind: 'if', name: 'Stale?', parameters: ifParameters('={{ $json.table_name }}', 'exists', '', 'string') },
						alertStep(
							options,
							'Stale data',
							`=:hourglass: Data stopped arriving:\n${listExpression("'• ' + i.json.table_name + '.' + i.json.column_name + ': newest ' + (i.json.latest ?? 'none') + ' (' + (i.json.age_hours ?? '?') + ' h old)'")}`,
							true,
						),
					],
					edges: [
						{ from: 'Schedule', to: 'Check data freshness' },
						{ from: 'Check data freshness', to: 'Stale?' },
						{ from: 'Stale?', to: 'Send alert', output: 0 },
					],
				},
			},
		];
	},
};
