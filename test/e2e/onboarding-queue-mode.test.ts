// Queue mode: real n8n 2.41.1 with EXECUTIONS_MODE=queue, one main and one `n8n worker`, Redis from Debian's
// redis-server started here, all on the embedded Postgres. The main only receives webhooks and enqueues;
// the worker (with our package in its own user folder) runs the executions and relays the webhook answers.
// Proven from the processes' own logs: the main enqueued each execution, the worker started and finished it.
// Then the main onboarding test of onboarding.test.ts (chinook through the emulator, same assertions, the
// shipped template and nodes unchanged) runs against this pair.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import type { N8nWorkflowJson } from '../support/n8n-api';
import { startN8n, type N8nInstance } from '../support/n8n-instance';
import { packPackage, REPO_ROOT, type PackedPackage } from '../support/n8n-package';
import { startN8nWorker, type N8nWorker } from '../support/n8n-worker';
import { expectDashboard, expectOnboarded, leftovers, onboard, setupOnboarding, teardown, type OnboardingContext, type OnboardingSummary } from '../support/onboarding-e2e';
import { startRedis, type RedisServer } from '../support/redis-server';
import { sharedPath } from '../support/shared-data';

let pkg: PackedPackage | undefined;
let redis: RedisServer | undefined;
let n8n: N8nInstance | undefined;
let worker: N8nWorker | undefined;
let ctx: OnboardingContext | undefined;

/** Execution ids the main put on the queue, from its log ("Enqueued execution <id> (job <n>)"). */
function enqueuedByMain(): string[] {
	const log = n8n!.logTail(100_000);
	return [...log.matchAll(/Enqueued execution (\S+) \(job/g)].map((m) => m[1]);
}

/** Waits until the worker's log says it finished `executionId` (its last log line comes after the answer). */
async function workerFinished(executionId: string, timeoutMs = 60_000): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (worker!.executionsFinished().includes(executionId)) return true;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	return false;
}

/** Webhook (answers through a Respond to Webhook node, as the template does) -> Set -> Respond to Webhook. */
function probeWorkflow(path: string): N8nWorkflowJson {
	return {
		name: 'Queue-mode probe',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path, responseMode: 'responseNode', options: {} },
			},
			{
				id: randomUUID(),
				name: 'Stamp',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [240, 0],
				parameters: {
					mode: 'manual',
					assignments: {
						assignments: [
							{ id: randomUUID(), name: 'executionId', type: 'string', value: '={{ $execution.id }}' },
							{ id: randomUUID(), name: 'echo', type: 'string', value: '={{ $json.body.ping }}' },
						],
					},
					includeOtherFields: false,
					options: {},
				},
			},
			{
				id: randomUUID(),
				name: 'Answer',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				position: [480, 0],
				parameters: { respondWith: 'firstIncomingItem', options: { responseCode: 201 } },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Stamp', type: 'main', index: 0 }]] },
			Stamp: { main: [[{ node: 'Answer', type: 'main', index: 0 }]] },
		},
	};
}

