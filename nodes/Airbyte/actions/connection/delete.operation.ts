import type { IExecuteFunctions } from 'n8n-workflow';

import type { AirbyteClient } from '../../../../lib/airbyte/client';
import { getId } from '../../helpers/utils';
import { connectionLocator } from '../common.descriptions';
import type { AirbyteOperation } from '../node.type';

export const description = [
	{
		...connectionLocator,
		description: 'Airbyte soft-deletes the connection (status deprecated) and keeps the destination tables',
	},
];

export async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
	const connectionId = getId(this, 'connectionId', i);
	await client.deleteConnection(connectionId);
	return { connectionId, deleted: true };
}

export const operation: AirbyteOperation = { description, execute };
