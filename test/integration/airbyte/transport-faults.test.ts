// The n8n transport (httpRequestWithAuthentication through n8n-core) under network faults: a request that
// never answers is classified as a timeout and retried within the bound; an endless one ends in a clear error.
import { AirbyteClient } from '../../../lib/airbyte/client';
import { AirbyteTransportError } from '../../../lib/airbyte/errors';
import { n8nTransport } from '../../../nodes/Airbyte/transport';
import { sleep } from 'n8n-workflow';
import { expectNoSpecViolations } from '../../airbyte-emulator';
import { loadOptionsContext, startEnv, stopEnv, type Env } from './harness';

jest.setTimeout(120_000);

describe('n8n transport under faults', () => {
	let env: Env;
	beforeAll(async () => {
		env = await startEnv({ seed: { faker: false, datasets: false } });
	});
	afterAll(async () => await stopEnv(env));
	afterEach(() => {
		env.emu.setFaults({});
		expectNoSpecViolations(env.emu);
	});

	const client = (maxAttempts: number) =>
		new AirbyteClient({
			baseUrl: env.emu.publicApiBaseUrl,
			transport: n8nTransport(loadOptionsContext(env)),
			sleep,
			timeoutMs: 500,
			retry: { maxAttempts, baseDelayMs: 50, maxDelayMs: 200 },
		});

	it('retries a GET that timed out', async () => {
		env.emu.setFaults({ requests: [{ method: 'GET', path: '/workspaces', kind: 'timeout', times: 1 }] });
		const retries: unknown[] = [];
		const c = new AirbyteClient({
			baseUrl: env.emu.publicApiBaseUrl,
			transport: n8nTransport(loadOptionsContext(env)),
			sleep,
			timeoutMs: 500,
			retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 200 },
			onRetry: ({ error }) => retries.push(error),
		});
		const workspaces = await c.listWorkspaces();
		expect(workspaces.map((w) => w.workspaceId)).toContain(env.emu.workspaceId);
		expect(retries).toHaveLength(1);
		expect(retries[0]).toBeInstanceOf(AirbyteTransportError);
		expect((retries[0] as AirbyteTransportError).timedOut).toBe(true);
	});

	it('ends an endless timeout within the bound with a transport error', async () => {
		env.emu.setFaults({ requests: [{ method: 'GET', path: '/workspaces', kind: 'timeout' }] });
		const error = await client(2).listWorkspaces().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(AirbyteTransportError);
		expect((error as AirbyteTransportError).timedOut).toBe(true);
	});

	it('does not retry a create that timed out, since it may have been processed', async () => {
		env.emu.setFaults({ requests: [{ method: 'POST', path: '/sources', kind: 'timeout', times: 1 }] });
		const error = await client(3)
			.createSource({ name: 'x', workspaceId: env.emu.workspaceId, configuration: { sourceType: 'faker', count: 1 } as never })
			.catch((e: unknown) => e);
		expect((error as Error).name).toBe('AirbyteAmbiguousCreateError');
		expect((error as Error).message).toMatch(/not retried/);
	});
});
