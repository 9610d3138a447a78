import type { INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../helpers/utils';
import type { AirbyteOperation } from '../node.type';
import * as cancel from './cancel.operation';
import * as get from './get.operation';
import * as list from './list.operation';
import * as triggerSync from './triggerSync.operation';
import * as waitForCompletion from './waitForCompletion.operation';

export const operations: Record<string, AirbyteOperation> = {
	cancel: cancel.operation,
	get: get.operation,
	list: list.operation,
	triggerSync: triggerSync.operation,
	waitForCompletion: waitForCompletion.operation,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['job'] } },
		options: [
			{ name: 'Cancel', value: 'cancel', description: 'Cancel a running job', action: 'Cancel a job' },
			{ name: 'Get', value: 'get', description: 'Get a job', action: 'Get a job' },
			{ name: 'List', value: 'list', description: 'List jobs', action: 'List jobs' },
			{
				name: 'Trigger Sync',
				value: 'triggerSync',
				description: 'Start a sync (or reset/clear) of a connection, optionally waiting for it',
				action: 'Trigger a sync',
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				description: 'Wait until a job finishes',
				action: 'Wait for a job to complete',
			},
		],
		default: 'triggerSync',
	},
	...Object.entries(operations).flatMap(([operation, op]) => forOperation('job', operation, op.description)),
];
