import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { createClient } from '../../Airbyte/transport';

function matches(name: string, filter?: string): boolean {
	return !filter || name.toLowerCase().includes(filter.toLowerCase());
}

async function search(
	ctx: ILoadOptionsFunctions,
	kind: 'sources' | 'destinations',
	filter?: string,
): Promise<INodeListSearchResult> {
	const client = await createClient(ctx);
	const rows =
		kind === 'sources'
			? (await client.listSources({}, { max: 500 })).map((s) => ({ id: s.sourceId, name: s.name, type: s.sourceType }))
			: (await client.listDestinations({}, { max: 500 })).map((d) => ({ id: d.destinationId, name: d.name, type: d.destinationType }));
	const results: INodeListSearchItems[] = rows
		.filter((r) => matches(r.name, filter))
		.map((r) => ({ name: `${r.name} (${r.type})`, value: r.id }));
	return { results };
}

export const listSearch = {
	async searchSources(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return await search(this, 'sources', filter);
	},
	async searchDestinations(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return await search(this, 'destinations', filter);
	},
};

export const loadOptions = {
	/** Stream names of the selected source (public GET /streams: cheap, no types needed here). */
	async getStreams(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const sourceId = String(this.getCurrentNodeParameter('sourceId', { extractValue: true }) ?? '').trim();
		if (sourceId === '') return [];
		const client = await createClient(this);
		const streams = await client.getStreamProperties({ sourceId });
		return streams
			.filter((s) => typeof s.streamName === 'string')
			.map((s) => ({ name: s.streamName as string, value: s.streamName as string }));
	},
};
