// npm run bench [-- <stage> ...] [--runs N] [--quick]
// Runs the benchmark stages (all by default), prints a table per stage and rewrites their sections of
// bench/RESULTS.md. Exits non-zero when a stage could not run (missing service) or failed: never a made-up number.

import { codeVersion, describeMachine, machineLine } from './lib/machine';
import { printStage, RESULTS_FILE, updateResultsFile } from './lib/report';
import { Unavailable, type Stage, type StageResult } from './lib/types';
import { profileStage } from './profile/stage';
import { promptStage } from './prompt/stage';
import { e2eStage } from './e2e/stage';
import { sampleStage } from './sample/stage';
import { schemaStage } from './schema/stage';

const STAGES: Stage[] = [sampleStage, profileStage, promptStage, schemaStage, e2eStage];

function parseArgs(argv: string[]): { stages: Stage[]; runs?: number; quick: boolean } {
	const names: string[] = [];
	let runs: number | undefined;
	let quick = false;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--runs') runs = Number(argv[++i]);
		else if (a === '--quick') quick = true;
		else if (a === '--help' || a === '-h') {
			process.stdout.write(`usage: npm run bench [-- <stage> ...] [--runs N] [--quick]\nstages: ${STAGES.map((s) => s.name).join(', ')}\n`);
			process.exit(0);
		} else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
		else names.push(a);
	}
	if (runs !== undefined && !(Number.isInteger(runs) && runs > 0)) throw new Error('--runs needs a positive integer');
	const stages = names.length === 0 ? STAGES : names.map((n) => STAGES.find((s) => s.name === n) ?? fail(n));
	return { stages, runs, quick };
}

function fail(name: string): never {
	throw new Error(`unknown stage "${name}" (stages: ${STAGES.map((s) => s.name).join(', ')})`);
}

async function main(): Promise<void> {
	const { stages, runs, quick } = parseArgs(process.argv.slice(2));
	const t0 = performance.now();
	process.stdout.write(`bench on ${machineLine(describeMachine())}\n`);
	const results: StageResult[] = [];
	for (const stage of stages) {
		const machine = describeMachine();
		const code = codeVersion();
		const s0 = performance.now();
		process.stderr.write(`bench: ${stage.name}...\n`);
		let result: StageResult;
		try {
			result = await stage.run({ runs, quick });
		} catch (e) {
			const unavailable = e instanceof Unavailable;
			result = {
				stage: stage.name,
				title: stage.title,
				status: unavailable ? 'unavailable' : 'failed',
				columns: [],
				rows: [],
				targets: [],
				notes: [`${unavailable ? 'Not measured' : 'Failed'}: ${(e as Error).message}`],
			};
		}
		result.machine = machine;
		result.code = code;
		result.durationMs = performance.now() - s0;
		printStage(result);
		results.push(result);
		updateResultsFile(results, STAGES.map((s) => s.name));
	}
	const bad = results.filter((r) => r.status !== 'ok');
	const perStage = results.map((r) => `${r.stage} ${((r.durationMs ?? 0) / 1000).toFixed(0)} s`).join(', ');
	process.stdout.write(`\nbench: ${results.length} stage(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s (${perStage}); results in ${RESULTS_FILE}\n`);
	if (bad.length) {
		process.stderr.write(`bench: not measured: ${bad.map((r) => `${r.stage} (${r.status})`).join(', ')}\n`);
		process.exit(1);
	}
}

main().catch((e: unknown) => {
	process.stderr.write(`bench: ${(e as Error).message}\n`);
	process.exit(2);
});
