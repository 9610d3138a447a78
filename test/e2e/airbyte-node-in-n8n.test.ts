// Real n8n 2.41.1 with our packed package: webhooks run the Airbyte node against the spec-validated emulator.
// Shows the airbyteApi credential's client-credentials token being refreshed by n8n after it expired
// (401 -> preAuthentication -> retry), and a sync triggered and waited for (polling with sleep) inside n8n.
import { createAxiosAirbyteClient } from '../support/airbyte-axios-transport';
import { startEmulator, type EmulatorHandle } from '../airbyte-emulator';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startN8n, type N8nInstance } from '../support/n8n-instance';
import { packPackage, REPO_ROOT, type PackedPackage } from '../support/n8n-package';
import { webhookWorkflow } from '../support/n8n-workflows';
import { createAirbyteCredential } from '../support/n8n-test-credentials';

const AIRBYTE = 'n8n-nodes-airbyte-onboarding.airbyte';

jest.setTimeout(300_000);

let pkg: PackedPackage | undefined;
let n8n: N8nInstance | undefined;
let db: TestDatabase | undefined;
let emu: EmulatorHandle | undefined;
const workflowIds: Record<string, string> = {};

beforeAll(async () => {
	// E2E_PACKAGE_ROOT / SAMPLE_E2E_ROOT: a built copy of the repo, to run this file without rebuilding the shared dist/.
	pkg = packPackage(process.env.E2E_PACKAGE_ROOT ?? process.env.SAMPLE_E2E_ROOT ?? REPO_ROOT);
	db = await createTestDatabase('e2e_airbyte');
	emu = await startEmulator({ databaseUrl: db.url, seed: { faker: { count: 20, seed: 5 }, datasets: false } });
	n8n = await startN8n({ packages: [pkg] });
	const credential = await createAirbyteCredential(n8n.api, 'Airbyte (emulator)', emu);
	const credentials = { airbyteApi: { id: credential.id, name: credential.name } };

	const listWorkspaces = webhookWorkflow({
		name: 'E2E: Airbyte workspaces',
		path: 'e2e-airbyte-workspaces',
		steps: [{ name: 'Airbyte', type: AIRBYTE, typeVersion: 1, credentials, parameters: { resource: 'workspace', operation: 'list', returnAll: true } }],
	});
	const sync = webhookWorkflow({
		name: 'E2E: Airbyte sync',
		path: 'e2e-airbyte-sync',
		responseData: 'firstEntryJson',
		steps: [
			{
				name: 'Airbyte',
				type: AIRBYTE,
				typeVersion: 1,
				credentials,
				parameters: {
					resource: 'job',
					operation: 'triggerSync',
					connectionId: { __rl: true, mode: 'id', value: '={{ $json.body.connectionId }}' },
					pollIntervalSeconds: 1,
					maxWaitSeconds: 120,
				},
			},
		],
	});
	for (const workflow of [listWorkspaces, sync]) {
		const created = await n8n.api.createWorkflow(workflow);
		await n8n.api.activateWorkflow(created.id);
		workflowIds[workflow.name] = created.id;
	}
}, 20 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await emu?.stop();
	await db?.drop();
	pkg?.cleanup();
}, 120_000);

test('the Airbyte node lists workspaces, and n8n refreshes the expired token on 401', async () => {
	const first = await n8n!.api.callWebhook('e2e-airbyte-workspaces', {});
	expect({ status: first.status, text: first.status === 200 ? '' : first.text }).toEqual({ status: 200, text: '' });
	expect((first.json as Array<{ workspaceId: string }>).map((w) => w.workspaceId)).toContain(emu!.workspaceId);

	// Every token issued so far is now rejected with 401: the persisted one must be replaced by n8n.
	emu!.expireAllTokens();
	const second = await n8n!.api.callWebhook('e2e-airbyte-workspaces', {});
	expect({ status: second.status, text: second.status === 200 ? '' : second.text }).toEqual({ status: 200, text: '' });
	expect((second.json as Array<{ workspaceId: string }>).map((w) => w.workspaceId)).toContain(emu!.workspaceId);
	expect(JSON.stringify(second.json)).not.toContain(emu!.clientSecret);
	expect(emu!.violations()).toEqual([]);
});

test('Trigger Sync waits for the job inside n8n and answers with its stats', async () => {
	const { client } = createAxiosAirbyteClient(emu!.publicApiBaseUrl, {
		type: 'clientCredentials',
		clientId: emu!.clientId,
		clientSecret: emu!.clientSecret,
	});
	const connection = await client.createConnection({
		sourceId: emu!.sources.faker,
		destinationId: emu!.destinations.postgres,
		namespaceDefinition: 'custom_format',
		namespaceFormat: 'e2e_sync',
		configurations: { streams: [{ name: 'users', syncMode: 'full_refresh_overwrite' }] },
	});
	const answer = await n8n!.api.callWebhook('e2e-airbyte-sync', { connectionId: connection.connectionId });
	expect({ status: answer.status, text: answer.status === 200 ? '' : answer.text }).toEqual({ status: 200, text: '' });
	expect(answer.json).toMatchObject({ status: 'succeeded', rowsSynced: 20, connectionId: connection.connectionId });
	const { rows } = await db!.client.query('SELECT count(*)::int AS n FROM "e2e_sync"."users"');
	expect(rows[0].n).toBe(20);
	expect(emu!.violations()).toEqual([]);
});
