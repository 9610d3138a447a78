// Scores an eval report against a dataset's ground_truth.json: primary keys (exact column sets), foreign
// keys (precision/recall/F1 over the FKs observable in the extract) and column types by type family.
// Used by tests and by hand: `tsx tools/eval-score.ts report.json ground_truth.json`.

import { readFileSync } from 'node:fs';
import type { EvalReport } from './eval-run';

export interface GroundTruth {
	tables: Array<{ name: string; primary_key: string[]; columns: Array<{ name: string; type: string }>; rows_extracted?: number }>;
	foreign_keys: Array<{ from_table: string; from_columns: string[]; to_table: string; to_columns: string[]; observable_in_extract: boolean }>;
}

/** Postgres type -> family. Order matters: the first matching pattern wins. */
const TYPE_FAMILIES: ReadonlyArray<[RegExp, string]> = [
	[/\[\]$/, 'array'],
	[/^(smallint|integer|int|int2|int4|int8|bigint|smallserial|serial|bigserial)\b/, 'integer'],
	[/^(numeric|decimal|real|double precision|float4|float8|money)\b/, 'decimal'],
	[/^(boolean|bool)\b/, 'boolean'],
	[/^(timestamptz|timestamp(\(\d\))? with time zone)\b/, 'timestamptz'],
	[/^(timestamp)\b/, 'timestamp'],
	[/^date\b/, 'date'],
	[/^(timetz|time(\(\d\))? with time zone)\b/, 'timetz'],
	[/^time\b/, 'time'],
	[/^interval\b/, 'interval'],
	[/^uuid\b/, 'uuid'],
	[/^(json|jsonb)\b/, 'json'],
	[/^bytea\b/, 'binary'],
	[/^(text|character varying|varchar|character|char|citext|name|bpchar)\b/, 'text'],
];

export function typeFamily(pgType: string): string {
	const t = pgType.trim().toLowerCase();
	for (const [re, family] of TYPE_FAMILIES) if (re.test(t)) return family;
	return t;
}

const fkKey = (s: string, c: string[], t: string, tc: string[]) => `${s}(${c.join(',')})->${t}(${tc.join(',')})`;

export interface Score {
	primaryKeys: { correct: number; total: number; accuracy: number; observableCorrect: number; observableTotal: number; wrong: string[] };
	foreignKeys: { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number; falsePositives: string[]; missed: string[]; unobservable: number };
	columnTypes: { correct: number; total: number; accuracy: number; wrong: string[] };
}

function ratio(a: number, b: number): number {
	return b === 0 ? 1 : Math.round((a / b) * 10000) / 10000;
}

export function scoreReport(report: EvalReport, truth: GroundTruth): Score {
	const byName = new Map(report.streams.map((s) => [s.name, s]));
	let pkCorrect = 0;
	let obsCorrect = 0;
	let obsTotal = 0;
	const pkWrong: string[] = [];
	let typeCorrect = 0;
	let typeTotal = 0;
	const typeWrong: string[] = [];
	for (const t of truth.tables) {
		const s = byName.get(t.name);
		const predicted = [...(s?.primaryKey ?? [])].sort().join(',');
		const expected = [...t.primary_key].sort().join(',');
		const observable = (t.rows_extracted ?? 1) > 0;
		if (observable) obsTotal++;
		if (predicted === expected) {
			pkCorrect++;
			if (observable) obsCorrect++;
		} else pkWrong.push(`${t.name}: got [${predicted}], expected [${expected}]`);
		for (const c of t.columns) {
			typeTotal++;
			const got = s?.columns.find((x) => x.name === c.name)?.type ?? '(missing)';
			if (typeFamily(got) === typeFamily(c.type)) typeCorrect++;
			else typeWrong.push(`${t.name}.${c.name}: got ${got}, expected ${c.type}`);
		}
	}
	const observableFks = truth.foreign_keys.filter((f) => f.observable_in_extract);
	const expected = new Set(observableFks.map((f) => fkKey(f.from_table, f.from_columns, f.to_table, f.to_columns)));
	const predicted = new Set(report.foreignKeys.map((f) => fkKey(f.fromStream, f.fromColumns, f.toStream, f.toColumns)));
	const tp = [...predicted].filter((k) => expected.has(k)).length;
	const falsePositives = [...predicted].filter((k) => !expected.has(k));
	const missed = [...expected].filter((k) => !predicted.has(k));
	const precision = ratio(tp, predicted.size);
	const recall = ratio(tp, expected.size);
	const f1 = precision + recall === 0 ? 0 : Math.round(((2 * precision * recall) / (precision + recall)) * 10000) / 10000;
	return {
		primaryKeys: { correct: pkCorrect, total: truth.tables.length, accuracy: ratio(pkCorrect, truth.tables.length), observableCorrect: obsCorrect, observableTotal: obsTotal, wrong: pkWrong },
		foreignKeys: { tp, fp: falsePositives.length, fn: missed.length, precision, recall, f1, falsePositives, missed, unobservable: truth.foreign_keys.length - observableFks.length },
		columnTypes: { correct: typeCorrect, total: typeTotal, accuracy: ratio(typeCorrect, typeTotal), wrong: typeWrong },
	};
}

if (require.main === module) {
	const [reportFile, truthFile] = process.argv.slice(2);
	if (!reportFile || !truthFile) {
		console.error('usage: tsx tools/eval-score.ts <report.json> <ground_truth.json>');
		process.exit(2);
	}
	const score = scoreReport(JSON.parse(readFileSync(reportFile, 'utf8')), JSON.parse(readFileSync(truthFile, 'utf8')));
	console.log(JSON.stringify(score, null, 2));
}
