// The whole schema path on the spec-validated Airbyte emulator: plan from the real analyzer, provision,
// migrate, create the production connection (custom namespace = tenant raw schema, recommended modes and
// schedule) and its first sync through the Schema Designer node, then transform: every row lands.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';
import { AirbyteApi } from '../../../credentials/AirbyteApi.credentials';
import { inferDataModel } from '../../../lib/analysis/keys';
import { analyzeBusiness } from '../../../lib/analysis/business/analyze';
import { profileStreams } from '../../../lib/profile';
import { buildSchemaPlan, extrasFromAnalysis, isHourlyOrSlowerQuartz, renderPlanMigration, renderProvision, renderTransform } from '../../../lib/schema';
import { SchemaDesigner } from '../../../nodes/SchemaDesigner/SchemaDesigner.node';
import { readDatasetFolder } from '../../../tools/eval-dataset';
import { expectNoSpecViolations, startEmulator, type EmulatorHandle } from '../../airbyte-emulator';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { linearWorkflow, ourNodes, runWorkflow } from '../../support/n8n-harness';
import { sharedDir } from '../../unit/schema/ground-truth';
import { dropRoles, runScript } from './helpers';

jest.setTimeout(240_000);

describe('production connection through the Schema Designer node', () => {
	let db: TestDatabase;
	let emu: EmulatorHandle;
	const roles: string[] = [];
	const dataset = join(sharedDir(), 'datasets/chinook');

	beforeAll(async () => {
		db = await createTestDatabase('schema_prod');
		emu = await startEmulator({ databaseUrl: db.url, seed: { faker: false, datasets: { chinook: dataset } } });
	});
	afterAll(async () => {
		await emu?.stop();
		await db?.drop();
		await dropRoles(roles);
	});
	afterEach(() => expectNoSpecViolations(emu));

	it('creates the connection into the tenant raw schema, syncs, and the transforms land every row', async () => {
		const samples = readDatasetFolder(dataset);
		const profile = profileStreams(samples);
		const model = inferDataModel(profile, samples);
		const analysis = analyzeBusiness({ profile, model, samples });
		const catalog = { streams: samples.map((s) => s.stream) };
		const plan = buildSchemaPlan({ model, catalog, extras: extrasFromAnalysis(analysis), options: { tenantId: `prod_${randomBytes(3).toString('hex')}` } });
		const provision = renderProvision({ schema: plan.schema, rawSchema: plan.rawSchema });
		roles.push(provision.ownerRole, provision.readWriteRole);
		await runScript(db.client, provision.sql);
		await runScript(db.client, renderPlanMigration(plan).sql);

		const node: Partial<INode> & Pick<INode, 'type'> = {
			name: 'Connect',
			type: 'n8n-nodes-airbyte-onboarding.schemaDesigner',
			parameters: { operation: 'createProductionConnection', destinationId: emu.destinations.postgres } as INodeParameters,
			credentials: { airbyteApi: { id: '1', name: 'Airbyte' } },
		};
		const run = await runWorkflow(linearWorkflow([node]), {
			nodeTypes: ourNodes(new SchemaDesigner()),
			credentialTypes: [new AirbyteApi()],
			credentials: {
				airbyteApi: { environment: 'selfHosted', baseUrl: emu.publicApiBaseUrl, authentication: 'clientCredentials', clientId: emu.clientId, clientSecret: emu.clientSecret, tokenUrl: '', sessionToken: '' },
			},
			inputItems: [{ plan, sourceId: emu.sources.chinook, analysis, catalog } as unknown as IDataObject],
		});
		expect(run.error?.message ?? null).toBeNull();
		const out = run.jsonOf('Connect')[0] as { connectionId: string; jobId: number; namespace: string; schedule: { scheduleType: string; cronExpression?: string } };
		expect(out.namespace).toBe(plan.rawSchema);
		expect(out.jobId).toEqual(expect.any(Number));

		const res = await fetch(`${emu.publicApiBaseUrl}/connections/${out.connectionId}`, { headers: { authorization: `Bearer ${emu.issueToken()}` } });
		const connection = (await res.json()) as { namespaceDefinition: string; namespaceFormat: string; schedule: { scheduleType: string; cronExpression?: string }; configurations: { streams: Array<{ name: string; syncMode: string }> } };
		expect(connection.namespaceDefinition).toBe('custom_format');
		expect(connection.namespaceFormat).toBe(plan.rawSchema);
		if (analysis.sync.scheduleType === 'cron' && isHourlyOrSlowerQuartz(analysis.sync.cronExpression ?? '')) {
			expect(connection.schedule).toMatchObject({ scheduleType: 'cron', cronExpression: analysis.sync.cronExpression });
		}
		const modes = new Map(analysis.sync.streams.map((s) => [s.stream, s.syncMode]));
		for (const s of connection.configurations.streams) expect(s.syncMode).toBe(modes.get(s.name) ?? s.syncMode);

		const job = await emu.waitForJob(out.jobId);
		expect(job.status).toBe('succeeded');
		await runScript(db.client, renderTransform(plan).sql);
		for (const t of plan.tables.filter((x) => x.kind === 'stream')) {
			const expected = samples.find((s) => s.stream.name === t.stream)!.records.length;
			const { rows } = await db.client.query(`SELECT count(*)::int AS n FROM "${plan.schema}"."${t.name}"`);
			expect({ table: t.name, rows: rows[0].n }).toEqual({ table: t.name, rows: expected });
		}
	});
});
