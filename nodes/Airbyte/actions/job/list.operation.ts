import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AirbyteClient } from '../../../../lib/airbyte/client';
import type { JobStatus, JobType, ListJobsQuery } from '../../../../lib/airbyte/types';
import { returnAllOptions } from '../common.descriptions';
import { idList, listMax } from '../list.helpers';
import type { AirbyteOperation } from '../node.type';
import { jobOutput } from './job.shared';

export const description: INodeProperties[] = [
	...returnAllOptions,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Connection ID', name: 'connectionId', type: 'string', default: '' },
			{ displayName: 'Created After', name: 'createdAtStart', type: 'dateTime', default: '' },
			{ displayName: 'Created Before', name: 'createdAtEnd', type: 'dateTime', default: '' },
			{
				displayName: 'Job Type',
				name: 'jobType',
				type: 'options',
				options: [
					{ name: 'Clear', value: 'clear' },
					{ name: 'Refresh', value: 'refresh' },
					{ name: 'Reset', value: 'reset' },
					{ name: 'Sync', value: 'sync' },
				],
				default: 'sync',
			},
			{
				displayName: 'Order By',
				name: 'orderBy',
				type: 'options',
				options: [
					{ name: 'Created (Newest First)', value: 'createdAt|DESC' },
					{ name: 'Created (Oldest First)', value: 'createdAt|ASC' },
					{ name: 'Updated (Newest First)', value: 'updatedAt|DESC' },
					{ name: 'Updated (Oldest First)', value: 'updatedAt|ASC' },
				],
				default: 'updatedAt|DESC',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Cancelled', value: 'cancelled' },
					{ name: 'Failed', value: 'failed' },
					{ name: 'Incomplete', value: 'incomplete' },
					{ name: 'Pending', value: 'pending' },
					{ name: 'Running', value: 'running' },
					{ name: 'Succeeded', value: 'succeeded' },
				],
				default: 'succeeded',
			},
			{ displayName: 'Updated After', name: 'updatedAtStart', type: 'dateTime', default: '' },
			{ displayName: 'Updated Before', name: 'updatedAtEnd', type: 'dateTime', default: '' },
			{
				displayName: 'Workspace IDs',
				name: 'workspaceIds',
				type: 'string',
				default: '',
				description: 'Comma-separated workspace IDs',
			},
		],
	},
];

function isoOrUndefined(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const time = Date.parse(value);
	return Number.isNaN(time) ? value : new Date(time).toISOString();
}

export async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
	const filters = this.getNodeParameter('filters', i, {}) as Record<string, string | undefined>;
	const query: Omit<ListJobsQuery, 'limit' | 'offset'> = {
		connectionId: filters.connectionId?.trim() || undefined,
		workspaceIds: idList(filters.workspaceIds),
		jobType: (filters.jobType as JobType) || undefined,
		status: (filters.status as JobStatus) || undefined,
		createdAtStart: isoOrUndefined(filters.createdAtStart),
		createdAtEnd: isoOrUndefined(filters.createdAtEnd),
		updatedAtStart: isoOrUndefined(filters.updatedAtStart),
		updatedAtEnd: isoOrUndefined(filters.updatedAtEnd),
		orderBy: filters.orderBy || undefined,
	};
	const jobs = await client.listJobs(query, { max: listMax(this, i) });
	return jobs.map((job) => jobOutput(job));
}

export const operation: AirbyteOperation = { description, execute };
