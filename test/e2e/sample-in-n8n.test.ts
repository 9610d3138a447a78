// Real n8n 2.41.1 with our packed package: a webhook runs Airbyte Sample (Start, waiting) -> n8n's built-in
// Postgres node (readSql) -> Airbyte Sample (Finish) -> Postgres (cleanupSql, once) -> Edit Fields (the
// answer), against the spec-validated Airbyte emulator writing into the embedded Postgres.
import { Client } from 'pg';

import { startEmulator, type EmulatorHandle } from '../airbyte-emulator';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startN8n, type N8nInstance } from '../support/n8n-instance';
import { packPackage, REPO_ROOT, type PackedPackage } from '../support/n8n-package';
import { webhookWorkflow } from '../support/n8n-workflows';
import { sharedPath } from '../support/shared-data';
import { createPostgresCredential, createAirbyteCredential } from '../support/n8n-test-credentials';

const SAMPLE = 'n8n-nodes-airbyte-onboarding.airbyteSample';
const hookPath = 'e2e-airbyte-sample';

let pkg: PackedPackage | undefined;
let n8n: N8nInstance | undefined;
let db: TestDatabase | undefined;
let emu: EmulatorHandle | undefined;
let workflowId: string;

beforeAll(async () => {
	// SAMPLE_E2E_ROOT: a built copy of the repo, for running this file without rebuilding the shared dist/.
	pkg = packPackage(process.env.SAMPLE_E2E_ROOT ?? REPO_ROOT);
	db = await createTestDatabase('e2e_sample');
	emu = await startEmulator({ databaseUrl: db.url, seed: { faker: false, datasets: { chinook: sharedPath('datasets', 'chinook') } } });
	n8n = await startN8n({ packages: [pkg] });
	const airbyte = await createAirbyteCredential(n8n.api, 'Airbyte (emulator)', emu);
	const postgres = await createPostgresCredential(n8n.api, 'Sample database', db.url);
	const airbyteRef = { airbyteApi: { id: airbyte.id, name: airbyte.name } };
	const pgRef = { postgres: { id: postgres.id, name: postgres.name } };
	const workflow = webhookWorkflow({
		name: 'E2E: sample an Airbyte source',
		path: hookPath,
		responseData: 'firstEntryJson',
		steps: [
			{
				name: 'Start Sample',
				type: SAMPLE,
				typeVersion: 1,
				credentials: airbyteRef,
				parameters: {
					operation: 'startSample',
					sourceId: { __rl: true, mode: 'id', value: '={{ $json.body.sourceId }}' },
					destinationId: { __rl: true, mode: 'id', value: '={{ $json.body.sampleDestinationId }}' },
					sampleSize: 25,
					pollSeconds: 0.5,
				},
			},
			{
				name: 'Read Sample',
				type: 'n8n-nodes-base.postgres',
				typeVersion: 2.6,
				credentials: pgRef,
				parameters: { operation: 'executeQuery', query: '={{ $json.readSql }}', options: {} },
			},
			{ name: 'Finish Sample', type: SAMPLE, typeVersion: 1, credentials: airbyteRef, parameters: { operation: 'finishSample' } },
			{
				name: 'Drop Sample Schema',
				type: 'n8n-nodes-base.postgres',
				typeVersion: 2.6,
				credentials: pgRef,
				executeOnce: true,
				parameters: { operation: 'executeQuery', query: '={{ $json.cleanupSql }}', options: {} },
			},
			{
				name: 'Answer',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					mode: 'raw',
					jsonOutput:
						"={{ JSON.stringify({ samples: $('Finish Sample').all().map(i => ({ stream: i.json.streamName, status: i.json.status, recordCount: i.json.recordCount, totalRecords: i.json.totalRecords, first: i.json.records[0] })) }) }}",
					options: {},
				},
			},
		],
	});
	const created = await n8n.api.createWorkflow(workflow);
	workflowId = created.id;
	await n8n.api.activateWorkflow(workflowId);
}, 20 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await emu?.stop();
	await db?.drop();
	pkg?.cleanup();
}, 120_000);

test('Start -> Postgres -> Finish -> Postgres through a webhook returns the samples and leaves nothing behind', async () => {
	const answer = await n8n!.api.callWebhook(hookPath, { sourceId: emu!.sources.chinook, sampleDestinationId: emu!.destinations.postgres });
	expect({ status: answer.status, text: answer.status === 200 ? '' : answer.text }).toEqual({ status: 200, text: '' });
	const { samples } = answer.json as { samples: Array<{ stream: string; status: string; recordCount: number; totalRecords: number; first: Record<string, unknown> }> };
	expect(samples.map((s) => s.stream)).toEqual(expect.arrayContaining(['artist', 'album', 'track', 'invoice_line']));
	const track = samples.find((s) => s.stream === 'track')!;
	expect(track).toMatchObject({ status: 'complete', recordCount: 25 });
	expect(Object.keys(track.first).some((k) => k.startsWith('_airbyte_'))).toBe(false);
	expect(JSON.stringify(answer.json)).not.toContain(emu!.clientSecret);

	const execution = await n8n!.api.waitForExecution(workflowId);
	expect(execution.status).toBe('success');

	const res = await fetch(`${emu!.publicApiBaseUrl}/connections?workspaceIds=${emu!.workspaceId}&limit=100`, {
		headers: { authorization: `Bearer ${emu!.issueToken()}` },
	});
	const connections = ((await res.json()) as { data: Array<{ name: string }> }).data;
	expect(connections.filter((c) => c.name.startsWith('n8n-sample-'))).toEqual([]);
	const client = new Client({ connectionString: db!.url });
	await client.connect();
	const schemas = await client.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'n8n\\_sample\\_%'`);
	await client.end();
	expect(schemas.rows).toEqual([]);
	expect(emu!.violations()).toEqual([]);
}, 300_000);
