// The harness honours the execution cancel signal (abort mid-node, like the Stop button) and runs
// credentials through n8n-core's httpRequestWithAuthentication over real HTTP: authenticate (generic,
// with expressions) and preAuthentication with a hidden expirable token refreshed after a 401.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IExecuteFunctions,
	IHttpRequestHelper,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, sleep } from 'n8n-workflow';

import { linearWorkflow, ourNodes, runWorkflow } from '../../support/n8n-harness';

const events: string[] = [];
let markStarted: () => void = () => undefined;

class Waits implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Waits',
		name: 'waits',
		group: ['transform'],
		version: 1,
		description: 'Sleeps on the cancel signal',
		defaults: { name: 'Waits' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const signal = this.getExecutionCancelSignal();
		events.push(`started, signal ${signal ? 'present' : 'missing'}`);
		markStarted();
		try {
			await sleep(600_000, signal);
			events.push('slept through');
		} catch {
			events.push(`aborted: ${String(signal?.aborted)}`);
			throw new Error('cancelled while waiting');
		} finally {
			events.push('cleanup ran');
		}
		return [this.getInputData()];
	}
}

class TokenApi implements ICredentialType {
	name = 'harnessTokenApi';
	displayName = 'Harness Token API';
	properties: ICredentialType['properties'] = [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: 'the-client' },
		{ displayName: 'Token', name: 'token', type: 'hidden', typeOptions: { expirable: true }, default: '' },
	];
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${credentials.baseUrl as string}/token`,
			body: { client_id: credentials.clientId },
			json: true,
		})) as { access_token: string };
		return { token: response.access_token };
	}
	authenticate: ICredentialType['authenticate'] = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } },
	};
}

class CallsApi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Calls API',
		name: 'callsApi',
		group: ['transform'],
		version: 1,
		description: 'GETs /data with the credential',
		defaults: { name: 'Calls API' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'harnessTokenApi', required: true }],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { baseUrl } = await this.getCredentials('harnessTokenApi');
		const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'harnessTokenApi', {
			method: 'GET',
			url: `${baseUrl as string}/data`,
			json: true,
		})) as object;
		return [[{ json: { body } as never, pairedItem: { item: 0 } }]];
	}
}

const nodeTypes = ourNodes(new Waits(), new CallsApi());

describe('harness cancellation', () => {
	it('aborts the running node through getExecutionCancelSignal and ends as canceled', async () => {
		events.length = 0;
		const controller = new AbortController();
		const started = new Promise<void>((resolve) => (markStarted = resolve));
		const running = runWorkflow(linearWorkflow([{ name: 'Waits', type: 'n8n-nodes-airbyte-onboarding.waits' }]), {
			nodeTypes,
			signal: controller.signal,
		});
		await started;
		controller.abort();
		const run = await running;
		expect(run.status).toBe('canceled');
		expect(events).toEqual(['started, signal present', 'aborted: true', 'cleanup ran']);
	});
});

describe('harness credentials over real HTTP', () => {
	let server: http.Server;
	let baseUrl: string;
	const log: string[] = [];
	let issued = 0;
	const valid = new Set<string>();

	beforeAll(async () => {
		server = http.createServer((req, res) => {
			let raw = '';
			req.on('data', (c) => (raw += c));
			req.on('end', () => {
				res.setHeader('content-type', 'application/json');
				if (req.method === 'POST' && req.url === '/token') {
					const token = `tok-${++issued}`;
					valid.add(token);
					log.push(`token for ${(JSON.parse(raw) as { client_id: string }).client_id} -> ${token}`);
					res.end(JSON.stringify({ access_token: token }));
					return;
				}
				const auth = req.headers.authorization ?? '';
				const token = auth.replace(/^Bearer /, '');
				log.push(`data with ${auth || 'no auth'}`);
				if (!valid.has(token)) {
					res.statusCode = 401;
					res.end(JSON.stringify({ message: 'expired' }));
					return;
				}
				res.end(JSON.stringify({ rows: [1, 2, 3] }));
			});
		});
		server.listen(0, '127.0.0.1');
		await once(server, 'listening');
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('fetches a token when the expirable field is empty, then refreshes it once after a 401', async () => {
		log.length = 0;
		const wf = linearWorkflow([{ name: 'Calls API', type: 'n8n-nodes-airbyte-onboarding.callsApi' }]);
		const first = await runWorkflow(wf, {
			nodeTypes,
			credentialTypes: [new TokenApi()],
			credentials: { harnessTokenApi: { baseUrl } },
		});
		expect(first.status).toBe('success');
		expect(first.jsonOf('Calls API')).toEqual([{ body: { rows: [1, 2, 3] } }]);
		const persisted = first.credentials.harnessTokenApi.token as string;
		expect(log).toEqual(['token for the-client -> tok-1', 'data with Bearer tok-1']);

		// the API revokes the persisted token: n8n's 401 path must refresh and retry exactly once
		valid.delete(persisted);
		log.length = 0;
		const second = await runWorkflow(wf, {
			nodeTypes,
			credentialTypes: [new TokenApi()],
			credentials: first.credentials,
		});
		expect(second.status).toBe('success');
		expect(log).toEqual(['data with Bearer tok-1', 'token for the-client -> tok-2', 'data with Bearer tok-2']);
		expect(second.credentials.harnessTokenApi.token).toBe('tok-2');
		expect(second.credentialsHelper.preAuthenticationCalls).toEqual([{ type: 'harnessTokenApi', expired: true }]);
	});

	it('fails clearly when the node has no credential data', async () => {
		const wf = linearWorkflow([{ name: 'Calls API', type: 'n8n-nodes-airbyte-onboarding.callsApi' }]);
		const run = await runWorkflow(wf, { nodeTypes, credentialTypes: [new TokenApi()] });
		expect(run.status).toBe('error');
		expect(run.error?.message).toMatch(/credentials/i);
	});
});
