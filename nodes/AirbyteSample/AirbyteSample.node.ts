import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import {
	checkSampleOperation,
	cleanUpOrphansOperation,
	finishSampleOperation,
	getCatalogOperation,
	startSampleOperation,
} from './actions/operations';
import { properties } from './description';
import { listSearch, loadOptions } from './methods';

const OPERATIONS: Record<string, (this: IExecuteFunctions) => Promise<INodeExecutionData[]>> = {
	getCatalog: getCatalogOperation,
	startSample: startSampleOperation,
	checkSample: checkSampleOperation,
	finishSample: finishSampleOperation,
	cleanUpOrphans: cleanUpOrphansOperation,
};

export class AirbyteSample implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Airbyte Sample',
		name: 'airbyteSample',
		icon: { light: 'file:airbyteSample.svg', dark: 'file:airbyteSample.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description:
			'Bounded sample of any Airbyte source through a temporary connection into a Postgres schema of its own, always cleaned up',
		defaults: { name: 'Airbyte Sample' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'airbyteApi', required: true }],
		properties,
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		const run = OPERATIONS[operation];
		if (!run) throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`);
		return [await run.call(this)];
	}
}
