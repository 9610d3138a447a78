// Connection settings shared by Create (options) and Update (update fields).
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getJsonArray } from '../../helpers/utils';

export const connectionSettings: INodeProperties[] = [
	{
		displayName: 'Namespace Definition',
		name: 'namespaceDefinition',
		type: 'options',
		options: [
			{ name: 'Destination Default', value: 'destination', description: 'Use the destination\'s default schema' },
			{ name: 'Source Namespace', value: 'source', description: 'Mirror the source namespace' },
			{ name: 'Custom Format', value: 'custom_format', description: 'Use the Namespace Format below' },
		],
		default: 'destination',
		description: 'Where the destination tables are created',
	},
	{
		displayName: 'Namespace Format',
		name: 'namespaceFormat',
		type: 'string',
		default: '',
		placeholder: 'ab_${SOURCE_NAMESPACE}',
		description: 'Schema name when Namespace Definition is Custom Format; ${SOURCE_NAMESPACE} is replaced',
	},
	{
		displayName: 'Stream Prefix',
		name: 'prefix',
		type: 'string',
		default: '',
		description: 'Prefix added to every destination table name',
	},
	{
		displayName: 'Schedule',
		name: 'scheduleType',
		type: 'options',
		options: [
			{ name: 'Manual', value: 'manual' },
			{ name: 'Cron', value: 'cron' },
		],
		default: 'manual',
	},
	{
		displayName: 'Cron Expression',
		name: 'cronExpression',
		type: 'string',
		default: '',
		placeholder: '0 0 * * * ?',
		description: 'Quartz cron in UTC, at most once an hour (used when Schedule is Cron)',
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Active', value: 'active' },
			{ name: 'Inactive', value: 'inactive' },
		],
		default: 'active',
	},
	{
		displayName: 'Non-Breaking Schema Updates',
		name: 'nonBreakingSchemaUpdatesBehavior',
		type: 'options',
		options: [
			{ name: 'Ignore', value: 'ignore' },
			{ name: 'Disable Connection', value: 'disable_connection' },
			{ name: 'Propagate Columns', value: 'propagate_columns' },
			{ name: 'Propagate Fully', value: 'propagate_fully' },
		],
		default: 'ignore',
	},
	{
		displayName: 'Streams (JSON)',
		name: 'streams',
		type: 'json',
		default: '[]',
		description:
			'Stream configurations, e.g. [{"name": "users", "syncMode": "incremental_append", "cursorField": ["updated_at"]}]. Empty on create = all streams as full refresh overwrite.',
	},
];

/** Builds the request fields from a settings collection; `path` is the collection parameter name. */
export function connectionBody(ctx: IExecuteFunctions, path: string, i: number): IDataObject {
	const settings = ctx.getNodeParameter(path, i, {}) as IDataObject;
	const body: IDataObject = {};
	for (const key of ['namespaceDefinition', 'namespaceFormat', 'prefix', 'status', 'nonBreakingSchemaUpdatesBehavior', 'name']) {
		const value = settings[key];
		if (typeof value === 'string' && (value !== '' || key === 'prefix') && key in settings) body[key] = value;
	}
	if (settings.scheduleType !== undefined) {
		const cronExpression = String(settings.cronExpression ?? '').trim();
		if (settings.scheduleType === 'cron' && cronExpression === '') {
			throw new NodeOperationError(ctx.getNode(), 'The cron schedule has no expression', {
				itemIndex: i,
				description: 'Add "Cron Expression" (Quartz syntax in UTC, at most hourly), or set Schedule to Manual.',
			});
		}
		body.schedule = settings.scheduleType === 'cron' ? { scheduleType: 'cron', cronExpression } : { scheduleType: 'manual' };
	}
	if (settings.streams !== undefined) {
		const streams = getJsonArray(ctx, `${path}.streams`, i, 'Streams');
		if (streams && streams.length > 0) body.configurations = { streams };
	}
	return body;
}
