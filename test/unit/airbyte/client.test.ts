import {
	AirbyteAbortError,
	AirbyteAmbiguousCreateError,
	AirbyteApiError,
	AirbyteTransportError,
	AirbyteWaitTimeoutError,
} from '../../../lib/airbyte/errors';
import { waitForJob } from '../../../lib/airbyte/wait-for-job';
import { makeClient, problem } from './fakes';

const job = (jobId: number, status: string, extra: Record<string, unknown> = {}) => ({
	jobId,
	status,
	jobType: 'sync',
	startTime: '2026-01-01T00:00:00Z',
	connectionId: 'c1',
	...extra,
});

describe('AirbyteClient requests', () => {
	it('joins paths to the public and the Config API roots', async () => {
		const { client, transport } = makeClient((req) =>
			req.url.endsWith('/sources/discover_schema')
				? { status: 200, body: { catalog: { streams: [] }, jobInfo: { succeeded: true } } }
				: { status: 200, body: { workspaceId: 'w', name: 'n', dataResidency: 'auto', notifications: {} } },
		);
		await client.getWorkspace('w 1');
		await client.discoverSchema({ sourceId: 's' });
		expect(transport.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
			'GET http://airbyte.local:8000/api/public/v1/workspaces/w%201',
			'POST http://airbyte.local:8000/api/v1/sources/discover_schema',
		]);
	});

	it('retries GET on 429 storms and 5xx, then succeeds', async () => {
		let n = 0;
		const { client, clock } = makeClient(() => {
			n++;
			if (n <= 3) return n === 2 ? problem(502, 'bad-gateway') : { status: 429, body: { message: 'You are being rate limited.' } };
			return { status: 200, body: job(7, 'running') };
		});
		await expect(client.getJob(7)).resolves.toMatchObject({ jobId: 7 });
		expect(clock.sleeps).toHaveLength(3);
	});

	it('gives up on a 429 storm within the bound with a rate-limit error', async () => {
		const { client, transport } = makeClient(() => ({ status: 429, body: { message: 'You are being rate limited.' } }), {
			retry: { maxAttempts: 3 },
		});
		const error = (await client.listWorkspaces().catch((e: unknown) => e)) as AirbyteApiError;
		expect(error.kind).toBe('rate-limited');
		expect(error.attempts).toBe(3);
		expect(transport.requests).toHaveLength(3);
	});

	it('retries timeouts of idempotent calls', async () => {
		let n = 0;
		const { client } = makeClient(() =>
			++n === 1 ? new AirbyteTransportError('timeout', { code: 'ETIMEDOUT', timedOut: true }) : { status: 200, body: job(1, 'succeeded') },
		);
		await expect(client.getJob(1)).resolves.toMatchObject({ status: 'succeeded' });
	});

	it('never blindly retries a create after a 5xx: it reports the ambiguity', async () => {
		const { client, transport } = makeClient(() => problem(500, 'internal'));
		await expect(
			client.createSource({ name: 'x', workspaceId: 'w', configuration: { sourceType: 'faker' } as never }),
		).rejects.toBeInstanceOf(AirbyteAmbiguousCreateError);
		expect(transport.requests).toHaveLength(1);
	});

	it('retries a create on 429 (Airbyte did not process it)', async () => {
		let n = 0;
		const { client, transport } = makeClient(() => (++n === 1 ? { status: 429, body: {} } : { status: 200, body: { sourceId: 's' } }));
		await expect(client.createSource({ name: 'x', workspaceId: 'w', configuration: {} as never })).resolves.toEqual({ sourceId: 's' });
		expect(transport.requests).toHaveLength(2);
	});

	it('treats a 404 on a retried DELETE as already deleted, but a first-attempt 404 as an error', async () => {
		let n = 0;
		const retried = makeClient(() => (++n === 1 ? problem(503, 'unavailable') : problem(404, 'resource-not-found')));
		await expect(retried.client.deleteSource('s')).resolves.toBeUndefined();
		const missing = makeClient(() => problem(404, 'resource-not-found'));
		await expect(missing.client.deleteSource('s')).rejects.toMatchObject({ kind: 'not-found' });
	});

	it('refuses empty IDs before any request', async () => {
		const { client, transport } = makeClient(() => ({ status: 200, body: {} }));
		await expect(client.getSource('  ')).rejects.toThrow(/empty/);
		expect(transport.requests).toHaveLength(0);
	});

	it('surfaces a failed discover with Airbyte\'s reason', async () => {
		const { client } = makeClient(() => ({
			status: 200,
			body: { jobInfo: { succeeded: false, failureReason: { externalMessage: 'Invalid credentials for the API' } } },
		}));
		await expect(client.discoverSchema({ sourceId: 's' })).rejects.toThrow(/Invalid credentials for the API/);
	});
});

