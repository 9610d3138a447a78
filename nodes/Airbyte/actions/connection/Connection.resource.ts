import type { INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../helpers/utils';
import type { AirbyteOperation } from '../node.type';
import * as create from './create.operation';
import * as deleteOp from './delete.operation';
import * as get from './get.operation';
import * as list from './list.operation';
import * as update from './update.operation';

export const operations: Record<string, AirbyteOperation> = {
	create: create.operation,
	delete: deleteOp.operation,
	get: get.operation,
	list: list.operation,
	update: update.operation,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['connection'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a connection', action: 'Create a connection' },
			{ name: 'Delete', value: 'delete', description: 'Delete a connection', action: 'Delete a connection' },
			{ name: 'Get', value: 'get', description: 'Get a connection', action: 'Get a connection' },
			{ name: 'List', value: 'list', description: 'List connections', action: 'List connections' },
			{ name: 'Update', value: 'update', description: 'Update a connection', action: 'Update a connection' },
		],
		default: 'list',
	},
	...Object.entries(operations).flatMap(([operation, op]) => forOperation('connection', operation, op.description)),
];
