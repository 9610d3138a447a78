import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { properties } from './description';
import { asNodeError } from './actions/inputs';
import { connectedModel, planItem } from './actions/plan';
import { productionConnectionItem } from './actions/connection';
import { diffItems, introspectionItem, migrationItem, provisionItem, transformItem } from './actions/sql';

const PER_ITEM: Record<string, (ctx: IExecuteFunctions, i: number) => INodeExecutionData> = {
	migrationSql: migrationItem,
	transformSql: transformItem,
	provisionSql: provisionItem,
	introspectionQuery: introspectionItem,
};

export class SchemaDesigner implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Schema Designer',
		name: 'schemaDesigner',
		icon: { light: 'file:schemaDesigner.svg', dark: 'file:schemaDesigner.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description:
			"Designs an optimised Postgres schema from an Airbyte source's data model and renders safe SQL: migrations, diff, tenant provisioning, transforms",
		defaults: { name: 'Schema Designer' },
		usableAsTool: true,
		inputs: [
			{ type: NodeConnectionTypes.Main },
			{ type: NodeConnectionTypes.AiLanguageModel, displayName: 'Model', required: false, maxConnections: 1 },
		],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'airbyteApi', required: true, displayOptions: { show: { operation: ['createProductionConnection'] } } }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation === 'diff') {
			try {
				return [[diffItems(this, items)]];
			} catch (error) {
				const nodeError = asNodeError(this, error, 0);
				if (!this.continueOnFail()) throw nodeError;
				return [[{ json: { error: nodeError.message }, error: nodeError, pairedItem: items.map((_, i) => ({ item: i })) }]];
			}
		}
		const model = operation === 'plan' ? await connectedModel(this) : undefined;
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				if (operation === 'plan') out.push(await planItem(this, i, model));
				else if (operation === 'createProductionConnection') out.push(await productionConnectionItem(this, i));
				else {
					const run = PER_ITEM[operation];
					if (!run) throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`, { itemIndex: i });
					out.push(run(this, i));
				}
			} catch (error) {
				const nodeError = asNodeError(this, error, i);
				if (!this.continueOnFail()) throw nodeError;
				out.push({ json: { error: nodeError.message }, error: nodeError, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}
