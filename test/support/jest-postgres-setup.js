// Jest globalSetup: one real Postgres per run, shared by all test files (each test makes its own database).
const { startPostgres } = require('./postgres-process');

module.exports = async function () {
	const server = await startPostgres();
	globalThis.__POSTGRES_SERVER__ = server;
	process.env.TEST_DATABASE_URL = server.url;
	const stopOnSignal = (signal) => {
		server.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
	};
	process.once('SIGINT', stopOnSignal);
	process.once('SIGTERM', stopOnSignal);
};
