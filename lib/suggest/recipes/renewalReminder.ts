import type { ColumnCtx, DataContext, TableCtx } from '../context';
import { SqlParams, timeSql } from '../kpi';
import { ifParameters, postgresQueryParameters, scheduleParameters } from '../workflow/nodes';
import { alertStep, alertWhere } from './common';
import { buildWorkflowSpecName } from './naming';
import type { Offer, Recipe, SuggestOptions } from './types';

const ENDED = /^(cancel+ed|ended|expired|inactive|churned|terminated|closed|incomplete_expired)$/i;

function endColumn(t: TableCtx): ColumnCtx | undefined {
	const ends = t.columns.filter((c) => c.roles.has('end_date'));
	return ends.find((c) => /period_end|renew/i.test(c.name)) ?? ends.find((c) => /expir|end/i.test(c.name)) ?? ends[0];
}

export const renewalReminder: Recipe = {
	id: 'renewal_reminder',
	title: 'Renewal and churn reminders',
	requires: 'a subscription-like stream with a renewal/end date',
	offer(ctx: DataContext, options: SuggestOptions): Offer[] {
		const offers: Offer[] = [];
		for (const t of ctx.tables.filter((x) => x.entity === 'subscription')) {
			if (offers.length >= options.maxPerRecipe) break;
			const end = endColumn(t);
			if (!end) continue;
			const status = t.columns.find((c) => c.roles.has('status'));
			const ended = (status?.stats?.topValues ?? []).map((v) => v.value).filter((v) => ENDED.test(v));
			const params = new SqlParams();
			const days = params.add(options.renewalDays);
			const statusFilter = status && ended.length ? ` AND (${status.sql} IS NULL OR ${status.sql}::text NOT IN (${ended.map((v) => params.text(v)).join(', ')}))` : '';
			const related = ctx.foreignKeys.filter((f) => f.fromStream === t.stream).map((f) => ctx.table(f.toStream)).find((p) => p?.entity === 'person');
			const select = [
				t.primaryKey.length ? `concat_ws('/', ${t.primaryKey.map((c) => `${c.sql}::text`).join(', ')}) AS "record_key"` : `NULL::text AS "record_key"`,
				`${timeSql(end)} AS "ends_at"`,
				status ? `${status.sql}::text AS "status"` : `NULL::text AS "status"`,
				`${params.text(t.stream)} AS "table_name"`,
			];
			const query = `SELECT ${select.join(', ')} FROM ${t.sql} WHERE ${timeSql(end)} >= now() AND ${timeSql(end)} < now() + make_interval(days => ${days}::int)${statusFilter} ORDER BY ${timeSql(end)} LIMIT 200`;
			const why = [
				`${t.stream} looks like subscriptions (${t.stream}.${end.name} is a renewal/end date${status ? `, ${status.name} a status` : ''}).`,
				`A reminder ${options.renewalDays} days before ${end.name} gives account owners time to save a renewal${ended.length ? `; rows already ${ended.join('/')} are skipped` : ''}.`,
				...(related ? [`Each subscription links to ${related.stream}, so the reminder can be routed to the customer's owner.`] : []),
			];
			const name = buildWorkflowSpecName(`Renewal reminders: ${t.stream}`);
			offers.push({
				recipe: 'renewal_reminder',
				key: t.stream,
				title: `Remind ${options.renewalDays} days before ${t.stream} renew or end`,
				why,
				trigger: 'Schedule: every day at 09:00',
				steps: [`Postgres selects ${t.stream} whose ${end.name} falls in the next ${options.renewalDays} days`, 'If any', `Send one reminder per subscription to ${alertWhere(options)}`],
				score: 0.74,
				uses: [{ stream: t.stream, column: end.name }, ...(status ? [{ stream: t.stream, column: status.name }] : [])],
				graph: {
					name,
					description: why.join(' '),
					note: `## ${name}\nEvery morning, lists ${t.stream} whose **${end.name}** is within ${options.renewalDays} days${ended.length ? ` (skipping ${ended.join(', ')})` : ''} and sends one reminder each.\n\nSet the Postgres credential (read access is enough) and the destination.`,
					steps: [
						{ kind: 'scheduleTrigger', name: 'Schedule', parameters: scheduleParameters({ every: 'day', atHour: 9 }) },
						{ kind: 'postgres', name: 'Find upcoming renewals', parameters: postgresQueryParameters(query, params.values) },
						{ kind: 'if', name: 'Any due?', parameters: ifParameters('={{ $json.ends_at }}', 'exists', '', 'string') },
						alertStep(options, 'Upcoming renewal', '=:calendar: {{ $json.table_name }} #{{ $json.record_key }} ({{ $json.status ?? \'no status\' }}) renews or ends on {{ $json.ends_at }}.'),
					],
					edges: [
						{ from: 'Schedule', to: 'Find upcoming renewals' },
						{ from: 'Find upcoming renewals', to: 'Any due?' },
						{ from: 'Any due?', to: 'Send alert', output: 0 },
					],
				},
			});
		}
		return offers;
	},
};
