// The one seam between the client and the network. Inside n8n it wraps
// this.helpers.httpRequestWithAuthentication (auth, token refresh, cancel signal); outside n8n an axios
// implementation lives with the tests and tools. Implementations return every HTTP status as a response
// and throw AirbyteTransportError only when no response arrived (timeout, connection failure).

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type QueryValue = string | number | boolean | undefined | null | Array<string | number>;

export interface AirbyteHttpRequest {
	method: HttpMethod;
	/** Absolute URL: the client joins the base URL (public or Config API root) and the path. */
	url: string;
	query?: Record<string, QueryValue>;
	body?: unknown;
	signal?: AbortSignal;
	/** Per-attempt timeout in milliseconds. */
	timeoutMs?: number;
}

export interface AirbyteHttpResponse {
	status: number;
	body: unknown;
}

export interface AirbyteTransport {
	request(request: AirbyteHttpRequest): Promise<AirbyteHttpResponse>;
}

/** Drops undefined/null/empty values and joins arrays with commas, as Airbyte's own `next` links do. */
export function serializeQuery(query: Record<string, QueryValue> | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(query ?? {})) {
		if (value === undefined || value === null || value === '') continue;
		if (Array.isArray(value)) {
			if (value.length > 0) out[key] = value.join(',');
			continue;
		}
		out[key] = String(value);
	}
	return out;
}
