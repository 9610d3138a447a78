// Stage "e2e": onboardings through the shipped template (workflows/airbyte-ai-onboarding.json) in real n8n 2.41.1
// with no model connected, for the emulator's 3-stream faker source. One n8n start per stage run (see harness.ts).
// Two ways of calling it: fast polls (0.5 s / 1 s sent in the webhook body: the harsh case for our share) and the
// template's own defaults (nothing in the body). Figures for each: wall time of one onboarding (median of
// sequential runs after one warm-up), our nodes' share of it (with and without their waits on Airbyte, see
// attribution.ts); and onboardings per minute with 1, 2 and 4 tenants onboarded at once (fast polls).

import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmtInt, fmtMs, median, ratio } from '../lib/stats';
import type { Stage, StageOptions, StageResult } from '../lib/types';
import type { Attribution } from './attribution';
import { startOnboardingHarness } from './harness';
import { FAST_POLLS, onboardBatch, templatePolls, type OnboardingRun, type PollConfig } from './onboard';

const SAMPLE_SIZE = 1000;

function medianOf(runs: OnboardingRun[], pick: (a: Attribution) => number): number {
	return median(runs.map((r) => pick(r.attribution)));
}

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export const e2eStage: Stage = {
	name: 'e2e',
	title: "End to end: one onboarding through the template in real n8n (wall time, our nodes' share, onboardings/min)",
	async run(options: StageOptions): Promise<StageResult> {
		const fakerCount = Number(process.env.BENCH_E2E_FAKER_COUNT ?? (options.quick ? 200 : 1000));
		const runs = options.runs ?? 3;
		// Template-default onboardings wait out two 5 s polls each: fewer of them keep the stage near 2 minutes.
		const templateRuns = options.quick ? 1 : (options.runs ?? 3);
		const concurrencies = options.quick ? [2] : [2, 4];
		// One batch per concurrency by default (the stage has to fit the bench's 10-minute budget with one n8n start):
		// its throughput figure is one measurement; the onboardings inside it give c wall times each.
		const batchRuns = options.runs ?? 1;
		process.stderr.write(`  e2e: building the package privately, starting Postgres, the emulator (faker ${fmtInt(fakerCount)} rows/stream) and n8n\n`);
		const h = await startOnboardingHarness({ fakerCount });
		try {
			const template = templatePolls(h.templateDefaults);
			const seen = new Set<string>();
			const tag = Date.now().toString(36);
			process.stderr.write(`  e2e: n8n ready in ${sec(h.timings.n8nStartMs)}; warm-up onboarding\n`);
			const warm = (await onboardBatch(h, [`warm_${tag}`], SAMPLE_SIZE, seen, FAST_POLLS)).runs[0];
			const sequential: OnboardingRun[] = [];
			for (let i = 0; i < runs; i++) {
				process.stderr.write(`  e2e: onboarding ${i + 1}/${runs} (fast polls)\n`);
				sequential.push(...(await onboardBatch(h, [`seq${i}_${tag}`], SAMPLE_SIZE, seen, FAST_POLLS)).runs);
			}
			const templated: OnboardingRun[] = [];
			for (let i = 0; i < templateRuns; i++) {
				process.stderr.write(`  e2e: onboarding ${i + 1}/${templateRuns} (template defaults: ${template.sampleSeconds} s / ${template.syncSeconds} s polls)\n`);
				templated.push(...(await onboardBatch(h, [`tpl${i}_${tag}`], SAMPLE_SIZE, seen, template)).runs);
			}
			const throughput: Throughput[] = [];
			const seqWall = median(sequential.map((r) => r.wallMs));
			throughput.push({ tenants: 1, batches: sequential.map((r) => r.wallMs), perMin: 60_000 / seqWall, walls: sequential.map((r) => r.wallMs) });
			for (const c of concurrencies) {
				const batches: number[] = [];
				const walls: number[] = [];
				for (let b = 0; b < batchRuns; b++) {
					process.stderr.write(`  e2e: ${c} tenants at once, batch ${b + 1}/${batchRuns}\n`);
					const tenants = Array.from({ length: c }, (_, i) => `c${c}b${b}t${i}_${tag}`);
					const batch = await onboardBatch(h, tenants, SAMPLE_SIZE, seen, FAST_POLLS);
					batches.push(batch.batchMs);
					walls.push(...batch.runs.map((r) => r.wallMs));
				}
				throughput.push({ tenants: c, batches, perMin: (60_000 * c) / median(batches), walls });
			}
			const leftovers = await sampleLeftovers(h);
			writeDetails(h, [warm, ...sequential, ...templated]);
			return report({
				h,
				warm,
				configs: [
					{ config: FAST_POLLS, runs: sequential },
					{ config: template, runs: templated },
				],
				throughput,
				fakerCount,
				leftovers,
			});
		} finally {
			await h.stop();
		}
	},
};

