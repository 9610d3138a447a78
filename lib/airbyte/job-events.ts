// Pure logic of the Airbyte Trigger: which finished jobs are new since the last poll. Each job is emitted
// once: the state keeps a time cursor plus the IDs already emitted near it (jobs can share a timestamp,
// and Airbyte's updatedAt filter is inclusive), so a job is never repeated nor skipped at the boundary.
import type { JobResponse, JobStatus } from './types';
import { isTerminalJobStatus } from './types';

export interface JobPollState {
	/** ISO time: jobs updated at or after (cursor - overlap) are fetched next time. */
	cursor: string;
	/** IDs of jobs already emitted whose update time is within the overlap window of the cursor. */
	emitted: number[];
}

/** Re-read this far back each poll, so jobs committed late or with a skewed clock are not missed. */
export const POLL_OVERLAP_MS = 10 * 60_000;

/**
 * The state at activation: the cursor at now, and every job already finished in the overlap window marked
 * as seen, so only jobs that finish after activation fire.
 */
export function initialPollState(now: number, recentJobs: JobResponse[] = []): JobPollState {
	const emitted = recentJobs.filter((job) => isTerminalJobStatus(job.status)).map((job) => job.jobId);
	return { cursor: new Date(now).toISOString(), emitted };
}

export function pollWindowStart(state: JobPollState): string {
	return new Date(Date.parse(state.cursor) - POLL_OVERLAP_MS).toISOString();
}

function jobTime(job: JobResponse): number {
	const time = Date.parse(job.lastUpdatedAt ?? job.startTime);
	return Number.isNaN(time) ? 0 : time;
}

export interface JobPollResult {
	events: JobResponse[];
	state: JobPollState;
}

/** Picks the finished jobs with a wanted status that were not emitted before, oldest first. */
export function selectNewJobEvents(jobs: JobResponse[], state: JobPollState, statuses: JobStatus[], now: number): JobPollResult {
	const seen = new Set(state.emitted);
	const events = jobs
		.filter((job) => isTerminalJobStatus(job.status) && statuses.includes(job.status) && !seen.has(job.jobId))
		.sort((a, b) => jobTime(a) - jobTime(b) || a.jobId - b.jobId);
	const finished = jobs.filter((job) => isTerminalJobStatus(job.status));
	const latest = Math.max(Date.parse(state.cursor), ...finished.map(jobTime));
	// Never move the cursor past "now": a job finishing in the same instant must still be seen.
	const cursorTime = Math.min(latest, now);
	const windowStart = cursorTime - POLL_OVERLAP_MS;
	const keep = new Map<number, number>();
	for (const job of jobs) if (seen.has(job.jobId)) keep.set(job.jobId, jobTime(job));
	for (const job of finished) keep.set(job.jobId, jobTime(job));
	const emitted = [...keep.entries()].filter(([, time]) => time >= windowStart).map(([id]) => id);
	return { events, state: { cursor: new Date(cursorTime).toISOString(), emitted } };
}

/** "PT1M12S" → 72 (seconds); undefined when absent or not an ISO-8601 duration. */
export function durationSeconds(duration: string | undefined): number | undefined {
	if (!duration) return undefined;
	const match = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
	if (!match) return undefined;
	const [, d, h, m, s] = match.map((part) => (part === undefined ? 0 : Number(part)));
	return Math.round((d * 86_400 + h * 3_600 + m * 60 + s) * 1000) / 1000;
}
