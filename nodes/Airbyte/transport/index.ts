// The n8n side of the client's transport seam: every request goes through
// this.helpers.httpRequestWithAuthentication('airbyteApi'), which applies the credential, refreshes the
// client-credentials token after a 401 and attaches the execution's cancel signal.
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { airbyteBaseUrl } from '../../../credentials/AirbyteApi.credentials';
import { AirbyteClient, type AirbyteClientOptions } from '../../../lib/airbyte/client';
import { AirbyteAbortError, AirbyteTransportError } from '../../../lib/airbyte/errors';
import { settle } from '../../../lib/airbyte/retry';
import {
	serializeQuery,
	type AirbyteHttpRequest,
	type AirbyteHttpResponse,
	type AirbyteTransport,
} from '../../../lib/airbyte/transport';

export const CREDENTIAL_TYPE = 'airbyteApi';

type AirbyteContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

interface FullResponse {
	statusCode: number;
	body: unknown;
}

interface ErrorLike {
	cause?: unknown;
	response?: { status?: number; statusCode?: number; data?: unknown; body?: unknown };
	httpCode?: string | null;
	code?: string;
	message?: string;
}

const TIMEOUT_CODES = new Set([
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
	'UND_ERR_CONNECT_TIMEOUT',
]);

function chain(error: unknown): ErrorLike[] {
	const out: ErrorLike[] = [];
	let current: unknown = error;
	while (current && typeof current === 'object' && out.length < 6 && !out.includes(current as ErrorLike)) {
		out.push(current as ErrorLike);
		current = (current as ErrorLike).cause;
	}
	return out;
}

/** Turns a thrown request error into the HTTP response it carried, or a transport error if none. */
export function responseFromError(error: unknown, signal?: AbortSignal): AirbyteHttpResponse | Error {
	if (signal?.aborted) return new AirbyteAbortError();
	const errors = chain(error);
	for (const e of errors) {
		const status = e.response?.status ?? e.response?.statusCode;
		if (typeof status === 'number') return { status, body: e.response?.data ?? e.response?.body };
	}
	const code = errors.map((e) => e.code).find((c): c is string => typeof c === 'string');
	const message = errors.map((e) => e.message).find((m) => typeof m === 'string' && m !== '') ?? 'request failed';
	const timedOut = (code !== undefined && TIMEOUT_CODES.has(code)) || /timeout|timed out/i.test(message);
	if (code === undefined && !timedOut) {
		const httpCode = Number(errors[0]?.httpCode);
		if (Number.isInteger(httpCode) && httpCode >= 400) return { status: httpCode, body: { detail: message } };
	}
	return new AirbyteTransportError(`Could not reach Airbyte: ${message}`, { code, timedOut, cause: error });
}

/**
 * `credentials`: the node's Airbyte credential, read once (see createClient). Without it n8n loads, decrypts and
 * resolves the credential from its database again for every request; with it n8n still runs preAuthentication
 * (a token when the session token is empty) and, after a 401, refreshes the token into this same object, so the
 * later requests of the execution use the new one.
 */
export function n8nTransport(ctx: AirbyteContext, credentials?: ICredentialsDecrypted): AirbyteTransport {
	const additional = credentials ? { credentialsDecrypted: credentials } : undefined;
	return {
		async request(request: AirbyteHttpRequest): Promise<AirbyteHttpResponse> {
			const options: IHttpRequestOptions = {
				method: request.method as IHttpRequestMethods,
				url: request.url,
				qs: serializeQuery(request.query),
				json: true,
				returnFullResponse: true,
				timeout: request.timeoutMs,
			};
			if (request.body !== undefined) options.body = request.body as IHttpRequestOptions['body'];
			if (request.signal) options.abortSignal = request.signal;
			const outcome = await settle(ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options, additional));
			if (outcome.ok) {
				const response = outcome.value as FullResponse;
				return { status: response.statusCode, body: response.body };
			}
			const result = responseFromError(outcome.error, request.signal);
			if (result instanceof Error) throw result;
			return result;
		},
	};
}

function cancelSignal(ctx: AirbyteContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
}

/** The node's Airbyte credential, decrypted once, to hand to n8nTransport for every request of the execution. */
export async function loadCredentials(ctx: AirbyteContext): Promise<ICredentialsDecrypted> {
	const data: ICredentialDataDecryptedObject = await ctx.getCredentials(CREDENTIAL_TYPE);
	const details = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
	return { id: details?.id ?? '', name: details?.name ?? '', type: CREDENTIAL_TYPE, data };
}

/** A client for the node's Airbyte credential, with n8n's sleep and the execution's cancel signal. */
export async function createClient(
	ctx: AirbyteContext,
	options: Partial<Pick<AirbyteClientOptions, 'retry' | 'timeoutMs'>> = {},
	loaded?: ICredentialsDecrypted,
): Promise<AirbyteClient> {
	const credentials = loaded ?? (await loadCredentials(ctx));
	return new AirbyteClient({
		baseUrl: airbyteBaseUrl(credentials.data ?? {}),
		transport: n8nTransport(ctx, credentials),
		sleep,
		signal: cancelSignal(ctx),
		...options,
	});
}
