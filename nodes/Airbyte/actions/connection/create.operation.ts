import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AirbyteClient } from '../../../../lib/airbyte/client';
import type { ConnectionCreateRequest } from '../../../../lib/airbyte/types';
import { getId } from '../../helpers/utils';
import { destinationLocator, sourceLocator } from '../common.descriptions';
import type { AirbyteOperation } from '../node.type';
import { connectionBody, connectionSettings } from './connection.fields';

export const description: INodeProperties[] = [
	sourceLocator,
	destinationLocator,
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Name of the connection (Airbyte names it after the source and destination when empty)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: connectionSettings,
	},
];

export async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
	const name = String(this.getNodeParameter('name', i, '')).trim();
	const request = {
		sourceId: getId(this, 'sourceId', i),
		destinationId: getId(this, 'destinationId', i),
		...(name ? { name } : {}),
		...connectionBody(this, 'options', i),
	} as ConnectionCreateRequest;
	return await client.createConnection(request);
}

export const operation: AirbyteOperation = { description, execute };
