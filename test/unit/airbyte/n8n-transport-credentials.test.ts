// The n8n transport reads the node's Airbyte credential once per execution and hands it to every
// httpRequestWithAuthentication call (n8n-core's own, over real HTTP): n8n no longer loads and decrypts the
// credential per request, the first request still fetches a token (preAuthentication), and a 401 still refreshes
// it, into the same object, so the later requests of the execution use the new token.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { Airbyte } from '../../../nodes/Airbyte/Airbyte.node';
import { AirbyteSample } from '../../../nodes/AirbyteSample/AirbyteSample.node';
import { HarnessCredentialsHelper } from '../../support/n8n-credentials-helper';
import { linearWorkflow, ourNodes, runWorkflow } from '../../support/n8n-harness';

const nodeTypes = ourNodes(new Airbyte(), new AirbyteSample());
const WORKSPACES = Array.from({ length: 250 }, (_, i) => ({ workspaceId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `w${i}`, dataResidency: 'auto' }));

describe('n8n transport: one credential read per execution', () => {
	let server: http.Server;
	let baseUrl: string;
	const log: string[] = [];
	let issued = 0;
	const valid = new Set<string>();
	/** Revoke the current token once this many data requests have been answered. */
	let revokeAfter = Infinity;
	let answered = 0;

	beforeAll(async () => {
		server = http.createServer((req, res) => {
			let raw = '';
			req.on('data', (c) => (raw += c));
			req.on('end', () => {
				res.setHeader('content-type', 'application/json');
				const url = new URL(req.url ?? '/', 'http://x');
				if (req.method === 'POST' && url.pathname === '/api/public/v1/applications/token') {
					const token = `tok-${++issued}`;
					valid.add(token);
					log.push(`token -> ${token}`);
					res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 180 }));
					return;
				}
				const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
				log.push(`${req.method} ${url.pathname}${url.searchParams.has('offset') ? `@${url.searchParams.get('offset')}` : ''} with ${token || 'no token'}`);
				if (!valid.has(token)) {
					res.statusCode = 401;
					res.end(JSON.stringify({ status: 401, title: 'unauthorized', detail: 'expired' }));
					return;
				}
				if (++answered === revokeAfter) valid.delete(token);
				const offset = Number(url.searchParams.get('offset') ?? 0);
				const limit = Number(url.searchParams.get('limit') ?? 100);
				const data = url.pathname.endsWith('/workspaces') ? WORKSPACES.slice(offset, offset + limit) : [];
				res.end(JSON.stringify({ data }));
			});
		});
		server.listen(0, '127.0.0.1');
		await once(server, 'listening');
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/public/v1`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
	beforeEach(() => {
		log.length = 0;
		answered = 0;
		revokeAfter = Infinity;
		jest.restoreAllMocks();
	});

	const credentials = () => ({
		airbyteApi: { environment: 'selfHosted', baseUrl, authentication: 'clientCredentials', clientId: 'id', clientSecret: 'secret' },
	});

	it('pages through a list with one credential read, one token, and a refresh after a 401 that the next pages use', async () => {
		const reads = jest.spyOn(HarnessCredentialsHelper.prototype, 'getDecrypted');
		revokeAfter = 1;
		const run = await runWorkflow(
			linearWorkflow([{ name: 'Airbyte', type: 'n8n-nodes-airbyte-onboarding.airbyte', parameters: { resource: 'workspace', operation: 'list', returnAll: true } }]),
			{ nodeTypes, credentials: credentials() },
		);
		expect(run.status).toBe('success');
		expect(run.jsonOf('Airbyte')).toHaveLength(250);
		expect(reads).toHaveBeenCalledTimes(1);
		expect(log).toEqual([
			'token -> tok-1',
			'GET /api/public/v1/workspaces@0 with tok-1',
			'GET /api/public/v1/workspaces@100 with tok-1',
			'token -> tok-2',
			'GET /api/public/v1/workspaces@100 with tok-2',
			'GET /api/public/v1/workspaces@200 with tok-2',
		]);
		expect(run.credentialsHelper.preAuthenticationCalls).toEqual([
			{ type: 'airbyteApi', expired: false },
			{ type: 'airbyteApi', expired: true },
		]);
		// n8n persisted the refreshed token, so the next execution starts with it
		expect(run.credentials.airbyteApi.sessionToken).toBe('tok-2');
	});

	it("the sampler's two clients (work and clean-up) share the one credential read and its token", async () => {
		const reads = jest.spyOn(HarnessCredentialsHelper.prototype, 'getDecrypted');
		const run = await runWorkflow(
			linearWorkflow([
				{ name: 'Sweep', type: 'n8n-nodes-airbyte-onboarding.airbyteSample', parameters: { operation: 'cleanUpOrphans', workspaceId: WORKSPACES[0].workspaceId, olderThanMinutes: 60 } },
			]),
			{ nodeTypes, credentials: credentials() },
		);
		expect(run.status).toBe('success');
		expect(run.jsonOf('Sweep')).toMatchObject([{ orphanCount: 0 }]);
		expect(reads).toHaveBeenCalledTimes(1);
		expect(log).toEqual([expect.stringMatching(/^token -> tok-\d+$/), expect.stringMatching(/^GET \/api\/public\/v1\/tags with tok-/), expect.stringMatching(/^GET \/api\/public\/v1\/connections@0 with tok-/)]);
	});
});
