// Airbyte answers errors with RFC 9457-style problem bodies (api-problems.yaml): {status, type, title,
// detail, data: {message, resourceType, resourceId}}. These classes turn them into errors that name the
// cause and what to do about it. Two 409s are expected outcomes, not failures, and get their own kinds.

export type AirbyteErrorKind =
	| 'bad-request'
	| 'invalid-value'
	| 'unauthorized'
	| 'forbidden'
	| 'not-found'
	| 'request-timeout'
	| 'sync-already-running'
	| 'job-not-running'
	| 'connection-locked'
	| 'conflict'
	| 'invalid-configuration'
	| 'rate-limited'
	| 'server-error'
	| 'service-unavailable'
	| 'unexpected';

export interface AirbyteProblem {
	status?: number;
	type?: string;
	title?: string;
	detail?: string;
	documentationUrl?: string;
	data?: { message?: string; resourceType?: string; resourceId?: string; [key: string]: unknown };
	message?: string;
}

const HINTS: Record<AirbyteErrorKind, string> = {
	'bad-request': 'Airbyte rejected the request. Check the fields named in the message and try again.',
	'invalid-value': 'A value is not one Airbyte knows (e.g. an unknown sourceType). Pick a connector definition ID from the Connector Definition > List operation.',
	unauthorized: 'Airbyte rejected the credentials. Check the client ID and secret (or the token) in the Airbyte API credential, and that the base URL points at the right Airbyte instance.',
	forbidden: 'The credential is valid but lacks permission for this resource. Use an application of a user with access to the workspace (clear jobs need the editor role).',
	'not-found': 'The ID does not exist or was deleted. Pick the resource from the list or check the ID.',
	'request-timeout': 'Airbyte timed out while handling the request (discover on a large source can take minutes). Try again, or narrow the source configuration.',
	'sync-already-running': 'A sync is already running for this connection. Wait for it (Job > Wait for Completion) or cancel it before starting another.',
	'job-not-running': 'The job already finished, so there is nothing to cancel.',
	'connection-locked': 'The connection is locked by Airbyte. Unlock it in Airbyte before changing it.',
	conflict: 'The request conflicts with the current state of the resource. Reload it and try again.',
	'invalid-configuration': 'The connector configuration does not match the connector specification. Fix the fields named in the message.',
	'rate-limited': 'Airbyte is rate limiting this credential. The request was retried with backoff; try again later or reduce polling frequency.',
	'server-error': 'Airbyte had an internal error. It was retried where safe; check the Airbyte server logs if it persists.',
	'service-unavailable': 'Airbyte is unavailable. Check that the server is up and the base URL is right.',
	unexpected: 'Airbyte returned an unexpected response. Check the base URL (self-hosted: http://<host>:8000/api/public/v1).',
};

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function classifyProblem(status: number, problem: AirbyteProblem): AirbyteErrorKind {
	const type = `${problem.type ?? ''} ${problem.title ?? ''}`.toLowerCase();
	const message = `${problem.data?.message ?? ''} ${problem.detail ?? ''} ${problem.message ?? ''}`.toLowerCase();
	if (status === 409) {
		if (message.includes('sync is already running') || type.includes('try-again-later')) return 'sync-already-running';
		if (message.includes('not currently running')) return 'job-not-running';
		if (type.includes('locked')) return 'connection-locked';
		return 'conflict';
	}
	if (status === 400) return type.includes('value-not-found') ? 'invalid-value' : 'bad-request';
	const byStatus: Record<number, AirbyteErrorKind> = {
		401: 'unauthorized',
		403: 'forbidden',
		404: 'not-found',
		408: 'request-timeout',
		422: 'invalid-configuration',
		429: 'rate-limited',
		503: 'service-unavailable',
	};
	if (byStatus[status]) return byStatus[status];
	return status >= 500 ? 'server-error' : 'unexpected';
}

