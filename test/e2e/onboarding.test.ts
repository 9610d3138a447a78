// The shipped template workflows/airbyte-ai-onboarding.json in real n8n 2.41.1 with our packed package, against
// the spec-validated Airbyte emulator writing into the embedded Postgres: credentials created through n8n's API,
// the template imported as a user would (credentials picked by type), activated, onboarding webhook called.
// One n8n instance serves every test of this file (it takes minutes to start on a loaded machine); the tests
// run in order and share it.
import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { startN8n, type N8nInstance } from '../support/n8n-instance';
import { packPackage, REPO_ROOT, type PackedPackage } from '../support/n8n-package';
import {
	createFakerSource,
	expectDashboard,
	expectOnboarded,
	leftovers,
	onboard,
	query,
	runningExecutions,
	setupOnboarding,
	teardown,
	until,
	waitForIdle,
	type OnboardingContext,
	type OnboardingFailure,
	type OnboardingSummary,
} from '../support/onboarding-e2e';
import { sharedPath } from '../support/shared-data';

const FAKER_STREAMS = ['users', 'products', 'purchases'];

let pkg: PackedPackage | undefined;
let n8n: N8nInstance | undefined;
let ctx: OnboardingContext;
const fileStarted = Date.now();

beforeAll(async () => {
	// E2E_PACKAGE_ROOT: a built copy of the repo, for running this file without rebuilding the shared dist/.
	pkg = packPackage(process.env.E2E_PACKAGE_ROOT ?? REPO_ROOT);
	// freshDatabase: the shared migrated-template build does not take this start timeout, too short on a loaded machine.
	n8n = await startN8n({ packages: [pkg], startTimeoutMs: 600_000, freshDatabase: true });
	ctx = await setupOnboarding(n8n, { datasets: { chinook: sharedPath('datasets/chinook') } });
}, 25 * 60_000);

afterAll(async () => {
	console.log(`onboarding.test.ts wall time: ${((Date.now() - fileStarted) / 1000).toFixed(0)} s`);
	await teardown(ctx);
	await n8n?.stop();
	pkg?.cleanup();
}, 120_000);

