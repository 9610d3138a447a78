// The emulator's source programs speak the Airbyte protocol: spec/check/discover/read, one message per line,
// every message valid against airbyte_protocol_v0.yaml; faker is deterministic for a seed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertAirbyteMessage } from '../../airbyte-emulator/spec/protocol';
import { defaultDatasetsDir, defaultReferenceDir } from '../../airbyte-emulator/spec/reference';

const sources = join(__dirname, '../../airbyte-emulator/sources');
let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'emu-src-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(program: string, args: string[], files: Record<string, unknown> = {}) {
	const argv = [join(sources, program), ...args];
	for (const [flag, content] of Object.entries(files)) {
		const f = join(dir, `${flag}-${Math.random()}.json`);
		writeFileSync(f, JSON.stringify(content));
		argv.push(`--${flag}`, f);
	}
	const out = execFileSync(process.execPath, argv, { maxBuffer: 256 * 1024 * 1024 }).toString();
	const messages = out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
	for (const m of messages) assertAirbyteMessage(defaultReferenceDir(), m);
	return messages;
}

const configured = (streams: Array<{ name: string }>) => ({
	streams: streams.map((stream) => ({ stream, sync_mode: 'full_refresh', destination_sync_mode: 'append' })),
});

describe('faker source', () => {
	it('answers spec, check and discover', () => {
		expect(run('faker-source.mjs', ['spec'])[0].spec.connectionSpecification.properties.count.default).toBe(1000);
		expect(run('faker-source.mjs', ['check'], { config: { count: 0 } })[0].connectionStatus.status).toBe('FAILED');
		const catalog = run('faker-source.mjs', ['discover'], { config: { count: 10 } })[0].catalog;
		expect(catalog.streams.map((s: { name: string }) => s.name)).toEqual(['users', 'products', 'purchases']);
	});

	it('reads the same rows for the same seed, different rows for another seed', () => {
		const catalog = run('faker-source.mjs', ['discover'], { config: {} })[0].catalog;
		const read = (seed: number) =>
			run('faker-source.mjs', ['read'], { config: { count: 200, seed }, catalog: configured(catalog.streams) })
				.filter((m) => m.type === 'RECORD')
				.map((m) => ({ stream: m.record.stream, data: m.record.data }));
		const a = read(5);
		expect(a.filter((r) => r.stream === 'users')).toHaveLength(200);
		expect(a.filter((r) => r.stream === 'products')).toHaveLength(100);
		const purchases = a.filter((r) => r.stream === 'purchases');
		expect(purchases.length).toBeGreaterThan(100);
		expect(purchases.every((p) => (p.data.user_id as number) <= 200 && (p.data.product_id as number) <= 100)).toBe(true);
		expect(new Set(purchases.map((p) => p.data.id)).size).toBe(purchases.length);
		expect(read(5)).toEqual(a);
		expect(read(6)).not.toEqual(a);
	});
});

describe('file source', () => {
	const chinook = join(defaultDatasetsDir(), 'chinook');

	it('discovers the folder catalog and replays every JSONL line', () => {
		const catalog = run('file-source.mjs', ['discover'], { config: { path: chinook } })[0].catalog;
		expect(catalog).toEqual(JSON.parse(readFileSync(join(chinook, 'airbyte_catalog.json'), 'utf8')));
		const genre = catalog.streams.find((s: { name: string }) => s.name === 'genre');
		const records = run('file-source.mjs', ['read'], { config: { path: chinook }, catalog: configured([genre]) }).filter((m) => m.type === 'RECORD');
		expect(records.map((m) => m.record.data)).toEqual(
			readFileSync(join(chinook, 'genre.jsonl'), 'utf8')
				.split('\n')
				.filter(Boolean)
				.map((l) => JSON.parse(l)),
		);
	});

	it('fails check on a missing folder and reports a TRACE error on discover', () => {
		expect(run('file-source.mjs', ['check'], { config: { path: join(dir, 'nope') } })[0].connectionStatus.status).toBe('FAILED');
		expect(() => run('file-source.mjs', ['discover'], { config: { path: join(dir, 'nope') } })).toThrow();
	});
});
