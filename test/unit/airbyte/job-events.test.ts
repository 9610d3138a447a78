import { durationSeconds, initialPollState, POLL_OVERLAP_MS, selectNewJobEvents } from '../../../lib/airbyte/job-events';
import type { JobResponse } from '../../../lib/airbyte/types';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const job = (jobId: number, status: JobResponse['status'], updated?: number): JobResponse => ({
	jobId,
	status,
	jobType: 'sync',
	connectionId: 'c',
	startTime: iso(T0 - 60_000),
	...(updated !== undefined ? { lastUpdatedAt: iso(updated) } : {}),
});

describe('selectNewJobEvents', () => {
	const all: JobResponse['status'][] = ['succeeded', 'failed', 'cancelled'];

	it('emits finished jobs with a wanted status, oldest first, and skips running ones', () => {
		const state = initialPollState(T0);
		const jobs = [job(3, 'failed', T0 + 3000), job(1, 'succeeded', T0 + 1000), job(2, 'running'), job(4, 'cancelled', T0 + 2000)];
		const { events } = selectNewJobEvents(jobs, state, ['succeeded', 'failed'], T0 + 5000);
		expect(events.map((j) => j.jobId)).toEqual([1, 3]);
	});

	it('emits each job once across overlapping polls', () => {
		let state = initialPollState(T0);
		const first = selectNewJobEvents([job(1, 'succeeded', T0 + 1000)], state, all, T0 + 2000);
		state = first.state;
		expect(first.events.map((j) => j.jobId)).toEqual([1]);
		const second = selectNewJobEvents([job(1, 'succeeded', T0 + 1000), job(2, 'failed', T0 + 1000)], state, all, T0 + 3000);
		expect(second.events.map((j) => j.jobId)).toEqual([2]);
		const third = selectNewJobEvents([job(1, 'succeeded', T0 + 1000), job(2, 'failed', T0 + 1000)], second.state, all, T0 + 4000);
		expect(third.events).toEqual([]);
	});

	it('moves the cursor to the latest finished job but never past now, and forgets IDs outside the overlap', () => {
		const state = { cursor: iso(T0), emitted: [99] };
		const { state: next } = selectNewJobEvents([job(1, 'succeeded', T0 + POLL_OVERLAP_MS * 3)], state, all, T0 + POLL_OVERLAP_MS * 2);
		expect(next.cursor).toBe(iso(T0 + POLL_OVERLAP_MS * 2));
		expect(next.emitted).toEqual([1]);
	});

	it('a job that is emitted while running later emits once when it finishes', () => {
		let state = initialPollState(T0);
		const a = selectNewJobEvents([job(1, 'running')], state, all, T0 + 1000);
		expect(a.events).toEqual([]);
		state = a.state;
		const b = selectNewJobEvents([job(1, 'succeeded', T0 + 5000)], state, all, T0 + 6000);
		expect(b.events.map((j) => j.jobId)).toEqual([1]);
	});
});

describe('durationSeconds', () => {
	it.each([
		['PT1M12S', 72],
		['PT8H6M12S', 29172],
		['P1DT1S', 86401],
		['PT0.5S', 0.5],
	])('%s = %d s', (text, seconds) => expect(durationSeconds(text)).toBe(seconds));
	it('is undefined for absent or malformed values', () => {
		expect(durationSeconds(undefined)).toBeUndefined();
		expect(durationSeconds('72 seconds')).toBeUndefined();
	});
});

describe('initialPollState', () => {
	it('marks jobs that finished before activation as seen, so they never fire', () => {
		const state = initialPollState(T0, [job(1, 'succeeded', T0 - 60_000), job(2, 'running')]);
		expect(state.emitted).toEqual([1]);
		const { events } = selectNewJobEvents(
			[job(1, 'succeeded', T0 - 60_000), job(2, 'succeeded', T0 + 1000)],
			state,
			['succeeded'],
			T0 + 2000,
		);
		expect(events.map((j) => j.jobId)).toEqual([2]);
	});
});
