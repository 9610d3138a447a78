import type { INodeProperties } from 'n8n-workflow';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

function locator(name: string, displayName: string, searchListMethod: string, urlSegment: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: `https://cloud.airbyte.com/workspaces/…/${urlSegment}/…`,
				extractValue: { type: 'regex', regex: `/${urlSegment}/(${UUID})` },
				validation: [
					{
						type: 'regex',
						properties: {
							regex: `.*/${urlSegment}/${UUID}.*`,
							errorMessage: `Not an Airbyte ${displayName.toLowerCase()} URL`,
						},
					},
				],
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

export const workspaceLocator = locator('workspaceId', 'Workspace', 'searchWorkspaces', 'workspaces');
export const sourceLocator = locator('sourceId', 'Source', 'searchSources', 'source');
export const destinationLocator = locator('destinationId', 'Destination', 'searchDestinations', 'destination');
export const connectionLocator = locator('connectionId', 'Connection', 'searchConnections', 'connections');

export function optional(property: INodeProperties, description?: string): INodeProperties {
	return { ...property, required: false, description: description ?? property.description };
}

export function definitionLocator(type: 'source' | 'destination'): INodeProperties {
	return {
		displayName: type === 'source' ? 'Source Type' : 'Destination Type',
		name: 'definitionId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: `The ${type} connector definition (listed for the selected workspace)`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: {
					searchListMethod: type === 'source' ? 'searchSourceDefinitions' : 'searchDestinationDefinitions',
					searchable: true,
				},
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

export const returnAllOptions: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const includeDeletedOption: INodeProperties = {
	displayName: 'Include Deleted',
	name: 'includeDeleted',
	type: 'boolean',
	default: false,
	description: 'Whether to include deleted resources',
};
