// Workspace operations and the credential's client-credentials flow through n8n-core against the emulator.
import { expectNoSpecViolations } from '../../airbyte-emulator';
import { id, nodeError, output, runNode, startEnv, stopEnv, type Env } from './harness';

jest.setTimeout(120_000);

describe('Airbyte node: workspaces and credential', () => {
	let env: Env;
	beforeAll(async () => {
		env = await startEnv();
	});
	afterAll(async () => await stopEnv(env));
	afterEach(() => expectNoSpecViolations(env.emu));

	it('lists workspaces with a token obtained by preAuthentication and stored in the hidden field', async () => {
		const run = await runNode(env, { resource: 'workspace', operation: 'list', returnAll: true });
		const rows = output(run);
		expect(rows.map((r) => r.workspaceId)).toContain(env.emu.workspaceId);
		expect(run.outputOf('Airbyte').every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(String(run.credentials.airbyteApi.sessionToken)).not.toBe('');
	});

	it('gets one workspace by ID', async () => {
		const run = await runNode(env, { resource: 'workspace', operation: 'get', workspaceId: id(env.emu.workspaceId) });
		expect(output(run)).toEqual([expect.objectContaining({ workspaceId: env.emu.workspaceId, name: expect.any(String) })]);
	});

	it('refreshes an expired token after a 401 and retries', async () => {
		await runNode(env, { resource: 'workspace', operation: 'list', returnAll: true });
		env.emu.expireAllTokens();
		const stale = { ...env.credentials, sessionToken: 'expired-or-unknown' };
		const run = await runNode(env, { resource: 'workspace', operation: 'list', limit: 1 }, { credentials: stale });
		expect(output(run)).toHaveLength(1);
		expect(run.credentials.airbyteApi.sessionToken).not.toBe('expired-or-unknown');
	});

	it('fails with a clear message on wrong client credentials', async () => {
		const run = await runNode(
			env,
			{ resource: 'workspace', operation: 'list', returnAll: true },
			{ credentials: { ...env.credentials, clientSecret: 'wrong' } },
		);
		expect(run.status).toBe('error');
		expect(nodeError(run).message).toMatch(/401|credential|token|Authorization/i);
	});

	it('fails on an unknown workspace with a not-found error that says what to fix', async () => {
		const run = await runNode(env, {
			resource: 'workspace',
			operation: 'get',
			workspaceId: id('00000000-0000-4000-8000-000000000000'),
		});
		const error = nodeError(run);
		expect(error.message).toMatch(/404/);
		expect(error.description).toMatch(/does not exist|Pick the resource/);
	});
});