describe('createJob', () => {
	it('returns the 409 "sync already running" as its own kind', async () => {
		const { client } = makeClient(() => problem(409, 'try-again-later', 'A sync is already running for: c1'));
		await expect(client.triggerSync('c1')).rejects.toMatchObject({ kind: 'sync-already-running', status: 409 });
	});

	it('after an ambiguous 5xx, finds the job the request created instead of starting a second one', async () => {
		const posts: number[] = [];
		const { client, transport } = makeClient((req) => {
			if (req.method === 'POST') {
				posts.push(1);
				return problem(502, 'bad-gateway');
			}
			return { status: 200, body: { data: [job(42, 'running')] } };
		});
		await expect(client.triggerSync('c1')).resolves.toMatchObject({ jobId: 42 });
		expect(posts).toHaveLength(1);
		const list = transport.requests.find((r) => r.method === 'GET');
		expect(list?.query).toMatchObject({ connectionId: 'c1', jobType: 'sync', orderBy: 'createdAt|DESC' });
		expect(String(list?.query?.createdAtStart)).toMatch(/^\d{4}-\d\d-\d\dT/);
	});

	it('after an ambiguous timeout with no job created, retries and then reports a 409 as "already started by us"', async () => {
		let listCalls = 0;
		const { client } = makeClient((req) => {
			if (req.method === 'POST') {
				return listCalls === 0
					? new AirbyteTransportError('socket hang up', { code: 'ECONNRESET' })
					: problem(409, 'try-again-later', 'A sync is already running for: c1');
			}
			listCalls++;
			return { status: 200, body: { data: listCalls === 1 ? [] : [job(9, 'pending')] } };
		});
		await expect(client.triggerSync('c1')).resolves.toMatchObject({ jobId: 9, status: 'pending' });
	});
});

describe('cancelJob', () => {
	it('returns "Job is not currently running" as its own kind', async () => {
		const { client } = makeClient(() => problem(409, 'state-conflict', 'Job is not currently running'));
		await expect(client.cancelJob(3)).rejects.toMatchObject({ kind: 'job-not-running' });
	});
});

describe('waitForJob', () => {
	it('polls until a terminal status, with progress from the Config API', async () => {
		const statuses = ['pending', 'running', 'running', 'succeeded'];
		let i = 0;
		const { client, clock } = makeClient((req) =>
			req.url.endsWith('/connections/sync_progress')
				? { status: 200, body: { jobId: 5, recordsEmitted: i * 10, streams: [{ streamName: 'users', recordsEmitted: i * 10 }] } }
				: { status: 200, body: job(5, statuses[Math.min(i++, statuses.length - 1)], { rowsSynced: 30 }) },
		);
		const polls: string[] = [];
		const result = await waitForJob(client, 5, {
			maxWaitMs: 60_000,
			pollIntervalMs: 2_000,
			withProgress: true,
			onPoll: ({ job: j }) => polls.push(j.status),
		});
		expect(polls).toEqual(statuses);
		expect(result).toMatchObject({ polls: 4, waitedMs: 6_000, job: { status: 'succeeded' } });
		expect(result.progress?.streams[0]).toMatchObject({ streamName: 'users' });
		expect(clock.sleeps).toEqual([2000, 2000, 2000]);
	});

	it('ends a job that never finishes with a bounded-wait error', async () => {
		const { client, clock } = makeClient(() => ({ status: 200, body: job(5, 'running') }));
		const error = await waitForJob(client, 5, { maxWaitMs: 10_000, pollIntervalMs: 3_000 }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(AirbyteWaitTimeoutError);
		expect((error as AirbyteWaitTimeoutError).lastStatus).toBe('running');
		expect(clock.sleeps).toEqual([3000, 3000, 3000, 1000]);
	});

	it('keeps waiting when progress is unavailable, and says why', async () => {
		let n = 0;
		const { client } = makeClient((req) =>
			req.url.includes('/api/v1/')
				? problem(403, 'forbidden')
				: { status: 200, body: job(5, ++n > 1 ? 'failed' : 'running') },
		);
		const result = await waitForJob(client, 5, { maxWaitMs: 60_000, pollIntervalMs: 1_000, withProgress: true });
		expect(result.job.status).toBe('failed');
		expect(result.progressError).toMatch(/403/);
	});

	it('stops cleanly when the execution is cancelled during polling', async () => {
		const controller = new AbortController();
		let polls = 0;
		const { client } = makeClient(
			() => {
				if (++polls === 2) controller.abort();
				return { status: 200, body: job(5, 'running') };
			},
			{
				signal: controller.signal,
				sleep: async (_ms: number, signal?: AbortSignal) => {
					if (signal?.aborted) throw new Error('aborted');
				},
			},
		);
		await expect(waitForJob(client, 5, { maxWaitMs: 600_000, pollIntervalMs: 1_000 })).rejects.toBeInstanceOf(AirbyteAbortError);
		expect(polls).toBe(2);
	});
});
