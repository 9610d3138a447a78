// Runs one benchmark case in a fresh Node process (through tsx), so cases do not share heap, JIT or caches.
// The child prints one JSON line starting with RESULT; everything else it prints is passed through on error.

import { spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

export async function runChild<T>(script: string, args: string[], timeoutMs = 300_000): Promise<T> {
	const tsxLoader = require.resolve('tsx', { paths: [REPO] });
	return new Promise<T>((resolve, reject) => {
		const child = spawn(process.execPath, ['--expose-gc', '--import', tsxLoader, join(REPO, script), ...args], {
			cwd: REPO,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		let err = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		child.stderr.on('data', (d: Buffer) => (err += d.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const line = out.split('\n').find((l) => l.startsWith('RESULT '));
			if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as T);
			else reject(new Error(`${script} ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${(err || out).slice(-2000)}`));
		});
	});
}