export function parseProblem(body: unknown): AirbyteProblem {
	if (typeof body === 'string') {
		try {
			return parseProblem(JSON.parse(body));
		} catch {
			return { detail: body.slice(0, 500) };
		}
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
	const raw = body as Record<string, unknown>;
	const data = raw.data && typeof raw.data === 'object' ? (raw.data as AirbyteProblem['data']) : undefined;
	return {
		status: typeof raw.status === 'number' ? raw.status : undefined,
		type: text(raw.type),
		title: text(raw.title),
		detail: text(raw.detail),
		documentationUrl: text(raw.documentationUrl),
		message: text(raw.message),
		data,
	};
}

export interface RequestContext {
	method: string;
	path: string;
}

/** An HTTP error answered by Airbyte. */
export class AirbyteApiError extends Error {
	readonly status: number;
	readonly kind: AirbyteErrorKind;
	readonly problem: AirbyteProblem;
	readonly hint: string;
	readonly request: RequestContext;
	attempts: number;

	constructor(status: number, body: unknown, request: RequestContext, attempts = 1) {
		const problem = parseProblem(body);
		const kind = classifyProblem(status, problem);
		const reason = text(problem.data?.message) ?? problem.detail ?? problem.message ?? problem.title ?? `HTTP ${status}`;
		const resource =
			kind === 'not-found' && problem.data?.resourceType
				? ` (${problem.data.resourceType} ${problem.data.resourceId ?? ''})`.replace(' )', ')')
				: '';
		super(`Airbyte ${request.method} ${request.path} failed with ${status}: ${reason}${resource}`);
		this.name = 'AirbyteApiError';
		this.status = status;
		this.kind = kind;
		this.problem = problem;
		this.hint = HINTS[kind];
		this.request = request;
		this.attempts = attempts;
	}
}

/** No response arrived: connection refused, reset, DNS or a timeout. */
export class AirbyteTransportError extends Error {
	readonly code: string;
	readonly timedOut: boolean;
	constructor(message: string, options: { code?: string; timedOut?: boolean; cause?: unknown } = {}) {
		super(message);
		this.name = 'AirbyteTransportError';
		this.code = options.code ?? 'ENETWORK';
		this.timedOut = options.timedOut ?? false;
		if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
	}
}

/** The caller's AbortSignal fired (e.g. the n8n execution was cancelled). */
export class AirbyteAbortError extends Error {
	constructor(message = 'The operation was cancelled') {
		super(message);
		this.name = 'AirbyteAbortError';
	}
}

/** A wait (job completion) exceeded its bound. */
export class AirbyteWaitTimeoutError extends Error {
	readonly lastStatus: string;
	readonly waitedMs: number;
	constructor(message: string, lastStatus: string, waitedMs: number) {
		super(message);
		this.name = 'AirbyteWaitTimeoutError';
		this.lastStatus = lastStatus;
		this.waitedMs = waitedMs;
	}
}

/** A create whose outcome is unknown (5xx or timeout after the request may have been processed). */
export class AirbyteAmbiguousCreateError extends Error {
	readonly cause: unknown;
	constructor(what: string, cause: unknown) {
		super(
			`Creating the ${what} failed without a clear answer from Airbyte, so it was not retried (it may have been created). ` +
				`List the ${what}s to check before trying again.`,
		);
		this.name = 'AirbyteAmbiguousCreateError';
		this.cause = cause;
	}
}

export function isAirbyteApiError(error: unknown, kind?: AirbyteErrorKind): error is AirbyteApiError {
	return error instanceof AirbyteApiError && (kind === undefined || error.kind === kind);
}

/** A user-facing description: what happened and what to fix. */
export function describeAirbyteError(error: unknown): { message: string; description: string } {
	if (error instanceof AirbyteApiError) {
		const doc = error.problem.documentationUrl ? ` See ${error.problem.documentationUrl}.` : '';
		const retried = error.attempts > 1 ? ` (after ${error.attempts} attempts)` : '';
		return { message: error.message + retried, description: error.hint + doc };
	}
	if (error instanceof AirbyteTransportError) {
		return {
			message: error.message,
			description: error.timedOut
				? 'Airbyte did not answer in time. Check the base URL and that the server is reachable; it was retried where safe.'
				: 'Could not reach Airbyte. Check the base URL in the credential (Cloud: https://api.airbyte.com/v1, self-hosted: http://<host>:8000/api/public/v1) and the network.',
		};
	}
	if (error instanceof AirbyteWaitTimeoutError) {
		return {
			message: error.message,
			description:
				'Increase "Max Wait", or turn waiting off and check the job later with Job > Get. The job keeps running in Airbyte.',
		};
	}
	if (error instanceof Error) return { message: error.message, description: '' };
	return { message: String(error), description: '' };
}
