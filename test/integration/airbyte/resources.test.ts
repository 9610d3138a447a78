// Every Source, Destination, Connection, Stream and Connector Definition operation of the Airbyte node,
// run through n8n-core against the spec-validated emulator (embedded Postgres behind it).
import { expectNoSpecViolations } from '../../airbyte-emulator';
import { id, nodeError, output, runNode, startEnv, stopEnv, type Env } from './harness';

jest.setTimeout(180_000);

function postgresConfig(databaseUrl: string, schema = 'public') {
	const url = new URL(databaseUrl);
	return {
		destinationType: 'postgres',
		host: url.hostname,
		port: Number(url.port || 5432),
		database: url.pathname.slice(1),
		schema,
		username: decodeURIComponent(url.username),
		password: decodeURIComponent(url.password),
		ssl_mode: { mode: 'disable' },
		tunnel_method: { tunnel_method: 'NO_TUNNEL' },
	};
}

describe('Airbyte node: sources, destinations, connections, streams, definitions', () => {
	let env: Env;
	beforeAll(async () => {
		env = await startEnv({ seed: { faker: { count: 30, seed: 7 }, datasets: false } });
	});
	afterAll(async () => await stopEnv(env));
	afterEach(() => expectNoSpecViolations(env.emu));

	it('lists connector definitions of both types, with a limit', async () => {
		const sources = output(await runNode(env, { resource: 'connectorDefinition', operation: 'list', type: 'source', returnAll: true }));
		expect(sources.map((d) => d.id)).toEqual(expect.arrayContaining([env.emu.definitionIds.faker, env.emu.definitionIds.file]));
		expect(sources.every((d) => d.connectorDefinitionType === 'source')).toBe(true);
		const destinations = output(
			await runNode(env, {
				resource: 'connectorDefinition',
				operation: 'list',
				type: 'destination',
				workspaceId: id(env.emu.workspaceId),
				returnAll: true,
			}),
		);
		expect(destinations.map((d) => d.id)).toContain(env.emu.definitionIds.postgres);
		const one = output(await runNode(env, { resource: 'connectorDefinition', operation: 'list', type: 'source', limit: 1 }));
		expect(one).toHaveLength(1);
	});

	it('creates, gets, lists, updates and deletes a source', async () => {
		const created = output(
			await runNode(env, {
				resource: 'source',
				operation: 'create',
				workspaceId: id(env.emu.workspaceId),
				name: 'n8n faker',
				definitionId: id(env.emu.definitionIds.faker),
				configuration: JSON.stringify({ count: 10, seed: 1 }),
			}),
		)[0];
		expect(created).toMatchObject({ name: 'n8n faker', definitionId: env.emu.definitionIds.faker, workspaceId: env.emu.workspaceId });
		const sourceId = String(created.sourceId);

		const byType = output(
			await runNode(env, {
				resource: 'source',
				operation: 'create',
				workspaceId: id(env.emu.workspaceId),
				name: 'by sourceType',
				configuration: { sourceType: 'faker', count: 5 },
			}),
		)[0];
		expect(byType.definitionId).toBe(env.emu.definitionIds.faker);

		expect(output(await runNode(env, { resource: 'source', operation: 'get', sourceId: id(sourceId) }))[0]).toMatchObject({
			sourceId,
			name: 'n8n faker',
		});

		const listed = output(
			await runNode(env, { resource: 'source', operation: 'list', returnAll: true, filters: { workspaceIds: env.emu.workspaceId } }),
		);
		expect(listed.map((s) => s.sourceId)).toEqual(expect.arrayContaining([sourceId, byType.sourceId, env.emu.sources.faker]));

		const updated = output(
			await runNode(env, { resource: 'source', operation: 'update', sourceId: id(sourceId), updateFields: { name: 'renamed' } }),
		)[0];
		expect(updated).toMatchObject({ sourceId, name: 'renamed' });

		expect(output(await runNode(env, { resource: 'source', operation: 'delete', sourceId: id(sourceId) }))).toEqual([
			{ sourceId, deleted: true },
		]);
		const gone = nodeError(await runNode(env, { resource: 'source', operation: 'get', sourceId: id(sourceId) }));
		expect(gone.message).toMatch(/404/);
		await runNode(env, { resource: 'source', operation: 'delete', sourceId: id(String(byType.sourceId)) });
	});

	it('runs once per input item with pairedItem, and limits lists', async () => {
		const run = await runNode(env, { resource: 'source', operation: 'list', limit: 1 }, { inputItems: [{ a: 1 }, { a: 2 }, { a: 3 }] });
		const items = run.outputOf('Airbyte');
		expect(items).toHaveLength(3);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('rejects a malformed source configuration with what to fix, and continues on fail when asked', async () => {
		const params = {
			resource: 'source',
			operation: 'create',
			workspaceId: id(env.emu.workspaceId),
			name: 'bad',
			definitionId: id(env.emu.definitionIds.faker),
			configuration: JSON.stringify({ count: 'many' }),
		};
		const error = nodeError(await runNode(env, params));
		expect(error.message).toMatch(/422/);
		expect(error.description).toMatch(/configuration/i);
		env.emu.clearViolations(); // the emulator records the rejected configuration; that rejection is the point here

		const notJson = nodeError(await runNode(env, { ...params, configuration: '{count: 1' }));
		expect(notJson.message).toMatch(/Configuration must be a JSON object/);

		const noType = nodeError(
			await runNode(env, { ...params, definitionId: { __rl: true, mode: 'list', value: '' }, configuration: '{}' }),
		);
		expect(noType.description).toMatch(/sourceType/);

		const run = await runNode(env, params, { continueOnFail: true, inputItems: [{ x: 1 }, { x: 2 }] });
		env.emu.clearViolations();
		expect(run.status).toBe('success');
		expect(run.outputOf('Airbyte').map((item) => [item.pairedItem, typeof item.json.error])).toEqual([
			[{ item: 0 }, 'string'],
			[{ item: 1 }, 'string'],
		]);
	});

	it('creates, gets, lists, updates and deletes a destination', async () => {
		const created = output(
			await runNode(env, {
				resource: 'destination',
				operation: 'create',
				workspaceId: id(env.emu.workspaceId),
				name: 'warehouse',
				definitionId: id(env.emu.definitionIds.postgres),
				configuration: JSON.stringify(postgresConfig(env.db.url, 'analytics')),
			}),
		)[0];
		const destinationId = String(created.destinationId);
		expect(created).toMatchObject({ name: 'warehouse', destinationType: 'postgres' });
		expect(output(await runNode(env, { resource: 'destination', operation: 'get', destinationId: id(destinationId) }))[0]).toMatchObject({
			destinationId,
		});
		const listed = output(await runNode(env, { resource: 'destination', operation: 'list', returnAll: true }));
		expect(listed.map((d) => d.destinationId)).toEqual(expect.arrayContaining([destinationId, env.emu.destinations.postgres]));
		const updated = output(
			await runNode(env, {
				resource: 'destination',
				operation: 'update',
				destinationId: id(destinationId),
				updateFields: { name: 'warehouse 2', configuration: JSON.stringify({ schema: 'analytics2' }) },
			}),
		)[0];
		expect(updated).toMatchObject({ name: 'warehouse 2' });
		expect(output(await runNode(env, { resource: 'destination', operation: 'delete', destinationId: id(destinationId) }))).toEqual([
			{ destinationId, deleted: true },
		]);
	});

	it('refuses an update with nothing to change', async () => {
		const error = nodeError(
			await runNode(env, { resource: 'destination', operation: 'update', destinationId: id(env.emu.destinations.postgres), updateFields: {} }),
		);
		expect(error.message).toMatch(/Nothing to update/);
	});

	it('lists stream properties and discovers the catalog with JSON schemas', async () => {
		const streams = output(
			await runNode(env, {
				resource: 'stream',
				operation: 'listProperties',
				sourceId: id(env.emu.sources.faker),
				destinationId: id(env.emu.destinations.postgres),
			}),
		);
		expect(streams.map((s) => s.streamName).sort()).toEqual(['products', 'purchases', 'users']);
		expect(streams[0]).toMatchObject({ sourceId: env.emu.sources.faker, syncModes: expect.arrayContaining(['full_refresh_overwrite']) });

		const [catalog] = output(await runNode(env, { resource: 'stream', operation: 'discoverCatalog', sourceId: id(env.emu.sources.faker) }));
		expect(catalog.streamCount).toBe(3);
		const users = (catalog.catalog as { streams: Array<{ name: string; json_schema: { properties: object } }> }).streams.find(
			(s) => s.name === 'users',
		);
		expect(Object.keys(users?.json_schema.properties ?? {})).toEqual(expect.arrayContaining(['id', 'email']));
	});

	it('creates, gets, lists, updates and deletes a connection (soft delete)', async () => {
		const created = output(
			await runNode(env, {
				resource: 'connection',
				operation: 'create',
				sourceId: id(env.emu.sources.faker),
				destinationId: id(env.emu.destinations.postgres),
				name: 'faker to pg',
				options: {
					namespaceDefinition: 'custom_format',
					namespaceFormat: 'n8n_faker',
					prefix: 'raw_',
					streams: JSON.stringify([{ name: 'users', syncMode: 'full_refresh_append' }]),
				},
			}),
		)[0];
		const connectionId = String(created.connectionId);
		expect(created).toMatchObject({
			name: 'faker to pg',
			namespaceDefinition: 'custom_format',
			namespaceFormat: 'n8n_faker',
			prefix: 'raw_',
			schedule: { scheduleType: 'manual' },
		});
		expect((created.configurations as { streams: Array<{ name: string }> }).streams.map((s) => s.name)).toEqual(['users']);

		expect(output(await runNode(env, { resource: 'connection', operation: 'get', connectionId: id(connectionId) }))[0]).toMatchObject({
			connectionId,
		});
		const listed = output(
			await runNode(env, { resource: 'connection', operation: 'list', returnAll: true, filters: { workspaceIds: env.emu.workspaceId } }),
		);
		expect(listed.map((c) => c.connectionId)).toContain(connectionId);

		const updated = output(
			await runNode(env, {
				resource: 'connection',
				operation: 'update',
				connectionId: id(connectionId),
				updateFields: { name: 'hourly', scheduleType: 'cron', cronExpression: '0 0 * * * ?', status: 'inactive' },
			}),
		)[0];
		expect(updated).toMatchObject({ name: 'hourly', status: 'inactive', schedule: { scheduleType: 'cron', cronExpression: '0 0 * * * ?' } });

		const tooOften = nodeError(
			await runNode(env, {
				resource: 'connection',
				operation: 'update',
				connectionId: id(connectionId),
				updateFields: { scheduleType: 'cron', cronExpression: '0 * * * * ?' },
			}),
		);
		expect(tooOften.message).toMatch(/400|hour/i);
		env.emu.clearViolations();

		expect(output(await runNode(env, { resource: 'connection', operation: 'delete', connectionId: id(connectionId) }))).toEqual([
			{ connectionId, deleted: true },
		]);
		const after = output(await runNode(env, { resource: 'connection', operation: 'list', returnAll: true }));
		expect(after.map((c) => c.connectionId)).not.toContain(connectionId);
		const withDeleted = output(
			await runNode(env, { resource: 'connection', operation: 'list', returnAll: true, filters: { includeDeleted: true } }),
		);
		expect(withDeleted.find((c) => c.connectionId === connectionId)).toMatchObject({ status: 'deprecated' });
	});

	it('rejects a connection with an unknown stream with the reason', async () => {
		const error = nodeError(
			await runNode(env, {
				resource: 'connection',
				operation: 'create',
				sourceId: id(env.emu.sources.faker),
				destinationId: id(env.emu.destinations.postgres),
				options: { streams: JSON.stringify([{ name: 'no_such_stream' }]) },
			}),
		);
		expect(error.message).toMatch(/400/);
		expect(error.message).toMatch(/no_such_stream|stream/i);
		env.emu.clearViolations();
		const notArray = nodeError(
			await runNode(env, {
				resource: 'connection',
				operation: 'create',
				sourceId: id(env.emu.sources.faker),
				destinationId: id(env.emu.destinations.postgres),
				options: { streams: '{"name":"users"}' },
			}),
		);
		expect(notArray.message).toMatch(/Streams must be a JSON array/);
	});
});
