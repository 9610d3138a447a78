import type { INodeProperties } from 'n8n-workflow';

import * as connection from './connection/Connection.resource';
import * as connectorDefinition from './connectorDefinition/ConnectorDefinition.resource';
import * as destination from './destination/Destination.resource';
import * as job from './job/Job.resource';
import * as source from './source/Source.resource';
import * as stream from './stream/Stream.resource';
import * as workspace from './workspace/Workspace.resource';

export const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Connection', value: 'connection' },
				{ name: 'Connector Definition', value: 'connectorDefinition' },
				{ name: 'Destination', value: 'destination' },
				{ name: 'Job', value: 'job' },
				{ name: 'Source', value: 'source' },
				{ name: 'Stream', value: 'stream' },
				{ name: 'Workspace', value: 'workspace' },
			],
			default: 'workspace',
		},
		...workspace.description,
		...source.description,
		...destination.description,
		...connection.description,
		...job.description,
		...stream.description,
		...connectorDefinition.description,
];
