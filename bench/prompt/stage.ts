// Stage "prompt": o200k tokens of our analyzer's prompt (runAnalysis in preview mode: the exact prompt a
// connected model would get, default 8,000-token budget) vs the seed's prompt, for every dataset and
// Airbyte catalog in ../shared.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { countTokens } from 'gpt-tokenizer';
import { runAnalysis } from '../../lib/analysis/pipeline';
import type { StreamSample } from '../../lib/sample/types';
import { readDatasetFolder } from '../../tools/eval-dataset';
import { fmtInt, fmtMs, median, pct } from '../lib/stats';
import { Unavailable, type Stage, type StageOptions, type StageResult } from '../lib/types';
import { seedPrompt } from './seed';

const SHARED = process.env.BENCH_SHARED_DIR ?? join(__dirname, '..', '..', '..', 'shared');

interface Source {
	label: string;
	samples: StreamSample[];
}

function folders(root: string): string[] {
	if (!existsSync(root)) return [];
	return readdirSync(root)
		.map((n) => join(root, n))
		.filter((p) => statSync(p).isDirectory())
		.sort();
}

/** Connector folders also carry schemas for streams their test catalog leaves out: a second, full catalog. */
function withAllSchemas(dir: string, samples: StreamSample[]): StreamSample[] | undefined {
	const schemasDir = join(dir, 'schemas');
	if (!existsSync(schemasDir)) return undefined;
	const have = new Set(samples.map((s) => s.stream.name));
	const extra: StreamSample[] = readdirSync(schemasDir)
		.filter((f) => f.endsWith('.json') && !have.has(basename(f, '.json')))
		.sort()
		.map((f) => ({
			stream: { name: basename(f, '.json'), json_schema: JSON.parse(readFileSync(join(schemasDir, f), 'utf8')), supported_sync_modes: ['full_refresh'] },
			records: [],
			status: 'schema_only' as const,
		}));
	return extra.length ? [...samples, ...extra] : undefined;
}

function sources(): Source[] {
	const out: Source[] = [];
	for (const dir of folders(join(SHARED, 'datasets'))) out.push({ label: `datasets/${basename(dir)}`, samples: readDatasetFolder(dir) });
	for (const dir of folders(join(SHARED, 'airbyte-catalogs'))) {
		const samples = readDatasetFolder(dir);
		out.push({ label: `airbyte-catalogs/${basename(dir)}`, samples });
		const all = withAllSchemas(dir, samples);
		if (all) out.push({ label: `airbyte-catalogs/${basename(dir)} (all ${all.length} schemas)`, samples: all });
	}
	return out;
}

export const promptStage: Stage = {
	name: 'prompt',
	title: 'Prompt size: o200k tokens of our analyzer prompt vs the seed prompt',
	async run(options: StageOptions): Promise<StageResult> {
		const list = sources();
		if (list.length === 0) throw new Unavailable(`no datasets or catalogs under ${SHARED} (set BENCH_SHARED_DIR)`);
		const runs = options.runs ?? 3;
		const rows: string[][] = [];
		const targets: StageResult['targets'] = [];
		let worstTokens = 0;
		let worstShare = 0;
		for (const src of list) {
			const times: number[] = [];
			let text = '';
			let detail = '';
			let system = '';
			for (let i = 0; i < runs; i++) {
				const t0 = performance.now();
				const r = await runAnalysis(src.samples, { llmMode: 'preview', piiHashKey: 'bench', now: new Date('2026-01-01T00:00:00Z') });
				times.push(performance.now() - t0);
				if (!r.prompt) throw new Error(`${src.label}: the analyzer returned no prompt in preview mode`);
				if (i > 0 && r.prompt.text !== text) throw new Error(`${src.label}: the prompt is not deterministic`);
				text = r.prompt.text;
				system = r.prompt.system;
				detail = `${r.prompt.streamsShown}/${r.prompt.streamsTotal} streams, detail ${r.prompt.detailLevel}`;
			}
			const ours = countTokens(text);
			const seed = countTokens(seedPrompt(basename(src.label), src.samples));
			const records = src.samples.reduce((n, s) => n + s.records.length, 0);
			worstTokens = Math.max(worstTokens, ours);
			worstShare = Math.max(worstShare, ours / seed);
			rows.push([src.label, String(src.samples.length), fmtInt(records), fmtInt(ours), fmtInt(countTokens(system)), fmtInt(seed), pct(ours, seed), detail, fmtMs(median(times))]);
			targets.push({ name: `${src.label}: our prompt`, value: `${fmtInt(ours)} tokens`, target: '<= 8,000', met: ours <= 8000 });
			targets.push({ name: `${src.label}: ours / seed`, value: pct(ours, seed), target: '<= 15 %', met: ours <= 0.15 * seed });
		}
		return {
			stage: 'prompt',
			title: this.title,
			status: 'ok',
			columns: ['source', 'streams', 'records', 'our prompt (tokens)', 'of which fixed instructions', 'seed prompt (tokens)', 'ours / seed', 'shown', 'analysis + prompt time (median)'],
			rows,
			targets,
			notes: [
				`Worst case: ${fmtInt(worstTokens)} tokens; largest share of the seed's prompt: ${(100 * worstShare).toFixed(1)} %.`,
				'Ours: runAnalysis(samples, { llmMode: "preview" }) — the exact prompt (system + user) with the default 8,000-token budget, PII protection on, JSON answer instructions included (the larger variant, used for models without structured output). Tokens counted with gpt-tokenizer (o200k_base).',
				"Seed: JSON.stringify({provider, streams: [{name, schema, sampleRecords: first 10 records, recordCount, fields}]}) over the same samples (raw records, PII included).",
				'"(all N schemas)" adds the connector\'s remaining schema files (no records) to its test catalog, closer to a real discover.',
			],
		};
	},
};
