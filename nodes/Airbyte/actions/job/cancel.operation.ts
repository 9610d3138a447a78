import type { IExecuteFunctions } from 'n8n-workflow';

import type { AirbyteClient } from '../../../../lib/airbyte/client';
import { isAirbyteApiError } from '../../../../lib/airbyte/errors';
import { settle } from '../../../../lib/airbyte/retry';
import type { AirbyteOperation } from '../node.type';
import { getJobId, jobIdParameter, jobOutput } from './job.shared';

export const description = [jobIdParameter];

/** Cancelling a job that already finished is an expected outcome: it returns the job, not an error. */
export async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
	const jobId = getJobId(this, i);
	const cancelled = await settle(client.cancelJob(jobId));
	if (cancelled.ok) return jobOutput(cancelled.value, { cancelRequested: true });
	if (!isAirbyteApiError(cancelled.error, 'job-not-running')) throw cancelled.error;
	const job = await client.getJob(jobId);
	return jobOutput(job, { cancelRequested: false, message: 'Job is not currently running' });
}

export const operation: AirbyteOperation = { description, execute };
