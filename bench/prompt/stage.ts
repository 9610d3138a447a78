// Stage "prompt": o200k tokens of our analyzer's prompt (runAnalysis in preview mode: the exact prompt a
// connected model would get, default 8,000-token budget) vs the seed's prompt, for every dataset and
// Airbyte catalog in ../shared. Two variants: for a model with structured output (the answer schema travels
// through withStructuredOutput) and the JSON-prompt fallback (the answer shape spelled out in the prompt).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { countTokens } from 'gpt-tokenizer';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { llmAnalysisSchema } from '../../lib/analysis/llm/schema';
import { runAnalysis } from '../../lib/analysis/pipeline';
import type { ChatModelLike } from '../../lib/analysis/llm/types';
import type { StreamSample } from '../../lib/sample/types';
import { readDatasetFolder } from '../../tools/eval-dataset';
import { fmtInt, fmtMs, median, pct } from '../lib/stats';
import { Unavailable, type Stage, type StageOptions, type StageResult } from '../lib/types';
import { seedPrompt } from './seed';

const SHARED = process.env.BENCH_SHARED_DIR ?? join(__dirname, '..', '..', '..', 'shared');

interface Source {
	label: string;
	samples: StreamSample[];
	/** A second view of a catalog already listed (more schemas): left out of the totals, so none counts twice. */
	variant?: boolean;
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
		if (all) out.push({ label: `airbyte-catalogs/${basename(dir)} (all ${all.length} schemas)`, samples: all, variant: true });
	}
	return out;
}

/** Makes preview mode build the prompt a structured-output model gets; preview never calls a model. */
const STRUCTURED_PREVIEW: ChatModelLike = {
	invoke: () => Promise.reject(new Error('preview only: no model is called')),
	withStructuredOutput: () => ({ invoke: () => Promise.reject(new Error('preview only: no model is called')) }),
	modelName: 'preview (structured output)',
};

interface Measured {
	text: string;
	system: string;
	user: string;
	detail: string;
	warned: boolean;
	times: number[];
}

async function measure(src: Source, runs: number, structured: boolean): Promise<Measured> {
	const out: Measured = { text: '', system: '', user: '', detail: '', warned: false, times: [] };
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		const r = await runAnalysis(src.samples, { llmMode: 'preview', llm: structured ? STRUCTURED_PREVIEW : undefined, piiHashKey: 'bench', now: new Date('2026-01-01T00:00:00Z') });
		out.times.push(performance.now() - t0);
		if (!r.prompt) throw new Error(`${src.label}: the analyzer returned no prompt in preview mode`);
		if (i > 0 && r.prompt.text !== out.text) throw new Error(`${src.label}: the prompt is not deterministic`);
		out.text = r.prompt.text;
		out.system = r.prompt.system;
		out.user = r.prompt.user;
		out.detail = `${r.prompt.streamsShown}/${r.prompt.streamsTotal} streams, detail ${r.prompt.detailLevel}`;
		out.warned = r.warnings.some((w) => /^To fit \d+ tokens/.test(w));
	}
	return out;
}