interface Throughput {
	tenants: number;
	batches: number[];
	perMin: number;
	walls: number[];
}

/** Per-run details (node windows, attribution, the Airbyte calls inside each run) for checking the split by hand. */
export const DETAILS_FILE = join(tmpdir(), 'bench-e2e-runs.json');

function writeDetails(h: Awaited<ReturnType<typeof startOnboardingHarness>>, runs: OnboardingRun[]): void {
	const calls = h.proxy.calls();
	const details = runs.map((r) => ({ ...r, airbyteCalls: calls.filter((c) => c.end > r.start && c.start < r.end) }));
	writeFileSync(DETAILS_FILE, JSON.stringify(details, null, 1));
}

async function sampleLeftovers(h: Awaited<ReturnType<typeof startOnboardingHarness>>): Promise<number> {
	const res = await fetch(`${h.emu.publicApiBaseUrl}/connections?workspaceIds=${h.emu.workspaceId}&limit=100`, { headers: { authorization: `Bearer ${h.emu.issueToken()}` } });
	const { data } = (await res.json()) as { data: Array<{ name: string }> };
	return data.filter((c) => c.name.startsWith('n8n-sample-')).length;
}

interface ConfigRuns {
	config: PollConfig;
	runs: OnboardingRun[];
}

interface ReportInput {
	h: Awaited<ReturnType<typeof startOnboardingHarness>>;
	warm: OnboardingRun;
	configs: ConfigRuns[];
	throughput: Throughput[];
	fakerCount: number;
	leftovers: number;
}

/** How each configuration is named in the table and the targets. */
function label(config: PollConfig): string {
	return config.name === 'fast'
		? `fast polls (${config.sampleSeconds} s / ${config.syncSeconds} s in the webhook body)`
		: `template defaults (nothing in the body: ${config.sampleSeconds} s / ${config.syncSeconds} s polls)`;
}

interface Summary {
	n: number;
	wall: number;
	minWall: number;
	maxWall: number;
	ours: number;
	own: number;
	ownLow: number;
	builtin: number;
	overhead: number;
	api: number;
	sleeps: number;
	/** Medians of the per-run shares (the same figures the targets check). */
	oursShare: number;
	ownShare: number;
	ownLowShare: number;
	builtinShare: number;
	overheadShare: number;
}

function summarise(runs: OnboardingRun[]): Summary {
	const walls = runs.map((r) => r.wallMs);
	const share = (pick: (a: Attribution) => number) => medianOf(runs, (a) => pick(a) / a.wallMs);
	return {
		n: runs.length,
		wall: median(walls),
		minWall: Math.min(...walls),
		maxWall: Math.max(...walls),
		ours: medianOf(runs, (a) => a.oursMs),
		own: medianOf(runs, (a) => a.oursOwnMs),
		ownLow: medianOf(runs, (a) => a.oursOwnLowMs),
		builtin: medianOf(runs, (a) => a.builtinMs),
		overhead: medianOf(runs, (a) => a.n8nOverheadMs),
		api: medianOf(runs, (a) => a.oursAirbyteApiMs),
		sleeps: medianOf(runs, (a) => a.oursPollSleepMs),
		oursShare: share((a) => a.oursMs),
		ownShare: share((a) => a.oursOwnMs),
		ownLowShare: share((a) => a.oursOwnLowMs),
		builtinShare: share((a) => a.builtinMs),
		overheadShare: share((a) => a.n8nOverheadMs),
	};
}

