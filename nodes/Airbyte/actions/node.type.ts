import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AirbyteClient } from '../../../lib/airbyte/client';

export type AirbyteResource =
	| 'workspace'
	| 'source'
	| 'destination'
	| 'connection'
	| 'job'
	| 'stream'
	| 'connectorDefinition';

/** One operation: its parameters and what it does for one input item. */
export interface AirbyteOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, client: AirbyteClient, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}
