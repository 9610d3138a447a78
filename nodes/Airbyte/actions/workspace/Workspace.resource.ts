import type { INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../helpers/utils';
import type { AirbyteOperation } from '../node.type';
import * as get from './get.operation';
import * as list from './list.operation';

export const operations: Record<string, AirbyteOperation> = { get: get.operation, list: list.operation };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workspace'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a workspace', action: 'Get a workspace' },
			{ name: 'List', value: 'list', description: 'List workspaces', action: 'List workspaces' },
		],
		default: 'list',
	},
	...forOperation('workspace', 'get', get.description),
	...forOperation('workspace', 'list', list.description),
];
