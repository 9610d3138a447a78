// The emulator's tags against api.yaml and airbyte-server's TagHandler rules: CRUD, 409 on a duplicate name,
// name/color checks, connections carrying tags (create, patch, tagIds filter, detach on delete), and servers
// without tags (404) or without access to them (403). Every request and response is spec-validated.
import { expectNoSpecViolations } from '../../airbyte-emulator';
import { emulatorFixture, type EmulatorFixture } from './helpers';

let fx: EmulatorFixture;

jest.setTimeout(120_000);

beforeAll(async () => {
	fx = await emulatorFixture({ seed: { faker: { count: 20, seed: 3 }, datasets: false } });
}, 120_000);
afterAll(async () => fx?.close(), 60_000);
afterEach(() => {
	fx.emulator.setTagsApi('enabled');
	expectNoSpecViolations(fx.emulator);
});

const connectionBody = (name: string, extra: Record<string, unknown> = {}) => ({
	name,
	sourceId: fx.emulator.sources.faker,
	destinationId: fx.emulator.destinations.postgres,
	configurations: { streams: [{ name: 'products', syncMode: 'full_refresh_append' }] },
	...extra,
});

describe('tags', () => {
	it('creates, gets, lists per workspace, patches and deletes tags; a duplicate name answers 409', async () => {
		const ws = fx.emulator.workspaceId;
		const created = await fx.api.post('/tags', { name: 'alpha', color: 'FF5733', workspaceId: ws });
		expect(created.status).toBe(200);
		expect(created.data).toEqual({ tagId: expect.any(String), name: 'alpha', color: 'FF5733', workspaceId: ws });
		const id = created.data.tagId as string;

		const duplicate = await fx.api.post('/tags', { name: 'alpha', color: '00FF00', workspaceId: ws });
		expect(duplicate.status).toBe(409);
		expect(duplicate.data).toMatchObject({ status: 409, type: 'error:tag-already-exists', title: 'Tag already exists' });

		const other = await fx.api.post('/workspaces', { name: 'Other' });
		const elsewhere = await fx.api.post('/tags', { name: 'alpha', color: '00FF00', workspaceId: other.data.workspaceId });
		expect(elsewhere.status).toBe(200);

		expect((await fx.api.get(`/tags/${id}`)).data).toEqual(created.data);
		const mine = await fx.api.get('/tags', { params: { workspaceIds: ws } });
		expect(mine.data.data.map((t: { tagId: string }) => t.tagId)).toEqual([id]);
		const all = await fx.api.get('/tags');
		expect(all.data.data).toHaveLength(2);

		const patched = await fx.api.patch(`/tags/${id}`, { name: 'beta', color: '0000ff' });
		expect(patched.data).toMatchObject({ tagId: id, name: 'beta', color: '0000ff' });
		await fx.api.post('/tags', { name: 'gamma', color: 'ABCDEF', workspaceId: ws });
		expect((await fx.api.patch(`/tags/${id}`, { name: 'gamma', color: 'ABCDEF' })).status).toBe(409);

		expect((await fx.api.delete(`/tags/${id}`)).status).toBe(204);
		expect((await fx.api.get(`/tags/${id}`)).status).toBe(404);
		expect((await fx.api.delete(`/tags/${id}`)).status).toBe(404);
	});

	it('rejects names over 30 characters, colors that are not six hex digits, and unknown workspaces', async () => {
		const ws = fx.emulator.workspaceId;
		const long = await fx.api.post('/tags', { name: 'x'.repeat(31), color: 'FF5733', workspaceId: ws });
		expect(long.status).toBe(400);
		expect(long.data.type).toBe('error:tag-name-too-long');
		for (const color of ['#FF5733', 'red', 'FF57']) {
			const bad = await fx.api.post('/tags', { name: `c-${color}`, color, workspaceId: ws });
			expect(bad.status).toBe(400);
			expect(bad.data.type).toBe('error:tag-invalid-hex-color');
		}
		const missing = await fx.api.post('/tags', { name: 'nowhere', color: 'FF5733', workspaceId: '00000000-0000-4000-8000-000000000000' });
		expect(missing.status).toBe(404);
		const invalid = await fx.api.post('/tags', { name: 'no color', workspaceId: ws });
		expect(invalid.status).toBe(400);
		expect(fx.emulator.violations()).toHaveLength(1);
		fx.emulator.clearViolations();
	});

	it('attaches tags to connections on create and patch, filters connections by tagIds, and detaches a deleted tag', async () => {
		const ws = fx.emulator.workspaceId;
		const red = (await fx.api.post('/tags', { name: 'red', color: 'FF0000', workspaceId: ws })).data;
		const blue = (await fx.api.post('/tags', { name: 'blue', color: '0000FF', workspaceId: ws })).data;
		const a = await fx.api.post('/connections', connectionBody('tagged a', { tags: [red] }));
		expect(a.status).toBe(200);
		expect(a.data.tags).toEqual([red]);
		const b = (await fx.api.post('/connections', connectionBody('tagged b'))).data;
		expect(b.tags).toEqual([]);
		const patched = await fx.api.patch(`/connections/${b.connectionId}`, { tags: [blue, red] });
		expect(patched.data.tags.map((t: { name: string }) => t.name)).toEqual(['blue', 'red']);
		const untouched = await fx.api.patch(`/connections/${b.connectionId}`, { name: 'tagged b2' });
		expect(untouched.data.tags).toHaveLength(2);

		const byTag = async (...ids: string[]) =>
			((await fx.api.get('/connections', { params: { tagIds: ids.join(','), includeDeleted: true, limit: 100 } })).data.data as Array<{ name: string }>)
				.map((c) => c.name)
				.sort();
		expect(await byTag(red.tagId)).toEqual(['tagged a', 'tagged b2']);
		expect(await byTag(blue.tagId)).toEqual(['tagged b2']);

		const foreign = await fx.api.post('/connections', connectionBody('bad tag', { tags: [{ ...red, tagId: '00000000-0000-4000-8000-000000000000' }] }));
		expect(foreign.status).toBe(400);
		expect(foreign.data.data.message).toMatch(/does not exist in workspace/);

		await fx.api.delete(`/tags/${red.tagId}`);
		expect((await fx.api.get(`/connections/${a.data.connectionId}`)).data.tags).toEqual([]);
		expect(await byTag(blue.tagId)).toEqual(['tagged b2']);
	});

	it('models Airbyte without tags (404 on /tags, tags and tagIds ignored) and without access to tags (403)', async () => {
		const ws = fx.emulator.workspaceId;
		const green = (await fx.api.post('/tags', { name: 'green', color: '00FF00', workspaceId: ws })).data;
		const tagged = (await fx.api.post('/connections', connectionBody('green one', { tags: [green] }))).data;

		fx.emulator.setTagsApi('absent');
		expect((await fx.api.get('/tags')).status).toBe(404);
		expect((await fx.api.post('/tags', { name: 'x', color: 'FF0000', workspaceId: ws })).status).toBe(404);
		const ignored = await fx.api.post('/connections', connectionBody('old server', { tags: [green] }));
		expect(ignored.status).toBe(200);
		expect(ignored.data.tags).toEqual([]);
		const unfiltered = await fx.api.get('/connections', { params: { tagIds: green.tagId, limit: 100 } });
		expect(unfiltered.data.data.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['green one', 'old server']));

		fx.emulator.setTagsApi('forbidden');
		const forbidden = await fx.api.get('/tags', { params: { workspaceIds: ws } });
		expect(forbidden.status).toBe(403);
		expect((await fx.api.get(`/connections/${tagged.connectionId}`)).data.tags).toEqual([green]);
	});
});
