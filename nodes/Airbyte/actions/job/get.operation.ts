import type { IExecuteFunctions } from 'n8n-workflow';

import type { AirbyteClient } from '../../../../lib/airbyte/client';
import type { AirbyteOperation } from '../node.type';
import { getJobId, jobIdParameter, jobOutput } from './job.shared';

export const description = [jobIdParameter];

export async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
	return jobOutput(await client.getJob(getJobId(this, i)));
}

export const operation: AirbyteOperation = { description, execute };
