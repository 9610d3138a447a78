import { NodeApiError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { AirbyteAbortError, AirbyteTransportError } from '../../../lib/airbyte/errors';
import { responseFromError } from '../../../nodes/Airbyte/transport';

const node = { id: '1', name: 'Airbyte', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as INode;

function httpError(status: number, data: unknown) {
	return Object.assign(new Error(`Request failed with status code ${status}`), { response: { status, data } });
}

describe('responseFromError (errors thrown by httpRequestWithAuthentication)', () => {
	it('recovers status and problem body from a NodeApiError wrapping the HTTP error', () => {
		const body = { status: 409, title: 'try-again-later', data: { message: 'A sync is already running for: c' } };
		const wrapped = new NodeApiError(node, httpError(409, body) as never);
		expect(responseFromError(wrapped)).toEqual({ status: 409, body });
	});

	it('classifies timeouts and connection failures as transport errors', () => {
		const timeout = new NodeApiError(node, Object.assign(new Error('timeout of 500ms exceeded'), { code: 'ECONNABORTED' }) as never);
		const result = responseFromError(timeout);
		expect(result).toBeInstanceOf(AirbyteTransportError);
		expect((result as AirbyteTransportError).timedOut).toBe(true);
		const refused = responseFromError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }));
		expect(refused).toMatchObject({ code: 'ECONNREFUSED', timedOut: false });
		const nested = responseFromError(new Error('fetch failed', { cause: Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }) }));
		expect(nested).toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT', timedOut: true });
	});

	it('reports an abort as such when the execution was cancelled', () => {
		const controller = new AbortController();
		controller.abort();
		expect(responseFromError(new Error('aborted'), controller.signal)).toBeInstanceOf(AirbyteAbortError);
	});
});
