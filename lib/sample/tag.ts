// The Airbyte tag that marks temporary sample connections, so Clean Up Orphans can list them with the
// `tagIds` filter (and find them even when renamed). One tag per workspace, created on first use and shared by
// every run; concurrent runs that race to create it converge on the one that won (409 -> list again).
// Airbyte without a usable tags API (older self-hosted: 404; no access: 403) falls back to names, with a warning.
import type { AirbyteClient } from '../airbyte/client';
import { AirbyteAbortError, describeAirbyteError, isAirbyteApiError } from '../airbyte/errors';
import { settle } from '../airbyte/retry';
import type { ConnectionResponse, TagResponse } from '../airbyte/types';

export const SAMPLE_TAG_NAME = 'n8n-sample';
/** Airbyte stores colors as six hex digits without '#' (n8n's brand orange). */
export const SAMPLE_TAG_COLOR = 'FF6D5A';

export interface SampleTagLookup {
	tags: TagResponse[];
	/** Set when tags could not be used: callers fall back to connection names. */
	warning?: string;
}

function unavailable(error: unknown, what: string): string {
	const reason = describeAirbyteError(error).message;
	const why = isAirbyteApiError(error, 'not-found')
		? 'this Airbyte has no tags API (older self-hosted versions)'
		: isAirbyteApiError(error, 'forbidden')
			? 'the credential may not use tags in this workspace'
			: 'Airbyte did not answer the tags call';
	return `${what}: ${why} (${reason}). Temporary sample connections are recognised by their name only.`;
}

function rethrowAbort(error: unknown): void {
	if (error instanceof AirbyteAbortError) throw error;
}

/** The sample tag of each given workspace (all allowed workspaces when none are given). Never creates one. */
export async function findSampleTags(client: AirbyteClient, workspaceIds?: string[]): Promise<SampleTagLookup> {
	const listed = await settle(client.listTags(workspaceIds?.length ? { workspaceIds } : {}));
	if (!listed.ok) {
		rethrowAbort(listed.error);
		return { tags: [], warning: unavailable(listed.error, `Could not list Airbyte tags to find the "${SAMPLE_TAG_NAME}" tag`) };
	}
	return { tags: listed.value.filter((t) => t.name === SAMPLE_TAG_NAME && (!workspaceIds?.length || workspaceIds.includes(t.workspaceId))) };
}

/**
 * The workspace's sample tag, created when missing. List, create, and on any create failure (409 from a
 * concurrent run, or an ambiguous 5xx/timeout that may have created it) list again: idempotent and race-safe.
 */
export async function ensureSampleTag(client: AirbyteClient, workspaceId: string): Promise<{ tag?: TagResponse; warning?: string }> {
	const before = await findSampleTags(client, [workspaceId]);
	if (before.warning) return { warning: before.warning };
	if (before.tags[0]) return { tag: before.tags[0] };
	const created = await settle(client.createTag({ name: SAMPLE_TAG_NAME, color: SAMPLE_TAG_COLOR, workspaceId }));
	if (created.ok) return { tag: created.value };
	rethrowAbort(created.error);
	const after = await findSampleTags(client, [workspaceId]);
	if (after.tags[0]) return { tag: after.tags[0] };
	return { warning: after.warning ?? unavailable(created.error, `Could not create the "${SAMPLE_TAG_NAME}" tag`) };
}

/** True when the connection carries one of the given tags (the response's own `tags`, not the list filter). */
export function hasAnyTag(connection: Pick<ConnectionResponse, 'tags'>, tagIds: ReadonlySet<string>): boolean {
	return (connection.tags ?? []).some((t) => tagIds.has(t.tagId));
}
