// Starts test/support/pg-server.mjs (a real embedded Postgres) as a child process, or uses DATABASE_URL.
const { spawn } = require('node:child_process');
const path = require('node:path');

/** @returns {Promise<{ url: string, stop: () => Promise<void> }>} */
function startPostgres({ env = process.env } = {}) {
	if (env.DATABASE_URL) return Promise.resolve({ url: env.DATABASE_URL, stop: async () => {} });
	const child = spawn(process.execPath, [path.join(__dirname, 'pg-server.mjs')], {
		stdio: ['pipe', 'pipe', 'inherit'],
	});
	return new Promise((resolve, reject) => {
		let buffered = '';
		const onData = (chunk) => {
			buffered += chunk.toString();
			const match = /READY (\S+)/.exec(buffered);
			if (!match) return;
			child.stdout.off('data', onData);
			resolve({
				url: match[1],
				stop: () =>
					new Promise((done) => {
						if (child.exitCode !== null) return done();
						child.once('exit', () => done());
						child.kill('SIGTERM');
					}),
			});
		};
		child.stdout.on('data', onData);
		child.once('exit', (code) => reject(new Error(`embedded Postgres exited with code ${code} before it was ready`)));
		child.once('error', reject);
	});
}

module.exports = { startPostgres };
