// Public API tags (api.yaml /tags, /tags/{tagId}) and the `tags` of connections, with airbyte-server's rules
// (TagHandler / TagsController): name <= 30 characters, color six hex digits without '#' (the `valid_hex_color`
// check on a character(6) column), names unique per workspace (409 tag-already-exists), at most 100 tags per
// workspace. Deleting a tag detaches it from every connection (connection_tag rows cascade).
// The `tagsApi` option models servers without tags: `absent` (older OSS: /tags is 404, `tags` in connection
// bodies and the `tagIds` filter are ignored) and `forbidden` (/tags answers 403).
import { randomUUID } from 'node:crypto';
import type { Connection, Tag } from '../state';
import type { HandlerContext, HandlerRequest, HandlerResponse } from './context';

export const MAX_TAG_NAME_LENGTH = 30;
export const MAX_TAGS_PER_WORKSPACE = 100;
const HEX_COLOR = /^[0-9A-Fa-f]{6}$/;

export function tagBody(t: Tag) {
	return { tagId: t.tagId, name: t.name, color: t.color, workspaceId: t.workspaceId };
}

/** 404 (absent) or 403 (forbidden) for every /tags call when the server has no usable tags API. */
function requireTagsApi(ctx: HandlerContext, req: HandlerRequest): void {
	const mode = ctx.tagsApi();
	if (mode === 'absent')
		throw ctx.problems.error('ResourceNotFoundProblemResponse', { detail: `${req.method} ${req.path} is not served by this Airbyte version`, data: { resourceId: req.path } });
	if (mode === 'forbidden') throw ctx.problems.error('ForbiddenProblemResponse', { data: { message: 'The caller is not allowed to use tags in this workspace.' } });
}

function getTag(ctx: HandlerContext, tagId: string): Tag {
	const t = ctx.state.tags.get(tagId);
	if (!t) throw ctx.problems.notFound('tag', tagId);
	return t;
}

function checkNameAndColor(ctx: HandlerContext, name: string, color: string): void {
	if (name.length > MAX_TAG_NAME_LENGTH) throw ctx.problems.error('TagNameTooLongProblemResponse');
	if (!HEX_COLOR.test(color)) throw ctx.problems.error('TagInvalidHexColorProblemResponse');
}

function nameTaken(ctx: HandlerContext, workspaceId: string, name: string, exceptTagId?: string): boolean {
	return [...ctx.state.tags.values()].some((t) => t.workspaceId === workspaceId && t.name === name && t.tagId !== exceptTagId);
}

const listTags = (ctx: HandlerContext, req: HandlerRequest): HandlerResponse => {
	requireTagsApi(ctx, req);
	const ids: string[] | undefined = req.query.workspaceIds?.length ? req.query.workspaceIds : undefined;
	const tags = [...ctx.state.tags.values()]
		.filter((t) => !ids || ids.includes(t.workspaceId))
		.sort((a, b) => a.name.localeCompare(b.name) || a.tagId.localeCompare(b.tagId));
	return { status: 200, body: { data: tags.map(tagBody) } };
};

const createTag = (ctx: HandlerContext, req: HandlerRequest): HandlerResponse => {
	requireTagsApi(ctx, req);
	const { name, color, workspaceId } = req.body as { name: string; color: string; workspaceId: string };
	const workspace = ctx.state.workspaces.get(workspaceId);
	if (!workspace || workspace.deleted) throw ctx.problems.notFound('workspace', workspaceId);
	checkNameAndColor(ctx, name, color);
	if (nameTaken(ctx, workspaceId, name)) throw ctx.problems.error('TagAlreadyExistsProblemResponse');
	if ([...ctx.state.tags.values()].filter((t) => t.workspaceId === workspaceId).length >= MAX_TAGS_PER_WORKSPACE)
		throw ctx.problems.error('TagLimitForWorkspaceReachedProblemResponse');
	const tag: Tag = { tagId: randomUUID(), name, color, workspaceId };
	ctx.state.tags.set(tag.tagId, tag);
	return { status: 200, body: tagBody(tag) };
};

const patchTag = (ctx: HandlerContext, req: HandlerRequest): HandlerResponse => {
	requireTagsApi(ctx, req);
	const tag = getTag(ctx, req.pathParams.tagId);
	const { name, color } = req.body as { name: string; color: string };
	checkNameAndColor(ctx, name, color);
	if (nameTaken(ctx, tag.workspaceId, name, tag.tagId)) throw ctx.problems.error('TagAlreadyExistsProblemResponse');
	tag.name = name;
	tag.color = color;
	return { status: 200, body: tagBody(tag) };
};

const deleteTag = (ctx: HandlerContext, req: HandlerRequest): HandlerResponse => {
	requireTagsApi(ctx, req);
	const tag = getTag(ctx, req.pathParams.tagId);
	ctx.state.tags.delete(tag.tagId);
	for (const c of ctx.state.connections.values()) c.tags = c.tags.filter((id) => id !== tag.tagId);
	return { status: 204 };
};

export const TAG_HANDLERS: Record<string, (ctx: HandlerContext, req: HandlerRequest) => HandlerResponse> = {
	'GET /tags': listTags,
	'POST /tags': createTag,
	'GET /tags/{tagId}': (ctx, req) => {
		requireTagsApi(ctx, req);
		return { status: 200, body: tagBody(getTag(ctx, req.pathParams.tagId)) };
	},
	'PATCH /tags/{tagId}': patchTag,
	'DELETE /tags/{tagId}': deleteTag,
};

/**
 * The tag ids a connection create/patch asks for (undefined: leave as is). Tags are matched by `tagId` (the
 * server stores connection_tag rows); each must exist in the connection's workspace.
 */
export function requestedTagIds(ctx: HandlerContext, workspaceId: string, tags: unknown): string[] | undefined {
	if (tags === undefined || ctx.tagsApi() === 'absent') return undefined;
	const ids: string[] = [];
	for (const requested of tags as Array<{ tagId: string }>) {
		const tag = ctx.state.tags.get(requested.tagId);
		if (!tag || tag.workspaceId !== workspaceId)
			throw ctx.problems.badRequest(`Tag ${requested.tagId} does not exist in workspace ${workspaceId}`);
		if (!ids.includes(tag.tagId)) ids.push(tag.tagId);
	}
	return ids;
}

export function connectionTagsBody(ctx: HandlerContext, c: Connection) {
	if (ctx.tagsApi() === 'absent') return [];
	return c.tags.flatMap((id) => {
		const t = ctx.state.tags.get(id);
		return t ? [tagBody(t)] : [];
	});
}

/** listConnections' `tagIds` filter: connections carrying any of the tags (ignored by servers without tags). */
export function matchesTagFilter(ctx: HandlerContext, c: Connection, tagIds: string[] | undefined): boolean {
	if (!tagIds?.length || ctx.tagsApi() === 'absent') return true;
	return c.tags.some((id) => tagIds.includes(id));
}