function seconds(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

describe('Airbyte AI Onboarding template in real n8n: the chinook file source', () => {
	let summary: OnboardingSummary;

	test('onboards it: sample, schema, production connection, transforms, workflows, dashboard', async () => {
		const started = Date.now();
		const answer = await onboard(ctx, 'chinook_e2e', ctx.emu.sources.chinook);
		console.log(`onboarding wall time (chinook, real n8n, no model): ${seconds(started)}`);
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
		await waitForIdle(ctx);
		expect(await leftovers(ctx)).toEqual({ sampleConnections: [], sampleSchemas: [] });
		expect(ctx.emu.violations()).toEqual([]);
	});
});

describe('a cancelled execution, then the 3-stream faker source', () => {
	test('the execution is stopped while Start Sample waits between polls: the caller gets an error, the connection goes at once', async () => {
		// The sync "starts pods" for 3 s, so the first poll sees it running and Start Sample sleeps (120 s) before the
		// next; meanwhile the sync lands its rows in the sample schema. The execution is stopped during that sleep.
		ctx.emu.setFaults({ startupDelayMs: 3_000 });
		const pending = onboard(ctx, 'cancelled_tenant', ctx.emu.sources.faker, { pollSeconds: 120 });
		const execution = await until('a running onboarding whose sample landed', async () => {
			const [running] = await runningExecutions(ctx);
			const { sampleSchemas } = await leftovers(ctx);
			if (!running || sampleSchemas.length === 0) return undefined;
			const [{ landed }] = await query<{ landed: boolean }>(ctx, `SELECT to_regclass($1) IS NOT NULL AS landed`, [`"${sampleSchemas[0]}"."users"`]);
			if (!landed) return undefined;
			const [{ n }] = await query<{ n: number }>(ctx, `SELECT count(*)::int AS n FROM "${sampleSchemas[0]}"."users"`);
			return n > 0 ? running : undefined;
		}).finally(() => ctx.emu.setFaults({}));
		const stopped = Date.now();
		await ctx.n8n.api.stopExecution(execution.id);
		const answer = await pending;
		console.log(`webhook answer to a stopped execution (${seconds(stopped)} after the stop): HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
		// What n8n 2.41 really does: the pending webhook call is answered at once with its own 500 error.
		expect(answer.status).toBe(500);
		expect(answer.text).toMatch(/cancel|stop/i);
		const stored = await until('the stopped execution to be saved', async () => {
			const e = await ctx.n8n.api.getExecution(execution.id, false);
			return e.stoppedAt ? e : undefined;
		});
		expect(stored.status).toBe('canceled');
		// Start Sample's abort path cancels the sync and deletes the temporary connection with a signal-free client.
		const after = await until('the temporary connection to be deleted', async () => {
			const left = await leftovers(ctx);
			return left.sampleConnections.length === 0 ? left : undefined;
		}, 60_000);
		// n8n runs neither the error path nor an error workflow for a cancel, so the sample schema stays until
		// the next onboarding's sweep (see the next test and the template's "Cancelled runs" note).
		expect(after.sampleSchemas).toHaveLength(1);
		expect(ctx.emu.violations()).toEqual([]);
	}, 300_000);

	let summary: OnboardingSummary;

	test('onboards the faker source with the same checks as chinook; its sweep drops the cancelled run\'s schema', async () => {
		const started = Date.now();
		// orphanMinutes 0: this run's sweep takes every earlier sample run (safe here: nothing else runs).
		const answer = await onboard(ctx, 'faker_e2e', ctx.emu.sources.faker, { orphanMinutes: 0 });
		console.log(`onboarding wall time (3-stream faker, real n8n, no model): ${seconds(started)}`);
		summary = await expectOnboarded(ctx, answer, {
			tenantId: 'faker_e2e',
			streams: FAKER_STREAMS,
			relationships: [
				{ from: 'purchases', to: 'users' },
				{ from: 'purchases', to: 'products' },
			],
			minForeignKeys: 2,
		});
		await expectDashboard(ctx, summary, 'onboarding-dashboard-faker.png');
		await waitForIdle(ctx);
		expect(await leftovers(ctx)).toEqual({ sampleConnections: [], sampleSchemas: [] });
		expect(ctx.emu.violations()).toEqual([]);
	}, 600_000);
});

describe('five tenants onboarded concurrently', () => {
	const suffix = randomBytes(3).toString('hex');
	const tenants = [0, 1, 2, 3, 4].map((i) => ({
		tenantId: `tenant_${String.fromCharCode(97 + i)}`,
		// Distinct seeds and sizes: a tenant's tables holding another tenant's rows would show.
		faker: { count: 120 + 25 * i, seed: 100 + i },
		login: `onb_${suffix}_${String.fromCharCode(97 + i)}`,
		password: `pw-${randomBytes(8).toString('hex')}`,
		sourceId: '',
	}));
	const summaries: OnboardingSummary[] = [];

	afterAll(async () => {
		for (const t of tenants) await query(ctx, `DROP ROLE IF EXISTS "${t.login}"`).catch(() => undefined);
	});

	async function asLogin<T>(t: (typeof tenants)[number], fn: (client: Client) => Promise<T>): Promise<T> {
		const url = new URL(ctx.db.url);
		const client = new Client({ host: url.hostname, port: Number(url.port), database: url.pathname.slice(1), user: t.login, password: t.password });
		await client.connect();
		try {
			return await fn(client);
		} finally {
			await client.end();
		}
	}

	test('all five succeed, each into its own schemas, connection and dashboard', async () => {
		for (const t of tenants) {
			t.sourceId = await createFakerSource(ctx, `Faker ${t.tenantId}`, t.faker);
			// The operator's login for the tenant; provisioning makes it a member of the tenant's read/write role.
			await query(ctx, `CREATE ROLE "${t.login}" LOGIN PASSWORD '${t.password}'`);
		}
		const started = Date.now();
		const answers = await Promise.all(tenants.map((t) => onboard(ctx, t.tenantId, t.sourceId, { grantReadWriteTo: t.login })));
		console.log(`5 concurrent onboardings (3-stream faker each): ${seconds(started)}`);
		for (const [i, answer] of answers.entries()) {
			summaries.push(await expectOnboarded(ctx, answer, { tenantId: tenants[i].tenantId, streams: FAKER_STREAMS }));
		}
		const distinct = (f: (s: OnboardingSummary) => string) => new Set(summaries.map(f)).size;
		expect([distinct((s) => s.tenantSchema), distinct((s) => s.rawSchema), distinct((s) => s.productionConnection.connectionId), distinct((s) => s.dashboardUrl)]).toEqual([5, 5, 5, 5]);
	}, 900_000);

	test('no cross-talk: each tenant\'s tables hold exactly its own source\'s rows', async () => {
		expect(summaries).toHaveLength(5);
		const fingerprints: string[] = [];
		for (const [i, s] of summaries.entries()) {
			const users = s.tables.find((t) => t.kind === 'stream' && t.stream === 'users')!;
			const [modelled] = await query<{ n: number; fp: string }>(ctx, `SELECT count(*)::int AS n, md5(string_agg(email::text, ',' ORDER BY email)) AS fp FROM "${s.tenantSchema}"."${users.name}"`);
			const [raw] = await query<{ fp: string }>(ctx, `SELECT md5(string_agg(email::text, ',' ORDER BY email)) AS fp FROM "${s.rawSchema}"."users"`);
			expect({ tenant: s.tenantId, users: modelled.n, sameAsOwnRaw: modelled.fp === raw.fp }).toEqual({ tenant: s.tenantId, users: tenants[i].faker.count, sameAsOwnRaw: true });
			fingerprints.push(modelled.fp);
		}
		expect(new Set(fingerprints).size).toBe(5);
		const registry = await query<{ tenant_id: string; tenant_schema: string; connection_id: string }>(ctx, `SELECT tenant_id, tenant_schema, connection_id FROM public.airbyte_onboarding_tenants WHERE tenant_id = ANY($1)`, [
			tenants.map((t) => t.tenantId),
		]);
		expect(registry.sort((a, b) => a.tenant_id.localeCompare(b.tenant_id))).toEqual(
			summaries.map((s) => ({ tenant_id: s.tenantId, tenant_schema: s.tenantSchema, connection_id: s.productionConnection.connectionId })),
		);
	}, 120_000);

	test("each tenant's role sees its own schema and is refused on the others' (tenant and raw schemas, registry)", async () => {
		expect(summaries).toHaveLength(5);
		const usersOf = (s: OnboardingSummary) => `"${s.tenantSchema}"."${s.tables.find((t) => t.stream === 'users')!.name}"`;
		for (const [i, t] of tenants.entries()) {
			const own = summaries[i];
			const other = summaries[(i + 1) % summaries.length];
			const outcome = await asLogin(t, async (client) => {
				const ownRows = (await client.query(`SELECT count(*)::int AS n FROM ${usersOf(own)}`)).rows[0].n as number;
				const refused = async (sql: string) => {
					try {
						await client.query(sql);
						return 'allowed';
					} catch (error) {
						return (error as { code?: string }).code;
					}
				};
				return {
					ownRows,
					otherTenant: await refused(`SELECT 1 FROM ${usersOf(other)} LIMIT 1`),
					otherRaw: await refused(`SELECT 1 FROM "${other.rawSchema}"."users" LIMIT 1`),
					registry: await refused(`SELECT 1 FROM public.airbyte_onboarding_tenants LIMIT 1`),
				};
			});
			// 42501: insufficient_privilege.
			expect({ tenant: t.tenantId, ...outcome }).toEqual({ tenant: t.tenantId, ownRows: t.faker.count, otherTenant: '42501', otherRaw: '42501', registry: '42501' });
		}
	}, 120_000);

	test('no temporary sample connection or sample schema remains', async () => {
		await waitForIdle(ctx);
		expect(await leftovers(ctx)).toEqual({ sampleConnections: [], sampleSchemas: [] });
		expect(ctx.emu.violations()).toEqual([]);
	});
});

describe('faults: the webhook answers a clear error and nothing is orphaned', () => {
	async function expectNothingLeft(tenantId: string): Promise<void> {
		await waitForIdle(ctx);
		expect(await leftovers(ctx)).toEqual({ sampleConnections: [], sampleSchemas: [] });
		expect(await query(ctx, `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [`%${tenantId}%`])).toEqual([]);
		expect(ctx.emu.violations()).toEqual([]);
	}

	test('the sample job fails in Airbyte', async () => {
		ctx.emu.setFaults({ jobs: [{ afterRecords: 3, message: 'Source crashed while reading (injected)' }] });
		try {
			const answer = await onboard(ctx, 'broken_tenant', ctx.emu.sources.chinook, { orphanMinutes: 0 });
			console.log(`failed sample answer: HTTP ${answer.status} ${answer.text.slice(0, 500)}`);
			expect(answer.status).toBe(500);
			expect(answer.json).toMatchObject({
				ok: false,
				tenantId: 'broken_tenant',
				failedNode: 'Sample Sync Failed',
				error: expect.stringMatching(/^The sample sync failed in Airbyte \(job \d+, status failed\)$/),
			});
		} finally {
			ctx.emu.setFaults({});
		}
		await expectNothingLeft('broken_tenant');
	}, 300_000);

	test('Airbyte answers 429 to every job status poll (after the client\'s retries with backoff)', async () => {
		ctx.emu.setFaults({ requests: [{ kind: 'rate-limit', method: 'GET', path: /^\/jobs\/\d+$/ }] });
		try {
			const answer = await onboard(ctx, 'throttled_tenant', ctx.emu.sources.faker, { orphanMinutes: 0 });
			console.log(`rate-limited answer: HTTP ${answer.status} ${answer.text.slice(0, 500)}`);
			expect(answer.status).toBe(500);
			const body = answer.json as OnboardingFailure;
			expect(body).toMatchObject({ ok: false, tenantId: 'throttled_tenant', failedNode: 'Start Sample' });
			expect(`${body.error} ${body.description ?? ''}`).toMatch(/rate.?limit|429|too many requests/i);
		} finally {
			ctx.emu.setFaults({});
		}
		await expectNothingLeft('throttled_tenant');
	}, 300_000);
});
