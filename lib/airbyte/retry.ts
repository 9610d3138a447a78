// Bounded retries with exponential backoff and jitter. Waiting goes through an injected sleep(ms, signal)
// (n8n-workflow's inside nodes), so there are no timers here and every wait is abortable.
import { AirbyteAbortError, AirbyteApiError, AirbyteTransportError } from './errors';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryPolicy {
	/** Attempts in total, including the first. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** No new attempt starts if it would begin later than this after the first one. */
	maxTotalMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8_000, maxTotalMs: 60_000 };

export interface RetryEnvironment {
	sleep: Sleep;
	random: () => number;
	now: () => number;
}

/** "Equal jitter": half the exponential step fixed, half random, capped at maxDelayMs. */
export function backoffDelay(retryNumber: number, policy: RetryPolicy, random: () => number): number {
	const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
	return Math.round(step / 2 + random() * (step / 2));
}

/**
 * Whether another attempt is safe. A 429 and a refused connection mean Airbyte never processed the
 * request, so they are retried even for creates; 5xx, 408 and timeouts are retried only when the
 * request is idempotent.
 */
export function isRetryable(error: unknown, idempotent: boolean): boolean {
	if (error instanceof AirbyteApiError) {
		if (error.status === 429) return true;
		return idempotent && (error.status >= 500 || error.status === 408);
	}
	if (error instanceof AirbyteTransportError) {
		return error.code === 'ECONNREFUSED' || idempotent;
	}
	return false;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
	if (signal?.aborted) throw new AirbyteAbortError();
}

/** Sleeps, turning an abort into AirbyteAbortError. */
export async function abortableSleep(sleep: Sleep, ms: number, signal: AbortSignal | undefined): Promise<void> {
	throwIfAborted(signal);
	const failure = await sleep(ms, signal).then(
		() => undefined,
		(error: unknown) => ({ error }),
	);
	if (!failure) return;
	throwIfAborted(signal);
	throw failure.error;
}

export interface RetryOptions {
	policy: RetryPolicy;
	env: RetryEnvironment;
	idempotent: boolean;
	signal?: AbortSignal;
	/** Called before each retry; tests and logs use it. */
	onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

export async function withRetry<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryOptions): Promise<T> {
	const { policy, env, signal } = options;
	const startedAt = env.now();
	for (let attemptNumber = 1; ; attemptNumber++) {
		throwIfAborted(signal);
		const outcome = await settle(attempt(attemptNumber));
		if (outcome.ok) return outcome.value;
		const error = outcome.error;
		throwIfAborted(signal);
		if (error instanceof AirbyteApiError) error.attempts = attemptNumber;
		if (!isRetryable(error, options.idempotent) || attemptNumber >= policy.maxAttempts) throw error;
		const delayMs = backoffDelay(attemptNumber, policy, env.random);
		if (env.now() - startedAt + delayMs > policy.maxTotalMs) throw error;
		options.onRetry?.({ attempt: attemptNumber, delayMs, error });
		await abortableSleep(env.sleep, delayMs, signal);
	}
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise's outcome as a value, so callers branch on failures without try/catch. */
export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	return await promise.then(
		(value): Settled<T> => ({ ok: true, value }),
		(error: unknown): Settled<T> => ({ ok: false, error }),
	);
}
