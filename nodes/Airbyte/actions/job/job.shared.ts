// Parameters and output shaping shared by the job operations that wait for a job to finish.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AirbyteClient } from '../../../../lib/airbyte/client';
import { durationSeconds } from '../../../../lib/airbyte/job-events';
import type { JobResponse } from '../../../../lib/airbyte/types';
import { waitForJob } from '../../../../lib/airbyte/wait-for-job';

export const jobIdParameter: INodeProperties = {
	displayName: 'Job ID',
	name: 'jobId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '1234',
	description: 'The numeric ID of the Airbyte job',
};

export const waitParameters: INodeProperties[] = [
	{
		displayName: 'Max Wait (Seconds)',
		name: 'maxWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 240,
		description:
			'Stop waiting with an error after this long (the job keeps running in Airbyte). n8n Cloud ends executions after 300 seconds.',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 10,
		description: 'How often to check the job status',
	},
];

export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Error If Job Fails',
		name: 'errorOnJobFailure',
		type: 'boolean',
		default: true,
		description: 'Whether the node fails when the job ends failed or cancelled (otherwise the job is returned with its status)',
	},
	{
		displayName: 'Include Progress',
		name: 'includeProgress',
		type: 'boolean',
		default: true,
		description: 'Whether to read per-stream progress from Airbyte\'s Config API while waiting',
	},
];

export function getJobId(ctx: IExecuteFunctions, i: number): string {
	const raw = String(ctx.getNodeParameter('jobId', i, '') ?? '').trim();
	if (!/^\d+$/.test(raw)) {
		throw new NodeOperationError(ctx.getNode(), `"${raw}" is not an Airbyte job ID`, {
			itemIndex: i,
			description: 'Job IDs are whole numbers, e.g. the "jobId" of Job > Trigger Sync or Job > List.',
		});
	}
	return raw;
}

export function jobOutput(job: JobResponse, extra: IDataObject = {}): IDataObject {
	const seconds = durationSeconds(job.duration);
	return { ...job, ...(seconds !== undefined ? { durationSeconds: seconds } : {}), ...extra } as IDataObject;
}

/** Waits for the job per the item's wait parameters and returns the output item. */
export async function waitAndReport(
	ctx: IExecuteFunctions,
	client: AirbyteClient,
	jobId: number | string,
	i: number,
	extra: IDataObject = {},
): Promise<IDataObject> {
	const maxWaitSeconds = ctx.getNodeParameter('maxWaitSeconds', i, 240) as number;
	const pollIntervalSeconds = ctx.getNodeParameter('pollIntervalSeconds', i, 10) as number;
	const options = ctx.getNodeParameter('options', i, {}) as { errorOnJobFailure?: boolean; includeProgress?: boolean };
	const result = await waitForJob(client, jobId, {
		maxWaitMs: Math.max(1, maxWaitSeconds) * 1000,
		pollIntervalMs: Math.max(1, pollIntervalSeconds) * 1000,
		withProgress: options.includeProgress ?? true,
	});
	const { job } = result;
	if ((options.errorOnJobFailure ?? true) && job.status !== 'succeeded') {
		throw new NodeOperationError(ctx.getNode(), `Airbyte job ${job.jobId} ended ${job.status}`, {
			itemIndex: i,
			description:
				job.status === 'cancelled'
					? 'The job was cancelled in Airbyte. Start a new sync, or turn off "Error If Job Fails" to continue with the job\'s status.'
					: 'Open the job in Airbyte to read its logs. Turn off "Error If Job Fails" to continue with the job\'s status.',
		});
	}
	return jobOutput(job, {
		...extra,
		wait: { polls: result.polls, waitedSeconds: Math.round(result.waitedMs / 100) / 10 },
		...(result.progress ? { progress: result.progress as unknown as IDataObject } : {}),
		...(result.progressError ? { progressError: result.progressError } : {}),
	});
}
