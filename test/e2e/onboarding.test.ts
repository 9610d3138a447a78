// The shipped template workflows/airbyte-ai-onboarding.json in real n8n 2.41.1 with our packed package, against
// the spec-validated Airbyte emulator writing into the embedded Postgres: credentials created through n8n's API,
// the template imported as a user would (credentials picked by type), activated, onboarding webhook called.
// One n8n instance serves every test of this file (it takes minutes to start on a loaded machine).
import { startN8n, type N8nInstance } from '../support/n8n-instance';
import { packPackage, REPO_ROOT, type PackedPackage } from '../support/n8n-package';
import {
	expectDashboard,
	expectOnboarded,
	expectTenantLoaded,
	leftovers,
	onboard,
	query,
	setupOnboarding,
	teardown,
	type OnboardingContext,
	type OnboardingSummary,
} from '../support/onboarding-e2e';
import { sharedPath } from '../support/shared-data';

let pkg: PackedPackage | undefined;
let n8n: N8nInstance | undefined;
let ctx: OnboardingContext;

beforeAll(async () => {
	// E2E_PACKAGE_ROOT: a built copy of the repo, for running this file without rebuilding the shared dist/.
	pkg = packPackage(process.env.E2E_PACKAGE_ROOT ?? REPO_ROOT);
	n8n = await startN8n({ packages: [pkg], startTimeoutMs: 600_000 });
	ctx = await setupOnboarding(n8n, { datasets: { chinook: sharedPath('datasets/chinook') } });
}, 25 * 60_000);

afterAll(async () => {
	await teardown(ctx);
	await n8n?.stop();
	pkg?.cleanup();
}, 120_000);

describe('Airbyte AI Onboarding template in real n8n', () => {
	let summary: OnboardingSummary;

	test('onboards the chinook file source: sample, schema, production connection, transforms, workflows, dashboard', async () => {
		const started = Date.now();
		const answer = await onboard(ctx, 'chinook_e2e', ctx.emu.sources.chinook);
		console.log(`onboarding wall time (chinook, real n8n, no model): ${((Date.now() - started) / 1000).toFixed(1)} s`);
		summary = await expectOnboarded(ctx, answer, {
			tenantId: 'chinook_e2e',
			streams: ['artist', 'album', 'track', 'invoice', 'invoice_line', 'customer'],
			// Relationships the analyzer verified on the sample (a random sample of each table, so not every FK of the source).
			relationships: [
				{ from: 'invoice', to: 'customer' },
				{ from: 'track', to: 'genre' },
			],
			minForeignKeys: 5,
		});
		const execution = await ctx.n8n.api.waitForExecution(ctx.workflowId, { timeoutMs: 120_000 });
		expect(execution.status).toBe('success');
	}, 600_000);

	test('the dashboard URL serves the tenant dashboard; an unknown tenant gets 404', async () => {
		expect(summary).toBeDefined();
		await expectDashboard(ctx, summary, 'onboarding-dashboard-chinook.png');
		const missing = await ctx.n8n.api.callWebhook('airbyte-onboarding/dashboard?tenantId=nobody', undefined, 'GET');
		expect(missing.status).toBe(404);
	}, 120_000);

	test('no temporary sample connection or sample schema remains, and every Airbyte request matched the spec', async () => {
		expect(await leftovers(ctx)).toEqual({ sampleConnections: [], sampleSchemas: [] });
		expect(ctx.emu.violations()).toEqual([]);
	});
});

describe('more tenants, concurrently, and faults', () => {
	test('three tenants onboarded at once (faker and chinook sources): all succeed, each into its own schemas', async () => {
		const started = Date.now();
		const tenants = [
			['faker_a', ctx.emu.sources.faker],
			['faker_b', ctx.emu.sources.faker],
			['chinook_c', ctx.emu.sources.chinook],
		] as const;
		const answers = await Promise.all(tenants.map(([tenant, source]) => onboard(ctx, tenant, source)));
		console.log(`3 concurrent onboardings: ${((Date.now() - started) / 1000).toFixed(1)} s`);
		for (const [i, answer] of answers.entries()) expect({ tenant: tenants[i][0], status: answer.status, text: answer.status === 200 ? '' : answer.text }).toEqual({ tenant: tenants[i][0], status: 200, text: '' });
		const summaries = answers.map((a) => a.json as OnboardingSummary);
		expect(summaries.map((s) => s.tenantId)).toEqual(tenants.map(([t]) => t));
		expect(new Set(summaries.map((s) => s.tenantSchema)).size).toBe(3);
		expect(new Set(summaries.map((s) => s.productionConnection.connectionId)).size).toBe(3);
		const faker = summaries[0];
		expect(faker.tables.filter((t) => t.kind === 'stream').map((t) => t.stream).sort()).toEqual(expect.arrayContaining(['products', 'purchases', 'users']));
		for (const s of summaries) await expectTenantLoaded(ctx, s);
		expect(await leftovers(ctx)).toEqual({ sampleConnections: [], sampleSchemas: [] });
	}, 600_000);

	test('the sample job fails in Airbyte: the webhook answers with a clear error and nothing is left behind', async () => {
		ctx.emu.setFaults({ jobs: [{ afterRecords: 3, message: 'Source crashed while reading (injected)' }] });
		try {
			const answer = await onboard(ctx, 'broken_tenant', ctx.emu.sources.chinook, { orphanMinutes: 0 });
			expect(answer.status).toBe(500);
			const body = answer.json as { ok: boolean; tenantId: string; error: string; failedNode: string };
			console.log(`failed sample answer: ${JSON.stringify(body)}`);
			expect(body).toMatchObject({ ok: false, tenantId: 'broken_tenant', failedNode: 'Sample Sync Failed', error: expect.stringMatching(/^The sample sync failed in Airbyte \(job \d+, status failed\)$/) });
		} finally {
			ctx.emu.setFaults({});
		}
		expect(await leftovers(ctx)).toEqual({ sampleConnections: [], sampleSchemas: [] });
		expect(await query(ctx, `SELECT nspname FROM pg_namespace WHERE nspname LIKE '%broken\\_tenant%'`)).toEqual([]);
		expect(ctx.emu.violations()).toEqual([]);
	}, 300_000);
});
