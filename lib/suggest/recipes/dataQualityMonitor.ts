import type { ColumnCtx, DataContext, TableCtx } from '../context';
import { SqlParams } from '../kpi';
import { describeSchedule, ifParameters, postgresQueryParameters, scheduleParameters } from '../workflow/nodes';
import { alertStep, alertWhere, listExpression, pct, perSyncSchedule } from './common';
import { buildWorkflowSpecName } from './naming';
import type { Offer, Recipe, SuggestOptions } from './types';

const MAX_CHECKS = 24;

export interface Check {
	kind: 'duplicate_keys' | 'orphaned_references' | 'null_spike';
	stream: string;
	detail: string;
	/** Renders one SELECT returning (check_name, table_name, violations, detail). */
	render(p: SqlParams): string;
	weight: number;
	evidence?: string;
}

function duplicateCheck(t: TableCtx, evidence?: string): Check {
	const key = t.primaryKey.map((c) => c.sql).join(', ');
	const detail = `duplicate values of the key (${t.primaryKey.map((c) => c.name).join(', ')})`;
	return {
		kind: 'duplicate_keys',
		stream: t.stream,
		detail,
		weight: evidence ? 3 : 1,
		evidence,
		render: (p) =>
			`SELECT ${p.text('duplicate_keys')} AS check_name, ${p.text(t.stream)} AS table_name, count(*)::bigint AS violations, ${p.text(detail)} AS detail FROM (SELECT 1 FROM ${t.sql} GROUP BY ${key} HAVING count(*) > 1) AS dup`,
	};
}

function orphanCheck(child: TableCtx, parent: TableCtx, from: ColumnCtx[], to: ColumnCtx[], evidence?: string): Check {
	const sameTypes = from.every((c, i) => c.pgType === to[i].pgType);
	const cast = sameTypes ? '' : '::text';
	const join = from.map((c, i) => `p.${to[i].sql}${cast} = c.${c.sql}${cast}`).join(' AND ');
	const notNull = from.map((c) => `c.${c.sql} IS NOT NULL`).join(' AND ');
	const detail = `${child.stream}.${from.map((c) => c.name).join(', ')} values missing from ${parent.stream}`;
	return {
		kind: 'orphaned_references',
		stream: child.stream,
		detail,
		weight: evidence ? 3 : 1,
		evidence,
		render: (p) =>
			`SELECT ${p.text('orphaned_references')} AS check_name, ${p.text(child.stream)} AS table_name, count(*)::bigint AS violations, ${p.text(detail)} AS detail FROM ${child.sql} AS c WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${parent.sql} AS p WHERE ${join})`,
	};
}

function nullCheck(t: TableCtx, col: ColumnCtx, baseline: number, evidence?: string): Check {
	const threshold = Math.min(0.99, Math.max(baseline * 2, baseline + 0.05));
	const detail = `${t.stream}.${col.name} null rate above ${pct(threshold)} (profiled ${pct(baseline)})`;
	return {
		kind: 'null_spike',
		stream: t.stream,
		detail,
		weight: evidence ? 2 : 0.5,
		evidence,
		render: (p) =>
			`SELECT ${p.text('null_spike')} AS check_name, ${p.text(t.stream)} AS table_name, CASE WHEN count(*) > 0 AND (count(*) FILTER (WHERE ${col.sql} IS NULL))::numeric / count(*) > ${p.numeric(threshold)} THEN count(*) FILTER (WHERE ${col.sql} IS NULL) ELSE 0 END::bigint AS violations, ${p.text(detail)} AS detail FROM ${t.sql}`,
	};
}

