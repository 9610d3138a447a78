import type { INodeProperties } from 'n8n-workflow';

/** Inputs shared by the Workflow Suggester and the Dashboard Builder: the earlier stages' outputs as JSON. */
export const inputProperties: INodeProperties[] = [
	{
		displayName: 'Data Model',
		name: 'model',
		type: 'json',
		default: '={{ $json.model }}',
		required: true,
		description: "The Data Analyzer's data model: streams with columns, keys and verified relationships",
	},
	{
		displayName: 'Analysis',
		name: 'analysis',
		type: 'json',
		default: '={{ $json.analysis }}',
		description: "The Data Analyzer's analysis (KPIs, data-quality issues, recommended sync). Leave empty to derive KPIs from the data alone.",
	},
	{
		displayName: 'Profile',
		name: 'profile',
		type: 'json',
		default: '={{ $json.profile }}',
		description: 'Column statistics from the profile (null rates, distinct counts, quantiles). Optional; thresholds need it.',
	},
	{
		displayName: 'Schema Plan',
		name: 'schemaPlan',
		type: 'json',
		default: '={{ $json.plan }}',
		description: "The Schema Designer's plan (tenant schema, table names, transform SQL, ER diagram). Optional.",
	},
];

export const SUGGESTER_RECIPES = [
	{ name: 'Data-Quality Monitor', value: 'data_quality_monitor' },
	{ name: 'High-Value Record Alert', value: 'high_value_record_alert' },
	{ name: 'KPI Anomaly Alert', value: 'kpi_anomaly_alert' },
	{ name: 'KPI Digest', value: 'kpi_digest' },
	{ name: 'Post-Sync Transform Runner', value: 'post_sync_transform' },
	{ name: 'Renewal Reminders', value: 'renewal_reminder' },
	{ name: 'Stale-Data Alert', value: 'stale_data_alert' },
	{ name: 'Sync Failure Alert', value: 'sync_failure_alert' },
];

export const properties: INodeProperties[] = [
	...inputProperties,
	{
		displayName: 'Job History',
		name: 'jobs',
		type: 'json',
		default: '={{ $json.jobs }}',
		description: "Recent Airbyte jobs of the production connection (the Airbyte node's Job › List output), for evidence about failures and durations. Optional.",
	},
	{
		displayName: 'Airbyte Connection ID',
		name: 'connectionId',
		type: 'string',
		default: '',
		placeholder: '00000000-0000-0000-0000-000000000000',
		description: 'Production connection the Airbyte Trigger of the suggested workflows watches. Leave empty to pick it after import.',
	},
	{
		displayName: 'Alert Channel',
		name: 'alertChannel',
		type: 'options',
		options: [
			{ name: 'Slack', value: 'slack' },
			{ name: 'Email', value: 'email' },
		],
		default: 'slack',
		description: 'Where the suggested workflows send their alerts and digests',
	},
	{
		displayName: 'Slack Channel',
		name: 'slackChannel',
		type: 'string',
		default: '#data-alerts',
		displayOptions: { show: { alertChannel: ['slack'] } },
	},
	{
		displayName: 'Email To',
		name: 'emailTo',
		type: 'string',
		default: '',
		placeholder: 'ops@example.com',
		displayOptions: { show: { alertChannel: ['email'] } },
	},
	{
		displayName: 'Email From',
		name: 'emailFrom',
		type: 'string',
		default: '',
		placeholder: 'n8n@example.com',
		displayOptions: { show: { alertChannel: ['email'] } },
	},
	{
		displayName: 'Recipe Names or IDs',
		name: 'recipes',
		type: 'multiOptions',
		options: SUGGESTER_RECIPES,
		default: [],
		description: 'Only consider these recipes. Leave empty for all. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'One Item per Suggestion', value: 'perSuggestion', description: 'Ready for the n8n node (Create Workflow) one by one' },
			{ name: 'One Item with All Suggestions', value: 'single', description: 'Also lists the recipes that were not offered and why' },
		],
		default: 'perSuggestion',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Anomaly Threshold (Z-Score)',
				name: 'anomalyZ',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 1 },
				default: 3,
				description: 'How many standard deviations from the trailing 28 days count as an anomaly',
			},
			{
				displayName: 'Digest Hour',
				name: 'digestHour',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 23 },
				default: 8,
				description: "Hour of day (the workflow's timezone) the digest is sent",
			},
			{
				displayName: 'Digest Schedule',
				name: 'digest',
				type: 'options',
				options: [
					{ name: 'Daily', value: 'day' },
					{ name: 'Weekly (Monday)', value: 'week' },
				],
				default: 'week',
			},
			{
				displayName: 'Renewal Lead Days',
				name: 'renewalDays',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 14,
				description: 'How many days before a renewal or end date the reminder is sent',
			},
			{
				displayName: 'Tenant Schema',
				name: 'schema',
				type: 'string',
				default: '',
				description: 'Postgres schema of the modelled tables, when no schema plan is given',
			},
		],
	},
];
