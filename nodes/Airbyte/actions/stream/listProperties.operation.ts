import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AirbyteClient } from '../../../../lib/airbyte/client';
import { getId } from '../../helpers/utils';
import { destinationLocator, optional, sourceLocator } from '../common.descriptions';
import type { AirbyteOperation } from '../node.type';

export const description: INodeProperties[] = [
	sourceLocator,
	optional(destinationLocator, 'With a destination, each stream also lists the sync modes that destination supports'),
	{
		displayName: 'Refresh Schema',
		name: 'ignoreCache',
		type: 'boolean',
		default: false,
		description: 'Whether to run a fresh discover instead of using the cached catalog (slower)',
	},
];

export async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
	const sourceId = getId(this, 'sourceId', i);
	const destinationId = String(this.getNodeParameter('destinationId', i, '', { extractValue: true }) ?? '').trim();
	const ignoreCache = this.getNodeParameter('ignoreCache', i, false) as boolean;
	const streams = await client.getStreamProperties({
		sourceId,
		...(destinationId ? { destinationId } : {}),
		...(ignoreCache ? { ignoreCache } : {}),
	});
	return streams.map((stream) => ({ sourceId, ...stream }));
}

export const operation: AirbyteOperation = { description, execute };
