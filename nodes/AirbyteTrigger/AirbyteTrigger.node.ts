import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { AirbyteClient } from '../../lib/airbyte/client';
import {
	initialPollState,
	pollWindowStart,
	selectNewJobEvents,
	type JobPollState,
} from '../../lib/airbyte/job-events';
import { settle } from '../../lib/airbyte/retry';
import { isTerminalJobStatus, type JobResponse, type JobStatus, type JobType, type ListJobsQuery } from '../../lib/airbyte/types';
import { connectionLocator, workspaceLocator } from '../Airbyte/actions/common.descriptions';
import { jobOutput } from '../Airbyte/actions/job/job.shared';
import { listSearch } from '../Airbyte/methods';
import { toNodeError } from '../Airbyte/helpers/utils';
import { createClient } from '../Airbyte/transport';

/** Upper bound on jobs read per poll (all finished within the overlap window). */
const MAX_JOBS_PER_POLL = 1000;

interface TriggerState {
	watchKey?: string;
	jobPoll?: JobPollState;
}

export class AirbyteTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Airbyte Trigger',
		name: 'airbyteTrigger',
		icon: { light: 'file:../Airbyte/airbyte.svg', dark: 'file:../Airbyte/airbyte.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"On job " + $parameter["events"].join(", ")}}',
		description: 'Starts the workflow when an Airbyte job of a connection or workspace succeeds, fails or is cancelled',
		defaults: { name: 'Airbyte Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'airbyteApi', required: true }],
		properties: [
			{
				displayName: 'Watch',
				name: 'watch',
				type: 'options',
				options: [
					{ name: 'Connection', value: 'connection', description: 'Jobs of one connection' },
					{ name: 'Workspace', value: 'workspace', description: 'Jobs of every connection in a workspace' },
				],
				default: 'connection',
			},
			{ ...connectionLocator, displayOptions: { show: { watch: ['connection'] } } },
			{ ...workspaceLocator, displayOptions: { show: { watch: ['workspace'] } } },
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'Job Cancelled', value: 'cancelled' },
					{ name: 'Job Failed', value: 'failed' },
					{ name: 'Job Succeeded', value: 'succeeded' },
				],
				default: ['succeeded', 'failed', 'cancelled'],
				required: true,
			},
			{
				displayName: 'Job Type',
				name: 'jobType',
				type: 'options',
				options: [
					{ name: 'Any', value: 'any' },
					{ name: 'Clear', value: 'clear' },
					{ name: 'Reset', value: 'reset' },
					{ name: 'Sync', value: 'sync' },
				],
				default: 'sync',
			},
		],
	};

	methods = { listSearch };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const watch = this.getNodeParameter('watch', 'connection') as 'connection' | 'workspace';
		const target = String(
			this.getNodeParameter(watch === 'connection' ? 'connectionId' : 'workspaceId', '', { extractValue: true }) ?? '',
		).trim();
		const statuses = this.getNodeParameter('events', []) as JobStatus[];
		const jobType = this.getNodeParameter('jobType', 'sync') as JobType | 'any';
		const query: Omit<ListJobsQuery, 'limit' | 'offset'> = {
			...(watch === 'connection' ? { connectionId: target } : { workspaceIds: [target] }),
			...(jobType !== 'any' ? { jobType } : {}),
		};

		const outcome = await settle(pollJobs(this, query, statuses, `${watch}:${target}:${jobType}`));
		if (!outcome.ok) throw toNodeError(this, outcome.error);
		const jobs = outcome.value;
		if (jobs.length === 0) return null;
		return [jobs.map((job) => ({ json: jobOutput(job) as IDataObject }))];
	}
}

async function pollJobs(
	ctx: IPollFunctions,
	query: Omit<ListJobsQuery, 'limit' | 'offset'>,
	statuses: JobStatus[],
	watchKey: string,
): Promise<JobResponse[]> {
	const client: AirbyteClient = await createClient(ctx);
	const now = Date.now();
	if (ctx.getMode() === 'manual') {
		// A manual test run shows the latest matching finished job, and leaves the poll state untouched.
		const recent = await client.listJobs({ ...query, orderBy: 'updatedAt|DESC' }, { max: 100 });
		const latest = recent.find((job) => isTerminalJobStatus(job.status) && statuses.includes(job.status));
		return latest ? [latest] : [];
	}
	const state = ctx.getWorkflowStaticData('node') as TriggerState;
	if (!state.jobPoll || state.watchKey !== watchKey) {
		// First poll after activation: start from now, so past jobs do not fire.
		const fresh = initialPollState(now);
		const recent = await client.listJobs(
			{ ...query, updatedAtStart: pollWindowStart(fresh), orderBy: 'updatedAt|ASC' },
			{ max: MAX_JOBS_PER_POLL },
		);
		state.jobPoll = initialPollState(now, recent);
		state.watchKey = watchKey;
		return [];
	}
	const jobs = await client.listJobs(
		{ ...query, updatedAtStart: pollWindowStart(state.jobPoll), orderBy: 'updatedAt|ASC' },
		{ max: MAX_JOBS_PER_POLL },
	);
	const result = selectNewJobEvents(jobs, state.jobPoll, statuses, now);
	state.jobPoll = result.state;
	return result.events;
}