/** Read-only checks for the data's keys, relationships and profiled null rates, strongest evidence first. */
export function collectChecks(ctx: DataContext): Check[] {
	const checks: Check[] = [];
	const issues = ctx.qualityIssues;
	for (const t of ctx.tables) {
		if (!t.primaryKey.length) continue;
		const issue = issues.find((i) => i.kind === 'duplicate_keys' && i.stream === t.stream);
		checks.push(duplicateCheck(t, issue?.evidence));
	}
	for (const fk of ctx.foreignKeys) {
		const child = ctx.table(fk.fromStream);
		const parent = ctx.table(fk.toStream);
		if (!child || !parent) continue;
		const from = fk.fromColumns.map((c) => child.columns.find((x) => x.name === c));
		const to = fk.toColumns.map((c) => parent.columns.find((x) => x.name === c));
		if (from.some((c) => !c) || to.some((c) => !c) || from.length !== to.length) continue;
		const issue = issues.find((i) => i.kind === 'orphaned_references' && i.stream === fk.fromStream && (i.toStream === undefined || i.toStream === fk.toStream));
		checks.push(orphanCheck(child, parent, from as ColumnCtx[], to as ColumnCtx[], issue?.evidence));
	}
	for (const t of ctx.tables) {
		for (const col of t.columns) {
			const issue = issues.find((i) => i.kind === 'unexpected_nulls' && i.stream === t.stream && i.columns.includes(col.name));
			const baseline = issue?.rate ?? col.stats?.nullRate;
			if (baseline === undefined || baseline >= 0.5) continue;
			if (!issue && !(col.roles.has('key') || col.roles.has('money') || col.roles.has('time'))) continue;
			checks.push(nullCheck(t, col, baseline, issue?.evidence));
		}
	}
	return checks.sort((a, b) => b.weight - a.weight).slice(0, MAX_CHECKS);
}

export const dataQualityMonitor: Recipe = {
	id: 'data_quality_monitor',
	title: 'Data-quality monitor',
	requires: 'primary keys, verified relationships or data-quality issues found by the analysis',
	offer(ctx: DataContext, options: SuggestOptions): Offer[] {
		const checks = collectChecks(ctx);
		if (!checks.length) return [];
		const found = checks.filter((c) => c.evidence);
		const counts = (k: Check['kind']) => checks.filter((c) => c.kind === k).length;
		const why = [
			...found.slice(0, 4).map((c) => `The analysis found: ${c.evidence}`),
			`${counts('duplicate_keys')} primary-key uniqueness checks, ${counts('orphaned_references')} relationship checks (verified in the sample) and ${counts('null_spike')} null-rate checks against the profiled baseline: each would break upserts, joins or KPIs silently if a sync delivered bad data.`,
		];
		const params = new SqlParams();
		const query = `SELECT check_name, table_name, violations, detail FROM (\n${checks.map((c) => c.render(params)).join('\nUNION ALL\n')}\n) AS checks WHERE violations > 0 ORDER BY violations DESC`;
		const schedule = perSyncSchedule(ctx);
		const name = buildWorkflowSpecName('Data-quality monitor');
		const streams = [...new Set(checks.map((c) => c.stream))];
		return [
			{
				recipe: 'data_quality_monitor',
				key: 'all',
				title: 'Monitor data quality after syncs (duplicates, orphans, null spikes)',
				why,
				trigger: `Schedule: ${describeSchedule(schedule)} (once per sync interval)`,
				steps: [
					`Postgres runs ${checks.length} read-only checks in one query (only failing checks return rows)`,
					'If any check has violations',
					`Send the list of failing checks to ${alertWhere(options)}`,
				],
				score: Math.min(0.95, 0.7 + found.length * 0.05),
				uses: streams.map((stream) => ({ stream })),
				graph: {
					name,
					description: why.join(' '),
					note: `## ${name}\nRuns ${checks.length} read-only checks on the modelled tables: duplicate primary keys, references to missing parent rows (orphans) and null rates above the profiled baseline. Only failing checks return rows; those are sent as one alert.\n\nSet the Postgres credential (read access is enough) and the alert destination.`,
					steps: [
						{ kind: 'scheduleTrigger', name: 'Schedule', parameters: scheduleParameters(schedule) },
						{ kind: 'postgres', name: 'Run data-quality checks', parameters: postgresQueryParameters(query, params.values) },
						{ kind: 'if', name: 'Any violations?', parameters: ifParameters('={{ Number($json.violations) }}', 'gt', 0) },
						alertStep(
							options,
							'Data-quality checks failed',
							`=:mag: Data-quality checks failed:\n${listExpression("'• ' + i.json.detail + ' — ' + i.json.violations + ' rows'")}`,
							true,
						),
					],
					edges: [
						{ from: 'Schedule', to: 'Run data-quality checks' },
						{ from: 'Run data-quality checks', to: 'Any violations?' },
						{ from: 'Any violations?', to: 'Send alert', output: 0 },
					],
				},
			},
		];
	},
};
