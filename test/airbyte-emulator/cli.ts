// `npm run airbyte:emulator`: a standalone emulator for demos and benchmarks. Uses DATABASE_URL or starts its
// own embedded Postgres. Flags: --port <n> (default 8000), --profile test|realistic, --token-expires <s>,
// --faker-count <n>, --faker-seed <n>.
import { startEmulator } from './index';

const { startPostgres } = require('../support/postgres-process.js') as {
	startPostgres: () => Promise<{ url: string; stop: () => Promise<void> }>;
};

function flag(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
	const postgres = await startPostgres();
	const realistic = flag('profile') === 'realistic';
	const emulator = await startEmulator({
		databaseUrl: postgres.url,
		port: Number(flag('port') ?? 8000),
		tokenExpiresInSeconds: Number(flag('token-expires') ?? 900),
		startupDelayMs: realistic ? 30_000 : 0,
		seed: { faker: { count: Number(flag('faker-count') ?? 1000), seed: Number(flag('faker-seed') ?? 42) } },
		log: (line) => console.error(`[emulator] ${line}`),
	});
	console.log(`Airbyte emulator ready (${realistic ? 'realistic: 30 s sync start-up' : 'test profile'})`);
	console.log(`  self-hosted base URL : ${emulator.publicApiBaseUrl}`);
	console.log(`  Cloud-style base URL : ${emulator.cloudStyleBaseUrl}`);
	console.log(`  Config API           : ${emulator.configApiBaseUrl}`);
	console.log(`  client id            : ${emulator.clientId}`);
	console.log(`  client secret        : ${emulator.clientSecret}`);
	console.log(`  workspace id         : ${emulator.workspaceId}`);
	console.log(`  sources              : ${JSON.stringify(emulator.sources)}`);
	console.log(`  destinations         : ${JSON.stringify(emulator.destinations)}`);
	console.log(`  destination Postgres : ${postgres.url}`);
	const shutdown = async () => {
		await emulator.stop();
		await postgres.stop();
		process.exit(0);
	};
	process.once('SIGINT', () => void shutdown());
	process.once('SIGTERM', () => void shutdown());
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