const pctOf = (share: number) => `${(100 * share).toFixed(1)} %`;

function configRows(config: PollConfig, s: Summary): string[][] {
	const tag = `[${config.name === 'fast' ? 'fast polls' : 'template defaults'}]`;
	return [
		[`${tag} wall time of one onboarding (median of ${s.n}${config.name === 'fast' ? '; warm-up excluded' : ''})`, sec(s.wall), `range ${sec(s.minWall)} - ${sec(s.maxWall)}`, ''],
		[`${tag} our nodes incl. waiting for Airbyte (Σ executionTime)`, `${sec(s.ours)} (${pctOf(s.oursShare)})`, `n8n built-in nodes: ${sec(s.builtin)} (${pctOf(s.builtinShare)})`, ratio(s.ours, s.builtin)],
		[`${tag} our nodes' own work (minus Airbyte API calls and poll sleeps)`, `${fmtMs(s.own)} (${pctOf(s.ownShare)})`, `n8n built-in nodes: ${sec(s.builtin)}`, ratio(s.own, s.builtin)],
		[`${tag} our nodes' own work, lower bound (whole gaps after poll calls as waiting)`, `${fmtMs(s.ownLow)} (${pctOf(s.ownLowShare)})`, `n8n built-in nodes: ${sec(s.builtin)}`, ratio(s.ownLow, s.builtin)],
		[`${tag} our nodes' own work vs n8n's own overhead`, fmtMs(s.own), `n8n overhead (wall - Σ node time): ${fmtMs(s.overhead)} (${pctOf(s.overheadShare)})`, ratio(s.own, s.overhead)],
		[`${tag} waiting for Airbyte inside our nodes`, `API calls ${sec(s.api)} + poll sleeps ${sec(s.sleeps)}`, '', ''],
	];
}

/** Per node, medians over one configuration's runs. */
function perNode(runs: OnboardingRun[]): Map<string, { type: string; ours: boolean; ms: number; own: number }> {
	const names = [...new Set(runs.flatMap((r) => r.attribution.nodes.map((x) => x.name)))];
	return new Map(
		names.map((name) => {
			const of = runs.map((r) => r.attribution.nodes.filter((x) => x.name === name));
			const total = (k: 'ms' | 'ownMs') => median(of.map((xs) => xs.reduce((sum, x) => sum + x[k], 0)));
			const first = of.find((xs) => xs.length)![0];
			return [name, { type: first.type, ours: first.ours, ms: total('ms'), own: total('ownMs') }];
		}),
	);
}

