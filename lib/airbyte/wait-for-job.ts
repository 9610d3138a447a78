// Polls a job until it reaches a terminal status, within a bound, honouring the abort signal.
// Progress comes from the Config API's sync_progress when asked for; if that call is unavailable
// (e.g. Cloud rejects the token there) the wait goes on and the reason is reported in the result.
import type { AirbyteClient } from './client';
import type { ConnectionSyncProgressRead } from './config-api';
import { AirbyteWaitTimeoutError, describeAirbyteError } from './errors';
import { abortableSleep, settle, throwIfAborted } from './retry';
import { isTerminalJobStatus, type JobResponse } from './types';

export interface WaitForJobOptions {
	pollIntervalMs?: number;
	maxWaitMs: number;
	/** Read per-stream progress from the Config API on every poll. */
	withProgress?: boolean;
	onPoll?: (state: { job: JobResponse; progress?: ConnectionSyncProgressRead; elapsedMs: number }) => void;
}

export interface WaitForJobResult {
	job: JobResponse;
	polls: number;
	waitedMs: number;
	progress?: ConnectionSyncProgressRead;
	progressError?: string;
}

export const DEFAULT_POLL_INTERVAL_MS = 5_000;

export async function waitForJob(
	client: AirbyteClient,
	jobId: number | string,
	options: WaitForJobOptions,
): Promise<WaitForJobResult> {
	const interval = Math.max(1, options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
	const startedAt = client.now();
	let polls = 0;
	let progress: ConnectionSyncProgressRead | undefined;
	let progressError: string | undefined;
	for (;;) {
		const job = await client.getJob(jobId);
		polls++;
		if (options.withProgress) {
			const outcome = await settle(client.getSyncProgress(job.connectionId));
			throwIfAborted(client.abortSignal);
			if (outcome.ok) {
				// Airbyte reports no streams once the job is over: keep the last progress seen while it ran.
				if (outcome.value.streams.length > 0 || !progress) progress = outcome.value;
				progressError = undefined;
			} else {
				progressError = describeAirbyteError(outcome.error).message;
			}
		}
		const elapsedMs = client.now() - startedAt;
		options.onPoll?.({ job, progress, elapsedMs });
		if (isTerminalJobStatus(job.status)) return { job, polls, waitedMs: elapsedMs, progress, progressError };
		const remaining = options.maxWaitMs - elapsedMs;
		if (remaining <= 0) {
			throw new AirbyteWaitTimeoutError(
				`Airbyte job ${job.jobId} was still ${job.status} after ${Math.round(elapsedMs / 1000)} s (max wait ${Math.round(options.maxWaitMs / 1000)} s)`,
				job.status,
				elapsedMs,
			);
		}
		await abortableSleep(client.sleep, Math.min(interval, remaining), client.abortSignal);
	}
}
