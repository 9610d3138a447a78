// Sources and destinations ("actors") share their operations; only names, paths and locators differ.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AirbyteClient } from '../../../lib/airbyte/client';
import { forOperation, getId, getJsonObject } from '../helpers/utils';
import {
	definitionLocator,
	destinationLocator,
	includeDeletedOption,
	returnAllOptions,
	sourceLocator,
	workspaceLocator,
} from './common.descriptions';
import { idList, listMax } from './list.helpers';
import type { AirbyteOperation } from './node.type';

export type ActorKind = 'source' | 'destination';

const label = (kind: ActorKind) => (kind === 'source' ? 'Source' : 'Destination');
const idParam = (kind: ActorKind) => (kind === 'source' ? 'sourceId' : 'destinationId');
const locatorOf = (kind: ActorKind) => (kind === 'source' ? sourceLocator : destinationLocator);
const typeKey = (kind: ActorKind) => (kind === 'source' ? 'sourceType' : 'destinationType');

function configurationParameter(kind: ActorKind, required: boolean): INodeProperties {
	const property: INodeProperties = {
		displayName: 'Configuration (JSON)',
		name: 'configuration',
		type: 'json',
		default: '{}',
		description:
			kind === 'source'
				? 'The connector configuration, as in Airbyte\'s API reference for this source, e.g. {"sourceType": "faker", "count": 100}'
				: 'The connector configuration, e.g. {"destinationType": "postgres", "host": "db", "port": 5432, "database": "app", "schema": "public", "username": "u", "password": "p"}',
	};
	return { ...property, required };
}

export function createOperation(kind: ActorKind): AirbyteOperation {
	const description: INodeProperties[] = [
		workspaceLocator,
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			required: true,
			description: `Name of the ${kind} in Airbyte`,
		},
		{ ...definitionLocator(kind), required: false },
		configurationParameter(kind, true),
	];
	async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
		const workspaceId = getId(this, 'workspaceId', i);
		const name = String(this.getNodeParameter('name', i, '')).trim();
		const definitionId = String(this.getNodeParameter('definitionId', i, '', { extractValue: true }) ?? '').trim();
		const configuration = getJsonObject(this, 'configuration', i, 'Configuration');
		if (name === '') {
			throw new NodeOperationError(this.getNode(), `The ${kind} name is empty`, {
				itemIndex: i,
				description: `Enter a name for the new ${kind}.`,
			});
		}
		if (definitionId === '' && typeof configuration[typeKey(kind)] !== 'string') {
			throw new NodeOperationError(this.getNode(), `Choose a ${kind} type`, {
				itemIndex: i,
				description: `Pick the ${label(kind)} Type, or put "${typeKey(kind)}" in the configuration JSON.`,
			});
		}
		const request = { name, workspaceId, configuration, ...(definitionId ? { definitionId } : {}) };
		return kind === 'source'
			? await client.createSource(request as Parameters<AirbyteClient['createSource']>[0])
			: await client.createDestination(request as Parameters<AirbyteClient['createDestination']>[0]);
	}
	return { description, execute };
}

export function getOperation(kind: ActorKind): AirbyteOperation {
	async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
		const id = getId(this, idParam(kind), i);
		return kind === 'source' ? await client.getSource(id) : await client.getDestination(id);
	}
	return { description: [locatorOf(kind)], execute };
}

export function listOperation(kind: ActorKind): AirbyteOperation {
	const description: INodeProperties[] = [
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
					description: `Comma-separated workspace IDs to list ${kind}s from (default: all workspaces the credential can see)`,
				},
			],
		},
	];
	async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
		const filters = this.getNodeParameter('filters', i, {}) as { includeDeleted?: boolean; workspaceIds?: string };
		const query = { includeDeleted: filters.includeDeleted, workspaceIds: idList(filters.workspaceIds) };
		const options = { max: listMax(this, i) };
		return kind === 'source'
			? await client.listSources(query, options)
			: await client.listDestinations(query, options);
	}
	return { description, execute };
}

export function updateOperation(kind: ActorKind): AirbyteOperation {
	const description: INodeProperties[] = [
		locatorOf(kind),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				{ ...configurationParameter(kind, false), description: 'Configuration fields to change (merged by Airbyte)' },
			],
		},
	];
	async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
		const id = getId(this, idParam(kind), i);
		const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const patch: IDataObject = {};
		if (typeof fields.name === 'string' && fields.name.trim() !== '') patch.name = fields.name.trim();
		if (fields.configuration !== undefined && fields.configuration !== '') {
			const configuration = getJsonObject(this, 'updateFields.configuration', i, 'Configuration');
			if (Object.keys(configuration).length > 0) patch.configuration = configuration;
		}
		if (Object.keys(patch).length === 0) {
			throw new NodeOperationError(this.getNode(), 'Nothing to update', {
				itemIndex: i,
				description: 'Add at least one field under "Update Fields".',
			});
		}
		return kind === 'source' ? await client.updateSource(id, patch) : await client.updateDestination(id, patch);
	}
	return { description, execute };
}

export function deleteOperation(kind: ActorKind): AirbyteOperation {
	async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
		const id = getId(this, idParam(kind), i);
		if (kind === 'source') await client.deleteSource(id);
		else await client.deleteDestination(id);
		return { [idParam(kind)]: id, deleted: true };
	}
	return { description: [locatorOf(kind)], execute };
}

export function actorResourceDescription(kind: ActorKind, operations: Record<string, AirbyteOperation>): INodeProperties[] {
	const lower = kind;
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [kind] } },
			options: [
				{ name: 'Create', value: 'create', description: `Create a ${lower}`, action: `Create a ${lower}` },
				{ name: 'Delete', value: 'delete', description: `Delete a ${lower}`, action: `Delete a ${lower}` },
				{ name: 'Get', value: 'get', description: `Get a ${lower}`, action: `Get a ${lower}` },
				{ name: 'List', value: 'list', description: `List ${lower}s`, action: `List ${lower}s` },
				{ name: 'Update', value: 'update', description: `Update a ${lower}`, action: `Update a ${lower}` },
			],
			default: 'list',
		},
		...Object.entries(operations).flatMap(([operation, op]) => forOperation(kind, operation, op.description)),
	];
}
