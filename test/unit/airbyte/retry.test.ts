import { AirbyteAbortError, AirbyteApiError, AirbyteTransportError } from '../../../lib/airbyte/errors';
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryable, withRetry } from '../../../lib/airbyte/retry';
import { VirtualClock } from './fakes';

const api = (status: number) => new AirbyteApiError(status, {}, { method: 'GET', path: '/x' });

describe('backoff', () => {
	it('grows exponentially with jitter and is capped', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(backoffDelay(1, policy, () => 0)).toBe(50);
		expect(backoffDelay(1, policy, () => 1)).toBe(100);
		expect(backoffDelay(3, policy, () => 0)).toBe(200);
		expect(backoffDelay(3, policy, () => 1)).toBe(400);
		expect(backoffDelay(10, policy, () => 1)).toBe(1000);
		expect(backoffDelay(10, policy, () => 0)).toBe(500);
	});
});

describe('isRetryable', () => {
	it('retries 429 and refused connections even for creates, 5xx/408/timeouts only when idempotent', () => {
		expect(isRetryable(api(429), false)).toBe(true);
		expect(isRetryable(new AirbyteTransportError('x', { code: 'ECONNREFUSED' }), false)).toBe(true);
		expect(isRetryable(api(503), false)).toBe(false);
		expect(isRetryable(api(503), true)).toBe(true);
		expect(isRetryable(api(408), true)).toBe(true);
		expect(isRetryable(new AirbyteTransportError('t', { code: 'ETIMEDOUT', timedOut: true }), false)).toBe(false);
		expect(isRetryable(new AirbyteTransportError('t', { code: 'ETIMEDOUT', timedOut: true }), true)).toBe(true);
		expect(isRetryable(api(400), true)).toBe(false);
		expect(isRetryable(api(404), true)).toBe(false);
		expect(isRetryable(api(409), true)).toBe(false);
		expect(isRetryable(new Error('bug'), true)).toBe(false);
	});
});

describe('withRetry', () => {
	const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000, maxTotalMs: 60_000 };

	it('retries until success, sleeping with growing delays', async () => {
		const clock = new VirtualClock();
		let calls = 0;
		const value = await withRetry(
			async () => {
				calls++;
				if (calls < 3) throw api(503);
				return 'ok';
			},
			{ policy, env: { ...clock, random: () => 1 }, idempotent: true },
		);
		expect(value).toBe('ok');
		expect(clock.sleeps).toEqual([100, 200]);
	});

	it('is bounded in attempts and reports how many were made', async () => {
		const clock = new VirtualClock();
		const error = await withRetry(async () => Promise.reject(api(429)), {
			policy,
			env: { ...clock, random: () => 0.5 },
			idempotent: true,
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(AirbyteApiError);
		expect((error as AirbyteApiError).attempts).toBe(4);
		expect(clock.sleeps).toHaveLength(3);
	});

	it('is bounded in total time', async () => {
		const clock = new VirtualClock();
		const attempts: number[] = [];
		await expect(
			withRetry(
				async (n) => {
					attempts.push(n);
					clock.time += 4_000; // each attempt takes 4 s
					throw api(503);
				},
				{ policy: { maxAttempts: 100, baseDelayMs: 1000, maxDelayMs: 1000, maxTotalMs: 9_500 }, env: { ...clock, random: () => 1 }, idempotent: true },
			),
		).rejects.toBeInstanceOf(AirbyteApiError);
		expect(attempts).toEqual([1, 2]);
	});

	it('does not retry a non-idempotent request on 5xx', async () => {
		const clock = new VirtualClock();
		let calls = 0;
		await expect(
			withRetry(
				async () => {
					calls++;
					throw api(500);
				},
				{ policy, env: { ...clock, random: () => 0 }, idempotent: false },
			),
		).rejects.toBeInstanceOf(AirbyteApiError);
		expect(calls).toBe(1);
	});

	it('stops with AirbyteAbortError when the signal fires during a backoff', async () => {
		const controller = new AbortController();
		const clock = new VirtualClock();
		const env = {
			now: clock.now,
			random: () => 0,
			sleep: async (_ms: number, signal?: AbortSignal) => {
				controller.abort();
				if (signal?.aborted) throw new Error('sleep aborted');
			},
		};
		let calls = 0;
		await expect(
			withRetry(
				async () => {
					calls++;
					throw api(503);
				},
				{ policy, env, idempotent: true, signal: controller.signal },
			),
		).rejects.toBeInstanceOf(AirbyteAbortError);
		expect(calls).toBe(1);
	});

	it('does not start when the signal is already aborted', async () => {
		const controller = new AbortController();
		controller.abort();
		const attempt = jest.fn(async () => 'x');
		await expect(
			withRetry(attempt, { policy, env: { ...new VirtualClock(), random: () => 0 }, idempotent: true, signal: controller.signal }),
		).rejects.toBeInstanceOf(AirbyteAbortError);
		expect(attempt).not.toHaveBeenCalled();
	});
});
