// Job operations and the Airbyte Trigger through n8n-core against the emulator: real syncs into the
// embedded Postgres, waiting with progress, 409 outcomes, failing and never-finishing jobs, 429 storms,
// and a cancel during polling that leaves no timer behind.
import { AirbyteApi } from '../../../credentials/AirbyteApi.credentials';
import { AirbyteTrigger } from '../../../nodes/AirbyteTrigger/AirbyteTrigger.node';
import { expectNoSpecViolations } from '../../airbyte-emulator';
import { createAxiosAirbyteClient } from '../../support/airbyte-axios-transport';
import { ourNodes, runWorkflow } from '../../support/n8n-harness';
import type { AirbyteClient } from '../../../lib/airbyte/client';
import { id, nodeError, output, runNode, startEnv, stopEnv, triggerPoller, type Env } from './harness';

jest.setTimeout(180_000);

const activeTimeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('Airbyte node: jobs, and the Airbyte Trigger', () => {
	let env: Env;
	let client: AirbyteClient;
	let connectionId: string;

	beforeAll(async () => {
		env = await startEnv({ seed: { faker: { count: 40, seed: 3 }, datasets: false } });
		client = createAxiosAirbyteClient(env.emu.publicApiBaseUrl, {
			type: 'clientCredentials',
			clientId: env.emu.clientId,
			clientSecret: env.emu.clientSecret,
		}).client;
		const connection = await client.createConnection({
			sourceId: env.emu.sources.faker,
			destinationId: env.emu.destinations.postgres,
			name: 'jobs test',
			namespaceDefinition: 'custom_format',
			namespaceFormat: 'n8n_jobs',
			configurations: { streams: [{ name: 'users', syncMode: 'full_refresh_overwrite' }] },
		});
		connectionId = connection.connectionId;
	});
	afterAll(async () => await stopEnv(env));
	afterEach(async () => {
		env.emu.setFaults({});
		for (const job of await client.listJobs({ connectionId, status: 'running' })) {
			await client.cancelJob(job.jobId).catch(() => undefined);
			await env.emu.waitForJob(job.jobId);
		}
		expectNoSpecViolations(env.emu);
	});

	const sync = (extra: Record<string, unknown> = {}) =>
		runNode(env, {
			resource: 'job',
			operation: 'triggerSync',
			connectionId: id(connectionId),
			pollIntervalSeconds: 1,
			maxWaitSeconds: 60,
			...extra,
		});

	it('triggers a sync and waits for it, with stats and progress, and the rows land in Postgres', async () => {
		const [job] = output(await sync());
		expect(job).toMatchObject({ status: 'succeeded', jobType: 'sync', connectionId, alreadyRunning: false });
		expect(job.rowsSynced).toBe(40);
		expect(job.wait).toMatchObject({ polls: expect.any(Number) });
		expect(job.progress).toMatchObject({ streams: expect.any(Array) });
		const { rows } = await env.db.client.query('SELECT count(*)::int AS n FROM "n8n_jobs"."users"');
		expect(rows[0].n).toBe(40);
	});

	it('returns the started job at once, then gets, waits for and lists it', async () => {
		const [started] = output(await sync({ waitForCompletion: false }));
		expect(['pending', 'running']).toContain(started.status);
		const jobId = String(started.jobId);

		expect(output(await runNode(env, { resource: 'job', operation: 'get', jobId }))[0]).toMatchObject({ jobId: started.jobId });

		const [done] = output(
			await runNode(env, { resource: 'job', operation: 'waitForCompletion', jobId, pollIntervalSeconds: 1, maxWaitSeconds: 60 }),
		);
		expect(done).toMatchObject({ jobId: started.jobId, status: 'succeeded', durationSeconds: expect.any(Number) });

		const listed = output(
			await runNode(env, {
				resource: 'job',
				operation: 'list',
				returnAll: true,
				filters: { connectionId, status: 'succeeded', jobType: 'sync', orderBy: 'createdAt|DESC' },
			}),
		);
		expect(listed[0].jobId).toBe(started.jobId);
		expect(listed.every((j) => j.status === 'succeeded' && j.connectionId === connectionId)).toBe(true);
	});

	it('treats "sync already running" and "job not running" as distinct outcomes', async () => {
		env.emu.setFaults({ startupDelayMs: 30_000 });
		const [first] = output(await sync({ waitForCompletion: false }));

		const [reused] = output(await sync({ waitForCompletion: false }));
		expect(reused).toMatchObject({ jobId: first.jobId, alreadyRunning: true });

		const refused = nodeError(await sync({ waitForCompletion: false, options: { ifRunning: 'fail' } }));
		expect(refused.message).toMatch(/409.*A sync is already running/);
		expect(refused.description).toMatch(/Wait for it|cancel/);

		const [cancelled] = output(await runNode(env, { resource: 'job', operation: 'cancel', jobId: String(first.jobId) }));
		expect(cancelled).toMatchObject({ jobId: first.jobId, cancelRequested: true });
		await env.emu.waitForJob(Number(first.jobId));

		const [again] = output(await runNode(env, { resource: 'job', operation: 'cancel', jobId: String(first.jobId) }));
		expect(again).toMatchObject({ jobId: first.jobId, cancelRequested: false, status: 'cancelled', message: 'Job is not currently running' });
	});

	it('ends the wait for a job that never finishes with a bounded error', async () => {
		env.emu.setFaults({ startupDelayMs: 600_000 });
		const error = nodeError(await sync({ maxWaitSeconds: 2, pollIntervalSeconds: 1 }));
		expect(error.message).toMatch(/still (running|pending) after \d+ s \(max wait 2 s\)/);
		expect(error.description).toMatch(/Max Wait/);
	});

	it('stops cleanly when the execution is cancelled while polling, leaving no timer', async () => {
		env.emu.setFaults({ startupDelayMs: 600_000 });
		const baseline = activeTimeouts();
		const controller = new AbortController();
		const poll = setInterval(async () => {
			const jobs = await client.listJobs({ connectionId, status: 'running' });
			if (jobs.length > 0) {
				clearInterval(poll);
				controller.abort();
			}
		}, 100);
		const run = await runNode(env, { resource: 'job', operation: 'triggerSync', connectionId: id(connectionId), pollIntervalSeconds: 30, maxWaitSeconds: 600 }, { signal: controller.signal });
		clearInterval(poll);
		expect(run.status).toBe('canceled');
		for (const job of await client.listJobs({ connectionId, status: 'running' })) {
			await client.cancelJob(job.jobId);
			await env.emu.waitForJob(job.jobId);
		}
		// Short-lived timers of the emulator and pg may still be pending for a moment; the node's 30 s poll timer
		// would outlive this wait.
		const settled = Date.now() + 5_000;
		while (activeTimeouts() > baseline && Date.now() < settled) await new Promise((resolve) => setTimeout(resolve, 100));
		expect(activeTimeouts()).toBeLessThanOrEqual(baseline);
	});

	it('reports a failed job as an error, or as output when told not to fail', async () => {
		env.emu.setFaults({ jobs: [{ connectionId, afterRecords: 5, message: 'source crashed', times: 2 }] });
		const error = nodeError(await sync());
		expect(error.message).toMatch(/ended failed/);
		const [job] = output(await sync({ options: { errorOnJobFailure: false } }));
		expect(job.status).toBe('failed');
	});

	it('rides out a 429 storm, and gives up on an endless one with a rate-limit error', async () => {
		const [started] = output(await sync({ waitForCompletion: false }));
		env.emu.setFaults({ requests: [{ method: 'GET', path: /^\/jobs\/\d+$/, kind: 'rate-limit', times: 3 }] });
		expect(output(await runNode(env, { resource: 'job', operation: 'get', jobId: String(started.jobId) }))[0].jobId).toBe(started.jobId);
		await env.emu.waitForJob(Number(started.jobId));

		env.emu.setFaults({ requests: [{ method: 'GET', path: '/workspaces', kind: 'rate-limit' }] });
		const error = nodeError(await runNode(env, { resource: 'workspace', operation: 'list', limit: 5 }));
		expect(error.message).toMatch(/429.*after 5 attempts/);
		expect(error.description).toMatch(/rate limiting/);
	});

	it('after a 5xx on POST /jobs checks before retrying, so exactly one sync starts', async () => {
		const before = (await client.listJobs({ connectionId })).length;
		env.emu.setFaults({ requests: [{ method: 'POST', path: '/jobs', kind: 'status', status: 502, times: 1 }] });
		const [job] = output(await sync({ waitForCompletion: false }));
		expect(['pending', 'running']).toContain(job.status);
		await env.emu.waitForJob(Number(job.jobId));
		expect((await client.listJobs({ connectionId })).length).toBe(before + 1);
	});

	it('fails on an unknown connection and a non-numeric job ID with what to fix', async () => {
		const unknown = nodeError(
			await runNode(env, { resource: 'job', operation: 'triggerSync', connectionId: id('00000000-0000-4000-8000-000000000001') }),
		);
		expect(unknown.message).toMatch(/404/);
		env.emu.clearViolations();
		const badId = nodeError(await runNode(env, { resource: 'job', operation: 'get', jobId: 'abc' }));
		expect(badId.description).toMatch(/whole numbers/);
	});

	describe('Airbyte Trigger', () => {
		it('emits each finished job of the connection once, with its stats, starting from activation', async () => {
			const earlier = await client.triggerSync(connectionId);
			await env.emu.waitForJob(earlier.jobId);

			const trigger = triggerPoller(env, { watch: 'connection', connectionId: id(connectionId), events: ['succeeded', 'failed'] });
			expect(await trigger.poll()).toEqual([]); // activation: past jobs do not fire

			const job = await client.triggerSync(connectionId);
			await env.emu.waitForJob(job.jobId);
			const events = await trigger.poll();
			expect(events).toEqual([expect.objectContaining({ jobId: job.jobId, status: 'succeeded', rowsSynced: 40 })]);
			expect(await trigger.poll()).toEqual([]);

			env.emu.setFaults({ jobs: [{ connectionId, afterRecords: 1 }] });
			const failed = await client.triggerSync(connectionId);
			await env.emu.waitForJob(failed.jobId);
			expect((await trigger.poll()).map((e) => [e.jobId, e.status])).toEqual([[failed.jobId, 'failed']]);
		});

		it('watches a workspace and filters by event', async () => {
			const trigger = triggerPoller(env, { watch: 'workspace', workspaceId: id(env.emu.workspaceId), events: ['cancelled'], jobType: 'any' });
			await trigger.poll();
			const ok = await client.triggerSync(connectionId);
			await env.emu.waitForJob(ok.jobId);
			env.emu.setFaults({ startupDelayMs: 600_000 });
			const slow = await client.triggerSync(connectionId);
			await client.cancelJob(slow.jobId);
			await env.emu.waitForJob(slow.jobId);
			expect((await trigger.poll()).map((e) => [e.jobId, e.status])).toEqual([[slow.jobId, 'cancelled']]);
		});

		it('shows the latest matching job on a manual test run', async () => {
			const job = await client.triggerSync(connectionId);
			await env.emu.waitForJob(job.jobId);
			const manual = await runWorkflow(
				{
					nodes: [
						{
							id: 't',
							name: 'Trigger',
							type: 'n8n-nodes-airbyte-onboarding.airbyteTrigger',
							typeVersion: 1,
							position: [0, 0],
							parameters: { watch: 'connection', connectionId: id(connectionId), events: ['succeeded'] },
						},
					],
					connections: {},
				},
				{ nodeTypes: ourNodes(new AirbyteTrigger()), credentialTypes: [new AirbyteApi()], credentials: { airbyteApi: env.credentials } },
			);
			expect(manual.jsonOf('Trigger')).toEqual([expect.objectContaining({ jobId: job.jobId, status: 'succeeded' })]);
		});
	});
});