beforeAll(async () => {
	// E2E_PACKAGE_ROOT: a built copy of the repo, for running this file without rebuilding the shared dist/.
	pkg = packPackage(process.env.E2E_PACKAGE_ROOT ?? REPO_ROOT);
	redis = await startRedis();
	n8n = await startN8n({
		packages: [pkg],
		env: {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			// Editor (manual) runs go to the worker too, as they will by default in n8n 3.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		},
	});
	worker = await startN8nWorker(n8n, { packages: [pkg] });
	console.log(`queue mode up: main ${n8n.timings.startMs} ms, worker ${worker.startMs} ms (redis ${redis.url})`);
	// The template as shipped in the packed package (dist/workflows), built together with the nodes under test.
	ctx = await setupOnboarding(n8n, { datasets: { chinook: sharedPath('datasets/chinook') }, template: join(pkg.dir, 'dist/workflows/airbyte-ai-onboarding.json') });
}, 25 * 60_000);

afterAll(async () => {
	await teardown(ctx);
	await worker?.stop();
	await n8n?.stop();
	await redis?.stop();
	pkg?.cleanup();
}, 120_000);

describe('n8n in queue mode (one main, one worker, Redis)', () => {
	test('a webhook execution is enqueued by the main, run by the worker, and its Respond to Webhook answer relayed back', async () => {
		const created = await n8n!.api.createWorkflow(probeWorkflow('queue-probe'));
		await n8n!.api.activateWorkflow(created.id);
		const answer = await n8n!.api.callWebhook('queue-probe', { ping: 'from-test' });
		expect({ status: answer.status, text: answer.status === 201 ? '' : answer.text }).toEqual({ status: 201, text: '' });
		const { executionId, echo } = answer.json as { executionId: string; echo: string };
		expect(echo).toBe('from-test');
		expect(executionId).toMatch(/^\d+$/);

		expect(enqueuedByMain()).toContain(executionId);
		expect(await workerFinished(executionId)).toBe(true);
		expect(worker!.executionsStarted()).toContain(executionId);
		const execution = await n8n!.api.getExecution(executionId, false);
		expect({ status: execution.status, mode: execution.mode }).toEqual({ status: 'success', mode: 'webhook' });
		// Redis holds the queue: Bull's keys under n8n's prefix exist.
		expect(await redis!.command('KEYS bull:*')).toContain('bull:jobs');
	});
});

describe('Airbyte AI Onboarding template in queue mode (main + worker)', () => {
	let summary: OnboardingSummary;

	test('onboards the chinook file source: sample, schema, production connection, transforms, workflows, dashboard', async () => {
		const started = Date.now();
		const answer = await onboard(ctx!, 'chinook_queue', ctx!.emu.sources.chinook);
		console.log(`onboarding wall time (chinook, queue mode, no model): ${((Date.now() - started) / 1000).toFixed(1)} s`);
		summary = await expectOnboarded(ctx!, answer, {
			tenantId: 'chinook_queue',
			streams: ['artist', 'album', 'track', 'invoice', 'invoice_line', 'customer'],
			relationships: [
				{ from: 'invoice', to: 'customer' },
				{ from: 'track', to: 'genre' },
			],
			minForeignKeys: 5,
		});
		const execution = await ctx!.n8n.api.waitForExecution(ctx!.workflowId, { timeoutMs: 120_000 });
		expect(execution.status).toBe('success');
		expect(enqueuedByMain()).toContain(execution.id);
		expect(await workerFinished(execution.id)).toBe(true);
	}, 600_000);

	test('the dashboard URL serves the tenant dashboard; an unknown tenant gets 404', async () => {
		expect(summary).toBeDefined();
		await expectDashboard(ctx!, summary, 'onboarding-dashboard-chinook-queue-mode.png');
		const missing = await ctx!.n8n.api.callWebhook('airbyte-onboarding/dashboard?tenantId=nobody', undefined, 'GET');
		expect(missing.status).toBe(404);
	}, 120_000);

	test('no temporary sample connection or sample schema remains, and every Airbyte request matched the spec', async () => {
		expect(await leftovers(ctx!)).toEqual({ sampleConnections: [], sampleSchemas: [] });
		expect(ctx!.emu.violations()).toEqual([]);
	});

	test('every execution of the template (onboarding and dashboards) was enqueued by the main and run by the worker', async () => {
		const executions = await ctx!.n8n.api.listExecutions(ctx!.workflowId);
		expect(executions.length).toBeGreaterThanOrEqual(3);
		for (const e of executions) expect(await workerFinished(e.id)).toBe(true);
		const ids = executions.map((e) => e.id).sort();
		expect(ids.filter((id) => !enqueuedByMain().includes(id))).toEqual([]);
		expect(ids.filter((id) => !worker!.executionsStarted().includes(id))).toEqual([]);
		expect(executions.filter((e) => e.status !== 'success').map((e) => ({ id: e.id, status: e.status }))).toEqual([]);
	}, 120_000);
});
