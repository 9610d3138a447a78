import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AirbyteClient } from '../../../../lib/airbyte/client';
import { isAirbyteApiError } from '../../../../lib/airbyte/errors';
import { settle } from '../../../../lib/airbyte/retry';
import type { JobResponse, JobType } from '../../../../lib/airbyte/types';
import { getId } from '../../helpers/utils';
import { connectionLocator } from '../common.descriptions';
import type { AirbyteOperation } from '../node.type';
import { jobOutput, waitAndReport, waitOptions, waitParameters } from './job.shared';

const showWhenWaiting = { show: { waitForCompletion: [true] } };

export const description: INodeProperties[] = [
	connectionLocator,
	{
		displayName: 'Job Type',
		name: 'jobType',
		type: 'options',
		options: [
			{ name: 'Sync', value: 'sync', description: 'Sync new data' },
			{ name: 'Reset', value: 'reset', description: 'Reset the destination data (deprecated in favour of Clear)' },
			{ name: 'Clear', value: 'clear', description: 'Clear the destination data and state' },
		],
		default: 'sync',
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description: 'Whether to wait until the job finishes (polling) or return the started job at once',
	},
	...waitParameters.map((p) => ({ ...p, displayOptions: showWhenWaiting })),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...waitOptions.map((p) => ({ ...p, displayOptions: { show: { '/waitForCompletion': [true] } } })),
			{
				displayName: 'If a Sync Is Already Running',
				name: 'ifRunning',
				type: 'options',
				options: [
					{ name: 'Use the Running Job', value: 'useRunning', description: 'Return (or wait for) the job already running' },
					{ name: 'Fail', value: 'fail', description: 'Fail with Airbyte\'s "sync already running" error' },
				],
				default: 'useRunning',
			},
		],
	},
];

async function findRunningJob(client: AirbyteClient, connectionId: string): Promise<JobResponse | undefined> {
	const jobs = await client.listJobs({ connectionId, orderBy: 'createdAt|DESC' }, { max: 20 });
	return jobs.find((job) => job.status === 'running' || job.status === 'pending' || job.status === 'queued');
}

export async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
	const connectionId = getId(this, 'connectionId', i);
	const jobType = this.getNodeParameter('jobType', i, 'sync') as JobType;
	const wait = this.getNodeParameter('waitForCompletion', i, true) as boolean;
	const { ifRunning = 'useRunning' } = this.getNodeParameter('options', i, {}) as { ifRunning?: string };

	const started = await settle(client.createJob(connectionId, jobType));
	let job: JobResponse;
	let alreadyRunning = false;
	if (started.ok) {
		job = started.value;
	} else {
		const running =
			ifRunning === 'useRunning' && isAirbyteApiError(started.error, 'sync-already-running')
				? await findRunningJob(client, connectionId)
				: undefined;
		if (!running) throw started.error;
		job = running;
		alreadyRunning = true;
	}
	if (!wait) return jobOutput(job, { alreadyRunning });
	return await waitAndReport(this, client, job.jobId, i, { alreadyRunning });
}

export const operation: AirbyteOperation = { description, execute };
