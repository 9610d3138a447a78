// `npm start` run as a user runs it: `npx tsx tools/start.ts` in its own process group (as a terminal starts it),
// wait for the printed curl, run exactly that curl, open the dashboard it names, press Ctrl-C (SIGINT to the group)
// and check nothing is left: no process of the demo (n8n, Postgres, emulator sources), no folder, no open port.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

import { Client } from 'pg';

import { REPO_ROOT } from '../support/n8n-package';

jest.setTimeout(40 * 60_000);

let child: ChildProcess | undefined;
let output = '';

interface ProcessInfo {
	pid: number;
	pgrp: number;
	cwd: string;
	environ: string;
	cmdline: string;
}

function processes(): ProcessInfo[] {
	const found: ProcessInfo[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (fields[0] === 'Z') continue; // a zombie holds nothing
			found.push({
				pid: Number(entry),
				pgrp: Number(fields[2]),
				cwd: (() => {
					try {
						return readlinkSync(`/proc/${entry}/cwd`);
					} catch {
						return '';
					}
				})(),
				environ: readFileSync(`/proc/${entry}/environ`, 'utf8'),
				cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim(),
			});
		} catch {
			/* gone meanwhile */
		}
	}
	return found;
}

function listening(url: string): Promise<boolean> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve) => {
		const socket = net.connect({ host: hostname, port: Number(port) });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

async function waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const match = pattern.exec(output);
		if (match) return match;
		if (child?.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not print ${String(pattern)} (exit ${child?.exitCode}):\n${output.slice(-4000)}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

afterAll(async () => {
	// Only when a test failed before stopping it: never leave the demo running.
	const signalGroup = (signal: NodeJS.Signals) => {
		try {
			process.kill(-child!.pid!, signal);
			return true;
		} catch {
			return false; // the group is gone
		}
	};
	if (child?.pid && signalGroup('SIGINT')) {
		await new Promise((resolve) => setTimeout(resolve, 30_000));
		signalGroup('SIGKILL');
	}
}, 60_000);

test('npm start: the printed curl onboards the demo tenant, its dashboard is served; Ctrl-C leaves nothing behind', async () => {
	const packageRoot = process.env.E2E_PACKAGE_ROOT;
	// As a user runs it: its own embedded Postgres, not the test run's server.
	const env = { ...process.env };
	delete env.DATABASE_URL;
	delete env.TEST_DATABASE_URL;
	// With E2E_PACKAGE_ROOT start.ts packs that built copy; otherwise dist/ is already built by `npm run test:e2e`.
	const args = ['tsx', 'tools/start.ts', ...(packageRoot ? ['--package-root', packageRoot] : ['--no-build'])];
	child = spawn('npx', args, { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	// 'close': npx exited and every process that inherited its output (tsx, start.ts, Postgres) is gone too.
	const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child!.once('close', (code, signal) => resolve({ code, signal })));

	const [, curl] = await waitForOutput(/^ {2}(curl -sS -X POST \S+\/webhook\/airbyte-onboarding .*)$/m, 30 * 60_000);
	const [, editorUrl] = await waitForOutput(/^n8n editor: +(http\S+)$/m, 1_000);
	expect(output).toMatch(/^login: +owner@example\.com \/ \S+$/m);
	const [, dashboardUrl] = await waitForOutput(/^Its dashboard: +(http\S+)$/m, 1_000);
	const [, postgresUrl] = await waitForOutput(/^Postgres: +(postgres\S+)$/m, 1_000);
	const [, n8nLog] = await waitForOutput(/^n8n log: +(\S+)$/m, 1_000);
	const [, emulatorUrl] = await waitForOutput(/^Airbyte emulator: +(http\S+)/m, 1_000);
	for (const name of ['Airbyte AI Onboarding', 'Sample an Airbyte source', 'After each Airbyte sync']) {
		expect(output).toMatch(new RegExp(`^Template: +${name}.*\\[imported, active\\]$`, 'm'));
	}
	console.log(`npm start printed:\n${output}`);

	// The demo's folders and processes, to check they are gone after Ctrl-C.
	const userFolder = path.dirname(n8nLog);
	const pg = new Client({ connectionString: postgresUrl });
	await pg.connect();
	const dataDirectory = ((await pg.query('SHOW data_directory')).rows[0] as { data_directory: string }).data_directory;
	await pg.end();
	const postgresFolder = path.dirname(dataDirectory);
	const n8nProcesses = () => processes().filter((p) => p.environ.includes(`N8N_USER_FOLDER=${userFolder}\0`) || p.cwd === userFolder);
	const groupProcesses = () => processes().filter((p) => p.pgrp === child!.pid);
	expect(n8nProcesses().length).toBeGreaterThan(0);
	expect(groupProcesses().some((p) => p.cmdline.includes('postgres'))).toBe(true);
	expect({ userFolder: existsSync(userFolder), postgresFolder: existsSync(dataDirectory) }).toEqual({ userFolder: true, postgresFolder: true });

	// Exactly the printed command, through a shell as a user pastes it.
	const { stdout } = await promisify(execFile)('sh', ['-c', curl], { maxBuffer: 64 << 20, timeout: 15 * 60_000 });
	const summary = JSON.parse(stdout) as { ok: boolean; tenantId: string; dashboardUrl: string; tables: unknown[]; productionConnection: { firstSyncStatus: string } };
	expect(summary).toMatchObject({ ok: true, tenantId: 'demo', dashboardUrl });
	expect(summary.tables.length).toBeGreaterThan(0);
	expect(summary.productionConnection.firstSyncStatus).toBe('succeeded');

	const page = await fetch(dashboardUrl);
	const html = await page.text();
	expect({ status: page.status, type: page.headers.get('content-type') }).toEqual({ status: 200, type: expect.stringMatching(/text\/html/) });
	expect(html).toMatch(/<html/i);
	expect(html).toContain('<svg');

	// Ctrl-C in the terminal: SIGINT to the whole foreground process group.
	process.kill(-child.pid!, 'SIGINT');
	const { code, signal } = await closed;
	console.log(`after Ctrl-C npm start printed:\n${output.slice(output.indexOf('Stopping...'))}`);
	// npx itself ends by the SIGINT (as in a terminal) or with start.ts's exit code; start.ts reports its clean stop.
	expect({ code, signal }).toEqual(signal ? { code: null, signal: 'SIGINT' } : { code: 0, signal: null });
	expect(output).toContain('Stopped; folders removed.');
	expect(output).not.toContain('cleanup failed');
	// Processes the demo started may take a moment to be reaped after the parent exits.
	const deadline = Date.now() + 30_000;
	while ((n8nProcesses().length > 0 || groupProcesses().length > 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
	expect({ n8n: n8nProcesses().map((p) => p.cmdline), group: groupProcesses().map((p) => p.cmdline) }).toEqual({ n8n: [], group: [] });
	expect({ userFolder: existsSync(userFolder), postgresFolder: existsSync(postgresFolder) }).toEqual({ userFolder: false, postgresFolder: false });
	expect({ n8n: await listening(editorUrl), postgres: await listening(`http://${new URL(postgresUrl).host}`), emulator: await listening(emulatorUrl) }).toEqual({
		n8n: false,
		postgres: false,
		emulator: false,
	});
});
