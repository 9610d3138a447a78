// Reads resource/operation, builds one client for the execution and runs the operation per item.
// Every output item is paired with its input; with Continue On Fail an error becomes an item.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { settle } from '../../../lib/airbyte/retry';
import { toNodeError } from '../helpers/utils';
import { createClient } from '../transport';
import * as connection from './connection/Connection.resource';
import * as connectorDefinition from './connectorDefinition/ConnectorDefinition.resource';
import * as destination from './destination/Destination.resource';
import * as job from './job/Job.resource';
import type { AirbyteOperation, AirbyteResource } from './node.type';
import * as source from './source/Source.resource';
import * as stream from './stream/Stream.resource';
import * as workspace from './workspace/Workspace.resource';

export const resources: Record<AirbyteResource, Record<string, AirbyteOperation>> = {
	workspace: workspace.operations,
	source: source.operations,
	destination: destination.operations,
	connection: connection.operations,
	job: job.operations,
	stream: stream.operations,
	connectorDefinition: connectorDefinition.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as AirbyteResource;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = resources[resource]?.[operation];
	if (!op) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for "${resource}"`);
	}
	const client = await createClient(this);
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const outcome = await settle(op.execute.call(this, client, i));
		if (outcome.ok) {
			const rows: IDataObject[] = Array.isArray(outcome.value) ? outcome.value : [outcome.value];
			for (const json of rows) output.push({ json, pairedItem: { item: i } });
			continue;
		}
		const error = toNodeError(this, outcome.error, i);
		if (this.getExecutionCancelSignal()?.aborted || !this.continueOnFail()) throw error;
		output.push({ json: { error: error.message, description: error.description ?? null }, error, pairedItem: { item: i } });
	}
	return [output];
}
