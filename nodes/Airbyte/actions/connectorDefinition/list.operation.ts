import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AirbyteClient } from '../../../../lib/airbyte/client';
import type { ConnectorType } from '../../../../lib/airbyte/types';
import { optional, returnAllOptions, workspaceLocator } from '../common.descriptions';
import { listMax } from '../list.helpers';
import type { AirbyteOperation } from '../node.type';

export const description: INodeProperties[] = [
	{
		displayName: 'Connector Type',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'Source', value: 'source' },
			{ name: 'Destination', value: 'destination' },
		],
		default: 'source',
	},
	optional(workspaceLocator, 'List the definitions available in this workspace (includes custom connectors)'),
	...returnAllOptions,
];

export async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
	const type = this.getNodeParameter('type', i, 'source') as ConnectorType;
	const workspaceId = String(this.getNodeParameter('workspaceId', i, '', { extractValue: true }) ?? '').trim();
	const definitions = await client.listConnectorDefinitions(type, workspaceId || undefined);
	const max = listMax(this, i);
	return max === undefined ? definitions : definitions.slice(0, max);
}

export const operation: AirbyteOperation = { description, execute };
