// Searchable lists for the resource locators. Airbyte has no name search, so each call reads one page
// (100 rows at the offset carried in the pagination token) and filters it by name or ID.
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import type { AirbyteClient } from '../../../lib/airbyte/client';
import { MAX_PAGE_SIZE } from '../../../lib/airbyte/pagination';
import { createClient } from '../transport';

interface Named {
	name: string;
	id: string;
	url?: string;
}

function matches(entry: Named, filter?: string): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return entry.name.toLowerCase().includes(needle) || entry.id.toLowerCase().includes(needle);
}

function toResult(entries: Named[], filter: string | undefined, offset: number, pageLength: number): INodeListSearchResult {
	const results: INodeListSearchItems[] = entries
		.filter((entry) => matches(entry, filter))
		.map((entry) => ({ name: entry.name, value: entry.id, ...(entry.url ? { url: entry.url } : {}) }));
	return {
		results,
		paginationToken: pageLength < MAX_PAGE_SIZE ? undefined : String(offset + pageLength),
	};
}

function offsetOf(token?: string): number {
	const value = Number(token);
	return Number.isInteger(value) && value > 0 ? value : 0;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * The workspace chosen on the node, if the current operation has one. Read raw: n8n's extractValue throws
 * for a parameter the current resource/operation does not show (e.g. Source > Get has no workspace).
 */
function selectedWorkspace(ctx: ILoadOptionsFunctions): string[] | undefined {
	const raw = ctx.getCurrentNodeParameter('workspaceId') as unknown;
	const value = raw && typeof raw === 'object' ? (raw as { value?: unknown }).value : raw;
	const match = typeof value === 'string' ? UUID.exec(value) : null;
	return match ? [match[0]] : undefined;
}

async function page<T>(
	ctx: ILoadOptionsFunctions,
	token: string | undefined,
	fetch: (client: AirbyteClient, query: { limit: number; offset: number }) => Promise<{ data?: T[] }>,
): Promise<{ rows: T[]; offset: number }> {
	const client = await createClient(ctx, { retry: { maxAttempts: 2 }, timeoutMs: 30_000 });
	const offset = offsetOf(token);
	const response = await fetch(client, { limit: MAX_PAGE_SIZE, offset });
	return { rows: Array.isArray(response.data) ? response.data : [], offset };
}

export async function searchWorkspaces(this: ILoadOptionsFunctions, filter?: string, token?: string) {
	const { rows, offset } = await page(this, token, async (c, q) => await c.listWorkspacesPage(q));
	return toResult(
		rows.map((w) => ({ name: w.name, id: w.workspaceId })),
		filter,
		offset,
		rows.length,
	);
}

export async function searchSources(this: ILoadOptionsFunctions, filter?: string, token?: string) {
	const workspaceIds = selectedWorkspace(this);
	const { rows, offset } = await page(this, token, async (c, q) => await c.listSourcesPage({ ...q, workspaceIds }));
	return toResult(
		rows.map((s) => ({ name: `${s.name} (${s.sourceType})`, id: s.sourceId })),
		filter,
		offset,
		rows.length,
	);
}

export async function searchDestinations(this: ILoadOptionsFunctions, filter?: string, token?: string) {
	const workspaceIds = selectedWorkspace(this);
	const { rows, offset } = await page(this, token, async (c, q) => await c.listDestinationsPage({ ...q, workspaceIds }));
	return toResult(
		rows.map((d) => ({ name: `${d.name} (${d.destinationType})`, id: d.destinationId })),
		filter,
		offset,
		rows.length,
	);
}

export async function searchConnections(this: ILoadOptionsFunctions, filter?: string, token?: string) {
	const workspaceIds = selectedWorkspace(this);
	const { rows, offset } = await page(this, token, async (c, q) => await c.listConnectionsPage({ ...q, workspaceIds }));
	return toResult(
		rows.map((c) => ({ name: c.name, id: c.connectionId })),
		filter,
		offset,
		rows.length,
	);
}

async function searchDefinitions(ctx: ILoadOptionsFunctions, type: 'source' | 'destination', filter?: string) {
	const client = await createClient(ctx, { retry: { maxAttempts: 2 }, timeoutMs: 30_000 });
	const definitions = await client.listConnectorDefinitions(type, selectedWorkspace(ctx)?.[0]);
	const entries = definitions
		.map((d) => ({ name: `${d.name} ${d.version ? `v${d.version}` : ''}`.trim(), id: d.id }))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results: entries.filter((e) => matches(e, filter)).map((e) => ({ name: e.name, value: e.id })) };
}

export async function searchSourceDefinitions(this: ILoadOptionsFunctions, filter?: string) {
	return await searchDefinitions(this, 'source', filter);
}

export async function searchDestinationDefinitions(this: ILoadOptionsFunctions, filter?: string) {
	return await searchDefinitions(this, 'destination', filter);
}
