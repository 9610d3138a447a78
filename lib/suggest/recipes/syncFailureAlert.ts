import type { DataContext } from '../context';
import { buildWorkflowSpecName } from './naming';
import { airbyteTriggerParameters } from '../workflow/nodes';
import { alertStep, alertWhere, fmt } from './common';
import type { Offer, Recipe, SuggestOptions } from './types';

function evidence(ctx: DataContext): { why: string[]; score: number } | undefined {
	const jobs = ctx.jobs.filter((j) => j.status !== 'running' && j.status !== 'pending');
	const failed = jobs.filter((j) => j.status === 'failed' || j.status === 'cancelled' || j.status === 'incomplete');
	const why: string[] = [];
	if (jobs.length) {
		why.push(
			failed.length
				? `${failed.length} of the last ${jobs.length} syncs did not succeed (jobs ${failed.slice(0, 5).map((j) => j.jobId).join(', ')}).`
				: `All ${jobs.length} recent syncs succeeded; this catches the first one that does not.`,
		);
	}
	const streams = ctx.sync?.streams.length ?? ctx.tables.length;
	if (ctx.sync?.cron) why.push(`The production connection syncs ${streams} streams on the schedule ${ctx.sync.cron}; a failed run silently leaves every table behind until someone looks.`);
	else if (ctx.sync || ctx.jobs.length) why.push(`The production connection syncs ${streams} streams; a failed run silently leaves every table behind.`);
	if (!why.length) return undefined;
	const failRate = jobs.length ? failed.length / jobs.length : 0;
	return { why, score: Math.min(1, 0.82 + failRate * 0.6 + (failed.length ? 0.05 : 0)) };
}

/** What a webhook alert carries, read from the Airbyte Trigger's job item. */
const FAILURE_FIELDS = {
	event: 'airbyte_sync_failed',
	error: "={{ 'Airbyte ' + $json.jobType + ' job ' + $json.jobId + ' ended with status ' + $json.status }}",
	status: '={{ $json.status }}',
	connectionId: '={{ $json.connectionId }}',
	jobId: '={{ $json.jobId }}',
	jobType: '={{ $json.jobType }}',
	startTime: '={{ $json.startTime }}',
	lastUpdatedAt: '={{ $json.lastUpdatedAt }}',
	duration: '={{ $json.duration }}',
	rowsSynced: '={{ $json.rowsSynced }}',
};

export const syncFailureAlert: Recipe = {
	id: 'sync_failure_alert',
	title: 'Sync failure alert',
	requires: 'a production Airbyte connection (a sync plan or job history)',
	offer(ctx: DataContext, options: SuggestOptions): Offer[] {
		const ev = evidence(ctx);
		if (!ev) return [];
		const durations = ctx.jobs.map((j) => j.durationSeconds).filter((d): d is number => d !== undefined);
		if (durations.length) ev.why.push(`Recent syncs took ${fmt(Math.min(...durations))}–${fmt(Math.max(...durations))} s.`);
		const name = buildWorkflowSpecName('Airbyte sync failure alert');
		return [
			{
				recipe: 'sync_failure_alert',
				key: 'connection',
				title: 'Alert when an Airbyte sync fails',
				why: ev.why,
				trigger: 'Airbyte Trigger: a job of the production connection failed or was cancelled',
				steps: ['Airbyte Trigger emits each failed or cancelled job once, with its stats', `Send the job id, status and duration to ${alertWhere(options)}`],
				score: ev.score,
				uses: [],
				graph: {
					name,
					description: ev.why.join(' '),
					note: `## ${name}\nThe Airbyte Trigger polls the production connection and emits every job that **failed** or was **cancelled**, once. The alert carries the job id, status and duration.\n\nSet the Airbyte credential and connection, then the alert destination. Why: ${ev.why[0]}`,
					steps: [
						{ kind: 'airbyteTrigger', name: 'Airbyte sync failed', parameters: airbyteTriggerParameters(options.connectionId, ['failed', 'cancelled']) },
						alertStep(
							options,
							'Airbyte sync failed',
							'=:rotating_light: Airbyte sync {{ $json.status }} — job {{ $json.jobId }} of connection {{ $json.connectionId }} (started {{ $json.startTime }}, duration {{ $json.duration }}). Tables stay at their previous state until the next successful sync.',
							false,
							undefined,
							FAILURE_FIELDS,
						),
					],
					edges: [{ from: 'Airbyte sync failed', to: 'Send alert' }],
				},
			},
		];
	},
};