/** Tokens of the smallest prompt that still shows every stream: the lowest token budget that keeps them all. */
async function smallestFullPrompt(src: Source): Promise<number> {
	const at = async (tokenBudget: number) => (await runAnalysis(src.samples, { llmMode: 'preview', llm: STRUCTURED_PREVIEW, tokenBudget, piiHashKey: 'bench', now: new Date('2026-01-01T00:00:00Z') })).prompt!;
	let [low, high] = [1, 8000];
	while (low < high) {
		const middle = Math.floor((low + high) / 2);
		const prompt = await at(middle);
		if (prompt.streamsShown === prompt.streamsTotal && prompt.fitsBudget) high = middle;
		else low = middle + 1;
	}
	return countTokens((await at(low)).text);
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
		let worstJsonShare = 0;
		const total = { seed: 0, ours: 0, json: 0, catalogs: 0 };
		const misses: string[] = [];
		for (const src of list) {
			const structured = await measure(src, runs, true);
			const json = await measure(src, runs, false);
			const ours = countTokens(structured.text);
			const oursJson = countTokens(json.text);
			const seed = countTokens(seedPrompt(basename(src.label), src.samples));
			const records = src.samples.reduce((n, s) => n + s.records.length, 0);
			worstTokens = Math.max(worstTokens, oursJson);
			worstShare = Math.max(worstShare, ours / seed);
			worstJsonShare = Math.max(worstJsonShare, oursJson / seed);
			if (!src.variant) {
				total.seed += seed;
				total.ours += ours;
				total.json += oursJson;
				total.catalogs++;
			}
			rows.push([
				src.label,
				String(src.samples.length),
				fmtInt(records),
				fmtInt(seed),
				fmtInt(ours),
				pct(ours, seed),
				fmtInt(oursJson),
				pct(oursJson, seed),
				fmtInt(countTokens(json.system)),
				`${fmtInt(countTokens(structured.user))} (${pct(countTokens(structured.user), seed)})`,
				`${structured.detail}${structured.warned ? ' (budget warning)' : ''}`,
				fmtMs(median([...structured.times, ...json.times])),
			]);
			if (ours > 0.15 * seed) {
				const smallest = await smallestFullPrompt(src);
				misses.push(
					`${src.label}: 15 % of its seed prompt is ${fmtInt(0.15 * seed)} tokens (${fmtInt(records)} records); ours (structured output) spends ${fmtInt(countTokens(structured.system))} on instructions and legend and ${fmtInt(countTokens(structured.user))} on the data; our smallest prompt that still shows every stream (names, keys and FKs only) takes ${fmtInt(smallest)}.`,
				);
			}
			targets.push({ name: `${src.label}: our prompt (JSON fallback, the larger)`, value: `${fmtInt(oursJson)} tokens`, target: '<= 8,000', met: oursJson <= 8000 });
			targets.push({ name: `${src.label}: ours / seed (structured output)`, value: pct(ours, seed), target: '<= 15 %', met: ours <= 0.15 * seed });
			targets.push({ name: `${src.label}: ours / seed (JSON fallback)`, value: pct(oursJson, seed), target: '<= 15 %', met: oursJson <= 0.15 * seed });
		}
		const everyCatalog = `all ${total.catalogs} catalogs together (tokens summed, each catalog once)`;
		rows.push([everyCatalog, '', '', fmtInt(total.seed), fmtInt(total.ours), pct(total.ours, total.seed), fmtInt(total.json), pct(total.json, total.seed), '', '', '', '']);
		targets.push({ name: `${everyCatalog}: ours / seed (structured output)`, value: pct(total.ours, total.seed), target: '<= 15 %', met: total.ours <= 0.15 * total.seed });
		targets.push({ name: `${everyCatalog}: ours / seed (JSON fallback)`, value: pct(total.json, total.seed), target: '<= 15 %', met: total.json <= 0.15 * total.seed });
		return {
			stage: 'prompt',
			title: this.title,
			status: 'ok',
			columns: [
				'source',
				'streams',
				'records',
				'seed prompt (tokens)',
				'ours, structured output (tokens)',
				'ours / seed',
				'ours, JSON fallback (tokens)',
				'ours / seed',
				'system message, JSON fallback (tokens)',
				'data only: the digest (tokens, share of seed)',
				'shown (default budget)',
				'analysis + prompt time (median)',
			],
			rows,
			targets,
			notes: [
				`Worst case: ${fmtInt(worstTokens)} tokens; largest share of the seed's prompt: ${(100 * worstShare).toFixed(1)} % with structured output, ${(100 * worstJsonShare).toFixed(1)} % with the JSON fallback.`,
				`Ours: runAnalysis(samples, { llmMode: "preview" }) — the exact prompt (system + user) with the default 8,000-token budget and PII protection on. "Structured output": the prompt a model with withStructuredOutput receives (the answer schema, whose field descriptions say what each part of the answer holds, goes through the provider\'s schema channel: ${fmtInt(countTokens(JSON.stringify(zodToJsonSchema(llmAnalysisSchema))))} tokens as JSON Schema, the same for every catalog; not counted here, as the seed figure counts no instructions at all); "JSON fallback": the prompt for models without it, with the answer shape spelled out. Tokens counted with gpt-tokenizer (o200k_base).`,
				'Detail level (3 = full: types, PII marks, null rates, distinct counts, top values of categories, ranges, FKs with scores, nested fields, rule KPIs, quality warnings) is chosen by the token budget only; "(budget warning)" marks a prompt the budget forced to less detail.',
				"Seed: JSON.stringify({provider, streams: [{name, schema, sampleRecords: first 10 records, recordCount, fields}]}) over the same samples (raw records, PII included).",
				...misses,
				'"(all N schemas)" adds the connector\'s remaining schema files (no records) to its test catalog, closer to a real discover.',
			],
		};
	},
};
