// The resource locators' searchable lists (through n8n-core's LoadOptionsContext, as the editor calls them)
// and the credential's other modes: bearer token, no auth, and a Cloud-style base URL (…/v1) whose Config
// API root is derived (…/api/v1).
import * as listSearch from '../../../nodes/Airbyte/methods/listSearch';
import { expectNoSpecViolations } from '../../airbyte-emulator';
import { id, loadOptionsContext, nodeError, output, runNode, startEnv, stopEnv, type Env } from './harness';

jest.setTimeout(120_000);

describe('resource locator lists and credential modes', () => {
	let env: Env;
	beforeAll(async () => {
		env = await startEnv({ seed: { faker: { count: 10, seed: 1 }, datasets: false } });
	});
	afterAll(async () => await stopEnv(env));
	afterEach(() => expectNoSpecViolations(env.emu));

	it('searches workspaces, sources, destinations, connections and definitions', async () => {
		const ctx = loadOptionsContext(env, { resource: 'source', operation: 'create', workspaceId: { __rl: true, mode: 'url', value: `https://cloud.airbyte.com/workspaces/${env.emu.workspaceId}/connections` } });
		const workspaces = await listSearch.searchWorkspaces.call(ctx);
		expect(workspaces.results.map((r) => r.value)).toContain(env.emu.workspaceId);
		expect(workspaces.paginationToken).toBeUndefined();

		const sources = await listSearch.searchSources.call(ctx, 'FAKER');
		expect(sources.results).toEqual([expect.objectContaining({ value: env.emu.sources.faker, name: expect.stringMatching(/faker/i) })]);
		expect((await listSearch.searchSources.call(ctx, 'no such name')).results).toEqual([]);

		const destinations = await listSearch.searchDestinations.call(ctx);
		expect(destinations.results.map((r) => r.value)).toContain(env.emu.destinations.postgres);

		const [connection] = output(
			await runNode(env, {
				resource: 'connection',
				operation: 'create',
				sourceId: id(env.emu.sources.faker),
				destinationId: id(env.emu.destinations.postgres),
				name: 'searchable',
			}),
		);
		const connections = await listSearch.searchConnections.call(ctx, 'search');
		expect(connections.results.map((r) => r.value)).toEqual([connection.connectionId]);

		const noWorkspace = loadOptionsContext(env, { resource: 'source', operation: 'get' });
		expect((await listSearch.searchSources.call(noWorkspace)).results.map((r) => r.value)).toContain(env.emu.sources.faker);

		const definitions = await listSearch.searchSourceDefinitions.call(ctx);
		expect(definitions.results.map((r) => r.value)).toContain(env.emu.definitionIds.faker);
		const destinationDefinitions = await listSearch.searchDestinationDefinitions.call(ctx, 'postgres');
		expect(destinationDefinitions.results.map((r) => r.value)).toEqual([env.emu.definitionIds.postgres]);
	});

	it('works with a bearer token', async () => {
		const credentials = { environment: 'selfHosted', baseUrl: env.emu.publicApiBaseUrl, authentication: 'bearerToken', token: env.emu.issueToken() };
		const run = await runNode(env, { resource: 'workspace', operation: 'list', returnAll: true }, { credentials });
		expect(output(run).map((w) => w.workspaceId)).toContain(env.emu.workspaceId);
	});

	it('says what to fix when the instance needs authentication and none is configured', async () => {
		const credentials = { environment: 'selfHosted', baseUrl: env.emu.publicApiBaseUrl, authentication: 'none' };
		const error = nodeError(await runNode(env, { resource: 'workspace', operation: 'list', returnAll: true }, { credentials }));
		expect(error.message).toMatch(/401/);
		expect(error.description).toMatch(/credential/);
	});

	it('derives the Config API root from a Cloud-style base URL for discover', async () => {
		const credentials = { ...env.credentials, baseUrl: env.emu.cloudStyleBaseUrl, sessionToken: '' };
		const [catalog] = output(
			await runNode(env, { resource: 'stream', operation: 'discoverCatalog', sourceId: id(env.emu.sources.faker) }, { credentials }),
		);
		expect(catalog.streamCount).toBe(3);
	});

	it('says what to fix when the base URL points nowhere', async () => {
		const credentials = { ...env.credentials, baseUrl: 'http://127.0.0.1:9/api/public/v1', sessionToken: 'x' };
		const error = nodeError(await runNode(env, { resource: 'workspace', operation: 'get', workspaceId: id(env.emu.workspaceId) }, { credentials }));
		expect(`${error.message} ${error.description}`).toMatch(/reach Airbyte|ECONNREFUSED|base URL/i);
	});
});
