// Shared set-up for emulator integration tests: a test database, an emulator on it, an authenticated axios.
import axios, { type AxiosInstance } from 'axios';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../airbyte-emulator';

export interface EmulatorFixture {
	db: TestDatabase;
	emulator: EmulatorHandle;
	api: AxiosInstance;
	config: AxiosInstance;
	close(): Promise<void>;
}

export async function emulatorFixture(options: Partial<EmulatorOptions> = {}): Promise<EmulatorFixture> {
	const db = await createTestDatabase('emu');
	const emulator = await startEmulator({ databaseUrl: db.url, ...options });
	const token = emulator.issueToken();
	const headers = { Authorization: `Bearer ${token}` };
	const api = axios.create({ baseURL: emulator.publicApiBaseUrl, headers, validateStatus: () => true });
	const config = axios.create({ baseURL: emulator.configApiBaseUrl, headers, validateStatus: () => true });
	return {
		db,
		emulator,
		api,
		config,
		async close() {
			await emulator.stop();
			await db.drop();
		},
	};
}

export async function syncAndWait(fx: EmulatorFixture, connectionId: string, jobType = 'sync') {
	const res = await fx.api.post('/jobs', { connectionId, jobType });
	if (res.status !== 200) throw new Error(`POST /jobs: ${res.status} ${JSON.stringify(res.data)}`);
	return fx.emulator.waitForJob(res.data.jobId);
}

export async function countRows(fx: EmulatorFixture, schema: string, table: string): Promise<number> {
	const { rows } = await fx.db.client.query(`SELECT count(*)::int AS n FROM "${schema}"."${table}"`);
	return rows[0].n;
}
