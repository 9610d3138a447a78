import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inferDataModel } from '../../../lib/analysis/keys';
import { profileStreams } from '../../../lib/profile';
import { readDatasetFolder } from '../../../tools/eval-dataset';
import { runEval, type EvalReport } from '../../../tools/eval-run';
import { scoreReport, typeFamily, type GroundTruth } from '../../../tools/eval-score';
import { makeVariant, VARIANTS } from '../../../tools/eval-variants';

const ROOT = join(__dirname, '../../..');
/** The shared data next to the repository, or at its fixed place when the repository is cloned elsewhere (CI). */
const SHARED = [join(ROOT, '../shared'), '/work/shared'].find((p) => existsSync(join(p, 'datasets'))) ?? join(ROOT, '../shared');
const DATASETS = join(SHARED, 'datasets');
const floors = JSON.parse(readFileSync(join(__dirname, 'floors.json'), 'utf8')) as Record<string, { primaryKeys: number; foreignKeysF1: number; columnTypes: number }>;
const TARGETS = { primaryKeys: 0.98, foreignKeysF1: 0.95, columnTypes: 0.97 };
const truthOf = (name: string) => JSON.parse(readFileSync(join(DATASETS, name, 'ground_truth.json'), 'utf8')) as GroundTruth;

describe('type families', () => {
	it.each([
		['smallint', 'integer'],
		['bigint', 'integer'],
		['numeric(10,2)', 'decimal'],
		['real', 'decimal'],
		['character varying(40)', 'text'],
		['timestamp without time zone', 'timestamp'],
		['timestamp with time zone', 'timestamptz'],
		['timestamptz', 'timestamptz'],
		['jsonb', 'json'],
		['bytea', 'binary'],
		['text[]', 'array'],
	])('%s -> %s', (t, f) => expect(typeFamily(t)).toBe(f));
});

describe.each(['chinook', 'northwind'])('eval on %s', (name) => {
	let report: EvalReport;
	beforeAll(async () => {
		report = (await runEval(join(DATASETS, name))).report;
	});

	it('writes the documented shape', () => {
		expect(report.streams.length).toBeGreaterThan(5);
		for (const s of report.streams) {
			expect(s).toEqual({ name: expect.any(String), primaryKey: expect.any(Array), columns: expect.any(Array) });
			for (const c of s.columns) expect(c).toEqual({ name: expect.any(String), type: expect.any(String) });
		}
		for (const fk of report.foreignKeys) expect(Object.keys(fk).sort()).toEqual(['fromColumns', 'fromStream', 'score', 'toColumns', 'toStream']);
		expect(typeof report.businessType).toBe('string');
	});

	it('keeps its floors and meets the targets', () => {
		const score = scoreReport(report, truthOf(name));
		const floor = floors[name];
		expect({ pk: score.primaryKeys.wrong, fp: score.foreignKeys.falsePositives, missed: score.foreignKeys.missed }).toEqual(
			floor.primaryKeys === 1 && floor.foreignKeysF1 === 1 ? { pk: [], fp: [], missed: [] } : expect.anything(),
		);
		expect(score.primaryKeys.accuracy).toBeGreaterThanOrEqual(Math.max(floor.primaryKeys, TARGETS.primaryKeys));
		expect(score.foreignKeys.f1).toBeGreaterThanOrEqual(Math.max(floor.foreignKeysF1, TARGETS.foreignKeysF1));
		expect(score.columnTypes.accuracy).toBeGreaterThanOrEqual(Math.max(floor.columnTypes, TARGETS.columnTypes));
	});

	it('is deterministic', async () => {
		const again = (await runEval(join(DATASETS, name))).report;
		expect(again).toEqual(report);
	});
});

describe('held-out-style variants (naming conventions, order, strings, partial samples)', () => {
	const cases = ['chinook', 'northwind'].flatMap((d) => VARIANTS.map((v) => [d, v] as const));
	it.each(cases)('%s / %s keeps the variant floors', (dataset, variant) => {
		const { samples, truth } = makeVariant(variant, readDatasetFolder(join(DATASETS, dataset)), truthOf(dataset));
		const model = inferDataModel(profileStreams(samples), samples);
		const report: EvalReport = {
			streams: model.streams.map((s) => ({ name: s.name, primaryKey: s.primaryKey, columns: s.columns.map((c) => ({ name: c.name, type: c.pgType })) })),
			foreignKeys: model.foreignKeys.map((f) => ({ fromStream: f.fromStream, fromColumns: f.fromColumns, toStream: f.toStream, toColumns: f.toColumns, score: f.score })),
			businessType: '',
			businessTypeSource: 'analysis',
		};
		const score = scoreReport(report, truth);
		expect(score.primaryKeys.accuracy).toBeGreaterThanOrEqual(floors.variants.primaryKeys);
		expect(score.foreignKeys.f1).toBeGreaterThanOrEqual(floors.variants.foreignKeysF1);
		expect(score.columnTypes.accuracy).toBeGreaterThanOrEqual(floors.variants.columnTypes);
	});
});

describe('npm run eval (the CLI)', () => {
	it('analyses a dataset folder without its ground truth and writes --out', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'eval-'));
		try {
			for (const f of readdirSync(join(DATASETS, 'chinook'))) if (f !== 'ground_truth.json') copyFileSync(join(DATASETS, 'chinook', f), join(dir, f));
			const out = join(dir, 'report.json');
			const { stderr } = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'tools/eval.ts'), dir, '--out', out], { cwd: ROOT });
			expect(stderr).toMatch(/eval: 11 streams, 11892 records, 11 foreign keys/);
			const report = JSON.parse(readFileSync(out, 'utf8')) as EvalReport;
			expect(scoreReport(report, truthOf('chinook')).foreignKeys.f1).toBe(1);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 60000);

	it('analyses a stream without a JSONL file from its catalog entry alone', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'eval-'));
		try {
			copyFileSync(join(DATASETS, 'northwind', 'airbyte_catalog.json'), join(dir, 'airbyte_catalog.json'));
			copyFileSync(join(DATASETS, 'northwind', 'orders.jsonl'), join(dir, 'orders.jsonl'));
			const { report } = await runEval(dir);
			const customers = report.streams.find((s) => s.name === 'customers')!;
			expect(customers.primaryKey).toEqual(['customer_id']);
			expect(customers.columns.map((c) => c.type)).toContain('text');
			expect(report.streams.find((s) => s.name === 'orders')!.primaryKey).toEqual(['order_id']);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('reads Airbyte connector folders (configured catalog + expected records)', async () => {
		const { report } = await runEval(join(SHARED, 'airbyte-catalogs/source-stripe'));
		expect(report.streams.every((s) => s.primaryKey.join() === 'id')).toBe(true);
		const fks = report.foreignKeys.map((f) => `${f.fromStream}.${f.fromColumns[0]}->${f.toStream}`);
		expect(fks).toEqual(expect.arrayContaining(['charges.customer->customers', 'refunds.charge->charges', 'invoice_line_items.invoice_id->invoices']));
		const created = report.streams.find((s) => s.name === 'balance_transactions')!.columns.find((c) => c.name === 'created')!;
		expect(created.type).toBe('timestamptz');
	});
});