function report({ h, warm, configs, throughput, fakerCount, leftovers }: ReportInput): StageResult {
	const summaries = configs.map((c) => ({ ...c, summary: summarise(c.runs), nodes: perNode(c.runs) }));
	const rows: string[][] = summaries.flatMap((c) => configRows(c.config, c.summary));
	// Per node (our nodes first, then built-in nodes over 50 ms): each configuration's medians side by side.
	const [fast] = summaries;
	const names = [...fast.nodes.entries()].sort(([, a], [, b]) => Number(b.ours) - Number(a.ours) || b.ms - a.ms).map(([name]) => name);
	for (const name of names) {
		const x = fast.nodes.get(name)!;
		if (!x.ours && x.ms < 50) continue;
		const cell = summaries
			.map((c) => {
				const y = c.nodes.get(name);
				const what = c.config.name === 'fast' ? 'fast' : 'template';
				return y ? `${what}: ${fmtMs(y.ms)}${x.ours ? `, own ${fmtMs(y.own)}` : ''}` : `${what}: -`;
			})
			.join('; ');
		rows.push([`  node "${name}" (${x.type.replace(/^n8n-nodes-airbyte-onboarding\./, 'ours.').replace(/^n8n-nodes-base\./, 'n8n.')})`, x.ours ? cell : '', x.ours ? '' : cell, '']);
	}
	const one = throughput[0].perMin;
	for (const t of throughput) {
		rows.push([
			`onboardings per minute, ${t.tenants} tenant${t.tenants > 1 ? 's' : ''} at once (fast polls)`,
			t.perMin.toFixed(2),
			t.tenants === 1 ? '' : `1 tenant: ${one.toFixed(2)}/min (linear would be ${(one * t.tenants).toFixed(2)})`,
			t.tenants === 1 ? '1.00x' : ratio(t.perMin, one),
		]);
	}
	const shareTarget = 0.1;
	const targets: StageResult['targets'] = summaries.flatMap(({ config, summary: s }) => [
		{ name: `wall time of one onboarding (3-stream faker, no model), median, ${label(config)}`, value: sec(s.wall), target: '< 60 s', met: s.wall < 60_000 },
		{ name: `our nodes' share of it, own work, ${label(config)}`, value: pctOf(s.ownShare), target: '< 10 %', met: s.ownShare < shareTarget },
	]);
	const [fastRuns, templateRuns] = configs;
	return {
		stage: 'e2e',
		title: e2eStage.title,
		status: leftovers === 0 ? 'ok' : 'failed',
		columns: ['measure', 'ours', 'peer (same runs)', 'ours / peer'],
		rows,
		targets,
		notes: [
			`Setup (once per stage run): private build ${sec(h.timings.buildMs)}, n8n start ${sec(h.timings.n8nStartMs)}, credentials + template import + activation ${fmtMs(h.timings.setupMs)}. First onboarding after start (warm-up, fast polls, not in the medians): ${sec(warm.wallMs)}.`,
			`Source: the emulator's faker source (users, products, purchases), ${fmtInt(fakerCount)} rows/stream, sample size ${SAMPLE_SIZE}; the emulator has no sync start-up delay (real Airbyte adds ~30-40 s per job). No model connected: deterministic analysis.`,
			`Two ways of calling the template, each with its own rows and targets: [fast polls] = ${label(fastRuns.config)}: ${fastRuns.runs.length} sequential onboardings after the warm-up, the harsh case for our share (the sync is over within ~1 s here, so little waiting dilutes our work); [template defaults] = ${label(templateRuns.config)}, i.e. exactly what the shipped template does when the caller sets nothing: ${templateRuns.runs.length} sequential onboardings (each waits out at least one full poll interval per wait).`,
			'Wall time: from POST /webhook/airbyte-onboarding to the JSON answer (Respond With Summary, the last node). Node times: executionTime of every node in the execution\'s runData (GET /api/v1/executions/:id?includeData=true); "ours" = node types starting with n8n-nodes-airbyte-onboarding.',
			"Own work = our nodes' executionTime minus their waits on Airbyte: the union of their Airbyte API calls in flight (timed by a transparent proxy in front of the emulator; n8n's credential points at it) plus their poll sleeps (each gap after a poll call - GET /jobs, sync_progress - until the node's next call, credited up to the node's poll interval in that configuration, 2 s for the sampler's cancel settling). Request building, response parsing, n8n's HTTP helper, n8n evaluating the template's expressions in our nodes' parameters and timers firing late on a loaded machine stay in \"own work\", so it is an upper bound; the lower bound counts whole gaps after poll calls as waiting.",
			"The share target applies to our nodes' own work. Their executionTime also holds the time they wait for Airbyte's sample sync and first production sync (shown as a row): that is Airbyte's work, set by the sync's duration and the poll interval, not the nodes' cost.",
			'n8n overhead = wall - Σ executionTime of all nodes (webhook intake, scheduling, expression resolution between nodes, answering). Built-in nodes include the Postgres nodes\' database work (migration, transforms, dashboard queries).',
			`Per-run details (every node's window and split, every Airbyte call, the configuration): ${DETAILS_FILE}.`,
			`Onboardings per minute (fast polls): 1 tenant = 60 s / median sequential wall; n tenants = n onboardings started together, 60 s x n / median batch wall over ${throughput[1]?.batches.length ?? 0} batch(es). Median wall of one onboarding inside a batch: ${throughput
				.slice(1)
				.map((t) => `${t.tenants} tenants ${sec(median(t.walls))}`)
				.join(', ')}. All onboardings answered ok:true and their executions ended "success"; sample connections left in Airbyte afterwards: ${leftovers}.`,
		],
	};
}
