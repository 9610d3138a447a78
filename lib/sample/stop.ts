// When a sample has seen enough. destination-postgres makes appended rows visible only at flushes
// (100k rows / 50 MB / end of stream), so "committed" rows are exactly the rows a read can see: once every
// selected stream has finished or has >= sampleSize committed rows, the rest of the sync is waste.
import type { SampleProgress, StopDecision, StreamProgress, StreamStopState } from './types';

export interface StopInput {
	streams: string[];
	sampleSize: number;
	progress: SampleProgress;
	/** The previous poll's progress, to see which streams stopped moving. */
	previous?: SampleProgress;
	elapsedMs: number;
	budgetMs: number;
	/** What earlier jobs of the same run achieved (streams rotated out of the connection keep their rows). */
	carried?: Record<string, { recordsCommitted: number; finished: boolean }>;
}

function byName(progress: SampleProgress | undefined): Map<string, StreamProgress> {
	return new Map((progress?.streams ?? []).map((s) => [s.name, s]));
}

/**
 * A stream counts as finished when the source says so, or when every row it emitted is committed and
 * nothing moved since the last poll: below the 100k-row flush threshold a commit happens at end of stream.
 * A stream that never emitted a row cannot be told apart from one not started yet, so it waits.
 */
function looksFinished(now: StreamProgress, before: StreamProgress | undefined, sampleSize: number): boolean {
	if (now.finished) return true;
	if (before === undefined || now.recordsEmitted === undefined) return false;
	return (
		now.recordsCommitted > 0 &&
		now.recordsCommitted < sampleSize &&
		now.recordsEmitted === now.recordsCommitted &&
		before.recordsEmitted === now.recordsEmitted &&
		before.recordsCommitted === now.recordsCommitted
	);
}

export function decideStop(input: StopInput): StopDecision {
	const status = input.progress.jobStatus;
	const succeeded = status === 'succeeded';
	const now = byName(input.progress);
	const before = byName(input.previous);
	const streams: StreamStopState[] = input.streams.map((name) => {
		const p = now.get(name);
		const carried = input.carried?.[name];
		const committed = Math.max(p?.recordsCommitted ?? 0, carried?.recordsCommitted ?? 0);
		const finished =
			succeeded || (carried?.finished ?? false) || (p !== undefined && looksFinished(p, before.get(name), input.sampleSize));
		return { name, recordsCommitted: committed, finished, satisfied: finished || committed >= input.sampleSize };
	});
	if (succeeded) return { action: 'done', reason: 'job_succeeded', streams };
	if (status === 'failed' || status === 'incomplete') return { action: 'done', reason: 'job_failed', streams };
	if (status === 'cancelled') return { action: 'done', reason: 'job_cancelled', streams };
	if (input.progress.perStreamAvailable && streams.every((s) => s.satisfied)) {
		return { action: 'cancel', reason: 'enough_rows', streams };
	}
	if (input.elapsedMs >= input.budgetMs) return { action: 'cancel', reason: 'budget_expired', streams };
	return { action: 'wait', reason: 'running', streams };
}

/**
 * Sources that read streams one after another spend the whole budget on a huge first stream. When every
 * stream still short of rows has not emitted anything yet and the sync is busy with a stream that already
 * has enough, the run restarts with only the pending streams. Those have no rows yet, so appending them in a
 * new job duplicates nothing. Returns the streams to keep, or undefined to carry on.
 */
export function rotationTargets(decision: StopDecision, progress: SampleProgress): string[] | undefined {
	if (decision.action !== 'wait' || !progress.perStreamAvailable) return undefined;
	const now = byName(progress);
	const pending = decision.streams.filter((s) => !s.satisfied);
	if (pending.length === 0) return undefined;
	const untouched = pending.every((s) => (now.get(s.name)?.recordsEmitted ?? 0) === 0 && (now.get(s.name)?.recordsCommitted ?? 0) === 0);
	// Busy means the current job is reading that stream now: a job started by an earlier rotation no longer
	// has the satisfied streams, and its pending streams simply have not started yet (rotating again would only
	// pay another job start-up).
	const busyElsewhere = decision.streams.some((s) => {
		const p = now.get(s.name);
		return s.satisfied && !s.finished && p !== undefined && (p.recordsEmitted ?? p.recordsCommitted) > 0;
	});
	return untouched && busyElsewhere ? pending.map((s) => s.name) : undefined;
}
