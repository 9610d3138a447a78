import type { INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../helpers/utils';
import type { AirbyteOperation } from '../node.type';
import * as list from './list.operation';

export const operations: Record<string, AirbyteOperation> = { list: list.operation };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['connectorDefinition'] } },
		options: [
			{
				name: 'List',
				value: 'list',
				description: 'List source or destination connector definitions',
				action: 'List connector definitions',
			},
		],
		default: 'list',
	},
	...forOperation('connectorDefinition', 'list', list.description),
];
