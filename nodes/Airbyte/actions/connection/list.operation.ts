import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AirbyteClient } from '../../../../lib/airbyte/client';
import { includeDeletedOption, returnAllOptions } from '../common.descriptions';
import { idList, listMax } from '../list.helpers';
import type { AirbyteOperation } from '../node.type';

export const description: INodeProperties[] = [
	...returnAllOptions,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			includeDeletedOption,
			{
				displayName: 'Tag IDs',
				name: 'tagIds',
				type: 'string',
				default: '',
				description: 'Comma-separated tag IDs',
			},
			{
				displayName: 'Workspace IDs',
				name: 'workspaceIds',
				type: 'string',
				default: '',
				description: 'Comma-separated workspace IDs to list connections from',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
	const filters = this.getNodeParameter('filters', i, {}) as {
		includeDeleted?: boolean;
		workspaceIds?: string;
		tagIds?: string;
	};
	return await client.listConnections(
		{ includeDeleted: filters.includeDeleted, workspaceIds: idList(filters.workspaceIds), tagIds: idList(filters.tagIds) },
		{ max: listMax(this, i) },
	);
}

export const operation: AirbyteOperation = { description, execute };
