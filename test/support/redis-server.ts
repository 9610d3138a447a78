// Starts a real Redis (Debian's redis-server) for n8n's queue mode: bound to 127.0.0.1 on a free port, no
// persistence (`--save '' --appendonly no`), working directory in its own temp folder. stop() ends it and
// removes the folder; a process exit without stop() does the same.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort } from './n8n-instance';

export const REDIS_SERVER_BINARY = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

export interface RedisServer {
	host: string;
	port: number;
	/** redis://127.0.0.1:<port> */
	url: string;
	dir: string;
	logFile: string;
	logTail(lines?: number): string;
	/** Sends one inline command and returns Redis's raw reply (e.g. `+PONG\r\n`). */
	command(line: string): Promise<string>;
	stop(): Promise<void>;
}

export interface StartRedisOptions {
	startTimeoutMs?: number;
}

const running = new Set<ChildProcess>();
const folders = new Set<string>();
process.once('exit', () => {
	for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** One inline command over a fresh connection; resolves with the first reply chunk. */
export function redisCommand(port: number, line: string, host = '127.0.0.1', timeoutMs = 2_000): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host, port });
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new Error(`redis ${host}:${port} did not answer "${line}" within ${timeoutMs} ms`));
		}, timeoutMs);
		socket.once('connect', () => socket.write(`${line}\r\n`));
		socket.once('data', (chunk) => {
			clearTimeout(timer);
			socket.end();
			resolve(chunk.toString('utf8'));
		});
		socket.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
	});
}

/** Starts redis-server; a port taken between picking it and Redis binding it gets a fresh port (3 tries). */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
	if (!existsSync(REDIS_SERVER_BINARY)) {
		throw new Error(`${REDIS_SERVER_BINARY} not found: install Debian's redis-server (apt-get install redis-server) or set REDIS_SERVER_PATH`);
	}
	for (let attempt = 1; ; attempt++) {
		try {
			return await startRedisOnce(options);
		} catch (error) {
			const portTaken = error instanceof Error && /Address already in use|EADDRINUSE/.test(error.message);
			if (!portTaken || attempt >= 3) throw error;
		}
	}
}

async function startRedisOnce(options: StartRedisOptions): Promise<RedisServer> {
	const host = '127.0.0.1';
	const port = await freePort();
	const dir = mkdtempSync(path.join(tmpdir(), 'redis-e2e-'));
	folders.add(dir);
	const logFile = path.join(dir, 'redis.log');
	const logTail = (lines = 30) => {
		try {
			return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
		} catch {
			return '(no redis log)';
		}
	};

	const args = ['--port', String(port), '--bind', host, '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes'];
	const child = spawn(REDIS_SERVER_BINARY, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
	running.add(child);
	const log = createWriteStream(logFile, { flags: 'a' });
	child.stdout?.pipe(log, { end: false });
	child.stderr?.pipe(log, { end: false });
	child.once('exit', () => setTimeout(() => log.end(), 50));

	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
			await exited;
			clearTimeout(timer);
		}
		running.delete(child);
		rmSync(dir, { recursive: true, force: true });
		folders.delete(dir);
	};

	try {
		const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
		for (;;) {
			if (child.exitCode !== null || child.signalCode !== null) {
				await new Promise((resolve) => setTimeout(resolve, 100)); // let the log flush
				throw new Error(`redis-server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${logTail()}`);
			}
			// Our own server's log line first: a PING alone could reach another process that took the port.
			if (logTail(200).includes('Ready to accept connections')) {
				const reply = await redisCommand(port, 'PING', host, 1_000).catch(() => '');
				if (reply.startsWith('+PONG')) break;
			}
			if (Date.now() > deadline) throw new Error(`redis-server was not ready on ${host}:${port}:\n${logTail()}`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	} catch (error) {
		await stop();
		throw error;
	}

	return { host, port, url: `redis://${host}:${port}`, dir, logFile, logTail, command: (line) => redisCommand(port, line, host), stop };
}
