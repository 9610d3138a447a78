import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AirbyteClient } from '../../../../lib/airbyte/client';
import type { AirbyteOperation } from '../node.type';
import { getJobId, jobIdParameter, waitAndReport, waitOptions, waitParameters } from './job.shared';

export const description: INodeProperties[] = [
	jobIdParameter,
	...waitParameters,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: waitOptions,
	},
];

export async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
	return await waitAndReport(this, client, getJobId(this, i), i);
}

export const operation: AirbyteOperation = { description, execute };
