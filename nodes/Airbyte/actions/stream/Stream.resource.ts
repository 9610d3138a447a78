import type { INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../helpers/utils';
import type { AirbyteOperation } from '../node.type';
import * as discoverCatalog from './discoverCatalog.operation';
import * as listProperties from './listProperties.operation';

export const operations: Record<string, AirbyteOperation> = {
	discoverCatalog: discoverCatalog.operation,
	listProperties: listProperties.operation,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['stream'] } },
		options: [
			{
				name: 'Discover Catalog',
				value: 'discoverCatalog',
				description: 'Get the source catalog with the JSON schema of every stream',
				action: 'Discover the catalog of a source',
			},
			{
				name: 'List Properties',
				value: 'listProperties',
				description: 'List the streams of a source with their fields, sync modes, cursors and keys',
				action: 'List stream properties',
			},
		],
		default: 'listProperties',
	},
	...Object.entries(operations).flatMap(([operation, op]) => forOperation('stream', operation, op.description)),
];
