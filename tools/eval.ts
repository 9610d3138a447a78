// npm run eval -- <datasetDir> [--out report.json] [--prompt prompt.txt] [--database-url <url> [--tenant <id>] [--drop]]
// Runs the deterministic analysis on a dataset folder (airbyte_catalog.json + <stream>.jsonl, or an Airbyte
// connector folder with configured_catalog.json + expected_records.jsonl) and writes the JSON report.
// Never reads ground_truth.json. With --database-url it also loads the dataset like destination-postgres 3.x,
// provisions, migrates and transforms (tools/eval-load.ts) and adds "load" to the report.

import { writeFileSync } from 'node:fs';
import { loadIntoDatabase, tenantIdFor } from './eval-load';
import { runEval } from './eval-run';

interface Args {
	dir: string;
	out?: string;
	prompt?: string;
	databaseUrl?: string;
	tenant?: string;
	drop?: boolean;
}

const USAGE = 'usage: npm run eval -- <datasetDir> [--out report.json] [--prompt prompt.txt] [--database-url <url> [--tenant <id>] [--drop]]';
const VALUE_OPTIONS: Record<string, 'out' | 'prompt' | 'databaseUrl' | 'tenant'> = {
	'--out': 'out',
	'--prompt': 'prompt',
	'--database-url': 'databaseUrl',
	'--tenant': 'tenant',
};

function parseArgs(argv: string[]): Args {
	const args: Partial<Args> = {};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (VALUE_OPTIONS[a]) {
			const v = argv[++i];
			if (!v) throw new Error(`${a} needs a value`);
			args[VALUE_OPTIONS[a]] = v;
		} else if (a === '--drop') args.drop = true;
		else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
		else if (!args.dir) args.dir = a;
		else throw new Error(`unexpected argument ${a}`);
	}
	if (!args.dir) throw new Error(USAGE);
	if ((args.tenant || args.drop) && !args.databaseUrl) throw new Error(`--tenant and --drop need --database-url\n${USAGE}`);
	return args as Args;
}

type PromptBuilder = (input: Record<string, unknown>) => { prompt?: string; text?: string } | string;

/** The analysis engineer's prompt builder (lib/analysis/llm/prompt.ts), when it exists in this tree. */
async function writePrompt(file: string, run: Awaited<ReturnType<typeof runEval>>): Promise<void> {
	let mod: { buildAnalysisPrompt?: PromptBuilder } | undefined;
	try {
		// Imported lazily: the prompt builder is the analysis engineer's module.
		mod = (await import('../lib/analysis/llm/prompt')) as unknown as { buildAnalysisPrompt?: PromptBuilder };
	} catch {
		mod = undefined;
	}
	if (!mod || typeof mod.buildAnalysisPrompt !== 'function') {
		throw new Error('--prompt: the prompt builder (lib/analysis/llm/prompt.ts, buildAnalysisPrompt) is not available in this tree yet');
	}
	const r = mod.buildAnalysisPrompt({ profile: run.profile, model: run.model, samples: run.samples });
	const text = typeof r === 'string' ? r : (r.prompt ?? r.text ?? JSON.stringify(r));
	writeFileSync(file, text);
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const run = await runEval(args.dir);
	// --drop without --tenant: the tenant is derived from the dataset name (stable across runs), else unique per run.
	const load = args.databaseUrl
		? await loadIntoDatabase(run, args.dir, {
				databaseUrl: args.databaseUrl,
				tenantId: args.tenant ?? (args.drop ? tenantIdFor(args.dir, false) : undefined),
				dropFirst: args.drop,
			})
		: undefined;
	const json = `${JSON.stringify(load ? { ...run.report, load } : run.report, null, 2)}\n`;
	if (args.out) writeFileSync(args.out, json);
	else process.stdout.write(json);
	if (args.prompt) await writePrompt(args.prompt, run);
	const t = run.timings;
	if (load) {
		const lossless = load.tables.filter((x) => x.loadedRows === x.sourceRows).length;
		process.stderr.write(
			`eval: load into ${load.schema ?? '?'}: ${lossless}/${load.tables.length} tables lossless, ${load.foreignKeysEnforced} foreign keys enforced, ${load.errors.length} errors\n`,
		);
		// The report is written either way; a failed load still fails the command.
		if (load.errors.length) process.exitCode = 1;
	}
	process.stderr.write(
		`eval: ${run.report.streams.length} streams, ${t.records} records, ${run.report.foreignKeys.length} foreign keys; profile ${t.profileMs.toFixed(0)} ms, keys ${t.keysMs.toFixed(0)} ms\n`,
	);
}

main().catch((e: unknown) => {
	process.stderr.write(`eval: ${(e as Error).message}\n`);
	process.exit(1);
});
