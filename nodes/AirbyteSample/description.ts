import type { INodeProperties } from 'n8n-workflow';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

function locator(name: string, displayName: string, searchListMethod: string, urlSegment: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod, searchable: true } },
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: `https://cloud.airbyte.com/workspaces/…/${urlSegment}/…`,
				extractValue: { type: 'regex', regex: `/${urlSegment}/(${UUID})` },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: '00000000-0000-0000-0000-000000000000',
				validation: [{ type: 'regex', properties: { regex: `^\\s*${UUID}\\s*$`, errorMessage: 'Not a valid UUID' } }],
			},
		],
	};
}

const show = (...operation: string[]) => ({ show: { operation } });

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'startSample',
		options: [
			{ name: 'Check Sample', value: 'checkSample', action: 'Check a started sample', description: 'Job state and committed rows per stream, for a Wait-node loop' },
			{ name: 'Clean Up Orphans', value: 'cleanUpOrphans', action: 'Clean up orphaned samples', description: 'Delete old temporary sample connections (found by the n8n-sample tag and by name) and emit SQL that drops their schemas' },
			{ name: 'Finish Sample', value: 'finishSample', action: 'Finish a sample', description: 'Assemble per-stream samples from the Postgres rows, delete the temporary connection, emit clean-up SQL' },
			{ name: 'Get Catalog', value: 'getCatalog', action: 'Get the catalog of a source', description: 'Streams with JSON schema, primary key, cursor and sync modes' },
			{ name: 'Start Sample', value: 'startSample', action: 'Start a sample of a source', description: 'Create a temporary connection, sync a bounded sample and emit the SQL that reads it' },
		],
	},
	{
		...locator('sourceId', 'Source', 'searchSources', 'source', 'The Airbyte source to sample'),
		displayOptions: show('getCatalog', 'startSample'),
	},
	{
		...locator(
			'destinationId',
			'Sample Destination',
			'searchDestinations',
			'destination',
			'A Postgres destination reused by every sample (Airbyte Cloud allows 20 destinations per workspace). Each run writes to its own schema n8n_sample_<run ID>.',
		),
		displayOptions: show('startSample'),
	},
	{
		displayName: 'Stream Names or IDs',
		name: 'streams',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getStreams', loadOptionsDependsOn: ['sourceId.value'] },
		default: [],
		description:
			'Streams to sample; none selected = all streams (up to Max Streams). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: show('startSample'),
	},
	{
		displayName: 'Rows per Stream',
		name: 'sampleSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 10000 },
		default: 1000,
		description: 'Rows to read per stream. The sync is cancelled once every stream has this many rows in the destination or has finished.',
		displayOptions: show('startSample'),
	},
	{
		displayName: 'Max Streams',
		name: 'maxStreams',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1000 },
		default: 50,
		description: 'Streams one sample selects at most. With no streams selected, the first ones of the catalog are taken.',
		displayOptions: show('startSample'),
	},
	{
		displayName: 'Wait for Sample',
		name: 'wait',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait here until the sample is ready (or the time budget runs out). Turn off to return right after the sync starts and poll with Wait + Check Sample (n8n Cloud stops executions after 300 s).',
		displayOptions: show('startSample'),
	},
	{
		displayName: 'Time Budget (Seconds)',
		name: 'budgetSeconds',
		type: 'number',
		typeOptions: { minValue: 10, maxValue: 86400 },
		default: 240,
		description: 'After this long the sync is cancelled and the streams that are partial or missing are reported',
		displayOptions: show('startSample'),
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollSeconds',
		type: 'number',
		typeOptions: { minValue: 0.05, maxValue: 300 },
		default: 5,
		displayOptions: show('startSample', 'checkSample'),
	},
	{
		displayName: 'Cancel When Ready',
		name: 'cancelWhenDone',
		type: 'boolean',
		default: true,
		description: 'Whether to cancel the rest of the sync once the sample is ready or the time budget is spent',
		displayOptions: show('checkSample'),
	},
	{
		displayName: 'Workspace ID',
		name: 'workspaceId',
		type: 'string',
		default: '',
		placeholder: '00000000-0000-0000-0000-000000000000',
		description: 'Only look at this workspace (empty = every workspace the credential can see)',
		displayOptions: show('cleanUpOrphans'),
	},
	{
		displayName: 'Older Than (Minutes)',
		name: 'olderThanMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 60,
		description: 'Only sample connections created at least this long ago count as orphans',
		displayOptions: show('cleanUpOrphans'),
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description: 'Whether to only list the orphans and their clean-up SQL, without cancelling or deleting anything',
		displayOptions: show('cleanUpOrphans'),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show('getCatalog', 'startSample'),
		options: [
			{
				displayName: 'Max Record Size (KB)',
				name: 'maxRecordKb',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20480 },
				default: 1024,
				description: 'Records larger than this are left out of the sample (and counted in the warnings)',
			},
			{
				displayName: 'Max Sample Size per Stream (MB)',
				name: 'maxSampleMb',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 256 },
				default: 16,
				description: 'A stream\'s sample is cut once its JSON would exceed this size',
			},
			{
				displayName: 'Refresh Catalog',
				name: 'refresh',
				type: 'boolean',
				default: false,
				description: 'Whether to run a fresh discover instead of using Airbyte\'s cached catalog',
			},
		],
	},
];
