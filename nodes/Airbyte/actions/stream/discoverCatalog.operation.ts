import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { configCatalogToProtocol } from '../../../../lib/airbyte/catalog';
import type { AirbyteClient } from '../../../../lib/airbyte/client';
import { getId } from '../../helpers/utils';
import { sourceLocator } from '../common.descriptions';
import type { AirbyteOperation } from '../node.type';

export const description: INodeProperties[] = [
	sourceLocator,
	{
		displayName: 'Refresh Schema',
		name: 'disableCache',
		type: 'boolean',
		default: false,
		description: 'Whether to run a fresh discover instead of using the cached catalog (slower)',
	},
];

/** The full catalog with JSON schemas (Config API), in the Airbyte protocol shape later stages read. */
export async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
	const sourceId = getId(this, 'sourceId', i);
	const disableCache = this.getNodeParameter('disableCache', i, false) as boolean;
	const result = await client.discoverSchema({ sourceId, ...(disableCache ? { disable_cache: true } : {}) });
	const catalog = configCatalogToProtocol(result.catalog ?? { streams: [] });
	return {
		sourceId,
		catalogId: result.catalogId ?? null,
		streamCount: catalog.streams.length,
		catalog: catalog as unknown as IDataObject,
	};
}

export const operation: AirbyteOperation = { description, execute };
