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
				displayName: 'Workspace IDs',
				name: 'workspaceIds',
				type: 'string',
				default: '',
				description: 'Comma-separated workspace IDs to return',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
	const filters = this.getNodeParameter('filters', i, {}) as { includeDeleted?: boolean; workspaceIds?: string };
	const workspaces = await client.listWorkspaces(
		{ includeDeleted: filters.includeDeleted, workspaceIds: idList(filters.workspaceIds) },
		{ max: listMax(this, i) },
	);
	return workspaces;
}

export const operation: AirbyteOperation = { description, execute };
