import { AirbyteApiError, classifyProblem, describeAirbyteError, parseProblem } from '../../../lib/airbyte/errors';

const req = { method: 'POST', path: '/jobs' };

describe('problem parsing', () => {
	it('distinguishes "sync already running" from "job not running" among 409s', () => {
		const running = new AirbyteApiError(
			409,
			{ status: 409, type: 'https://reference.airbyte.com/reference/errors#try-again-later', title: 'try-again-later', detail: 'Please try again later.', data: { message: 'A sync is already running for: abc' } },
			req,
		);
		const notRunning = new AirbyteApiError(
			409,
			{ status: 409, type: 'https://reference.airbyte.com/reference/errors#state-conflict', title: 'state-conflict', data: { message: 'Job is not currently running' } },
			{ method: 'DELETE', path: '/jobs/1' },
		);
		const locked = new AirbyteApiError(409, { title: 'error:connection/locked' }, req);
		expect(running.kind).toBe('sync-already-running');
		expect(notRunning.kind).toBe('job-not-running');
		expect(locked.kind).toBe('connection-locked');
		expect(running.message).toContain('A sync is already running for: abc');
		expect(running.hint).toMatch(/Wait for it|cancel/);
	});

	it('prefers data.message, then detail, then title, and names the missing resource', () => {
		const error = new AirbyteApiError(
			404,
			{ status: 404, title: 'resource-not-found', detail: 'not found', data: { resourceType: 'source', resourceId: 'abc' } },
			{ method: 'GET', path: '/sources/abc' },
		);
		expect(error.kind).toBe('not-found');
		expect(error.message).toBe('Airbyte GET /sources/abc failed with 404: not found (source abc)');
		expect(new AirbyteApiError(400, { title: 't', detail: 'd', data: { message: 'Invalid cursor field' } }, req).message).toMatch(
			/Invalid cursor field$/,
		);
		expect(new AirbyteApiError(500, { title: 'only-title' }, req).message).toMatch(/only-title$/);
	});

	it('classifies by status and type', () => {
		expect(classifyProblem(400, { type: 'https://reference.airbyte.com/reference/errors#value-not-found' })).toBe('invalid-value');
		expect(classifyProblem(400, {})).toBe('bad-request');
		expect(classifyProblem(401, {})).toBe('unauthorized');
		expect(classifyProblem(403, {})).toBe('forbidden');
		expect(classifyProblem(408, {})).toBe('request-timeout');
		expect(classifyProblem(422, {})).toBe('invalid-configuration');
		expect(classifyProblem(429, {})).toBe('rate-limited');
		expect(classifyProblem(502, {})).toBe('server-error');
		expect(classifyProblem(503, {})).toBe('service-unavailable');
		expect(classifyProblem(302, {})).toBe('unexpected');
	});

	it('tolerates non-JSON and odd bodies', () => {
		expect(parseProblem('<html>Bad Gateway</html>')).toEqual({ detail: '<html>Bad Gateway</html>' });
		expect(parseProblem('{"message":"You are being rate limited."}')).toMatchObject({ message: 'You are being rate limited.' });
		expect(parseProblem(null)).toEqual({});
		expect(parseProblem([1, 2])).toEqual({});
		const error = new AirbyteApiError(429, { message: 'You are being rate limited.' }, req);
		expect(error.message).toMatch(/429: You are being rate limited\./);
	});

	it('describes errors with what to fix', () => {
		const unauthorized = new AirbyteApiError(401, { title: 'invalid-api-key' }, req);
		expect(describeAirbyteError(unauthorized).description).toMatch(/client ID and secret/);
		const invalid = new AirbyteApiError(422, { title: 'unprocessable-entity', data: { message: 'host is required' } }, req);
		invalid.attempts = 1;
		expect(describeAirbyteError(invalid)).toEqual({
			message: expect.stringContaining('host is required'),
			description: expect.stringMatching(/Fix the fields/),
		});
	});
});
