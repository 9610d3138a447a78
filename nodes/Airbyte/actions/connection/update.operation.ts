import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AirbyteClient } from '../../../../lib/airbyte/client';
import type { ConnectionPatchRequest } from '../../../../lib/airbyte/types';
import { getId } from '../../helpers/utils';
import { connectionLocator } from '../common.descriptions';
import type { AirbyteOperation } from '../node.type';
import { connectionBody, connectionSettings } from './connection.fields';

export const description: INodeProperties[] = [
	connectionLocator,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [{ displayName: 'Name', name: 'name', type: 'string', default: '' }, ...connectionSettings],
	},
];

export async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
	const connectionId = getId(this, 'connectionId', i);
	const patch = connectionBody(this, 'updateFields', i) as ConnectionPatchRequest;
	if (Object.keys(patch).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Nothing to update', {
			itemIndex: i,
			description: 'Add at least one field under "Update Fields".',
		});
	}
	return await client.updateConnection(connectionId, patch);
}

export const operation: AirbyteOperation = { description, execute };
