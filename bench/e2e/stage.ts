// Stage "e2e": onboardings through the shipped template (workflows/airbyte-ai-onboarding.json) in real n8n 2.41.1
// with no model connected, for the emulator's 3-stream faker source. One n8n start per stage run (see harness.ts).
// Figures: wall time of one onboarding (median of sequential runs after one warm-up), our nodes' share of it (with
// and without their waits on Airbyte, see attribution.ts), and onboardings per minute with 1, 2 and 4 tenants
// onboarded at once.

import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmtInt, fmtMs, median, ratio } from '../lib/stats';
import type { Stage, StageOptions, StageResult } from '../lib/types';
import type { Attribution } from './attribution';
import { startOnboardingHarness } from './harness';
import { onboardBatch, POLL_SECONDS, SYNC_POLL_SECONDS, type OnboardingRun } from './onboard';

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
		const concurrencies = options.quick ? [2] : [2, 4];
		// One batch per concurrency by default (the stage has to fit the bench's 10-minute budget with one n8n start):
		// its throughput figure is one measurement; the onboardings inside it give c wall times each.
		const batchRuns = options.runs ?? 1;
		process.stderr.write(`  e2e: building the package privately, starting Postgres, the emulator (faker ${fmtInt(fakerCount)} rows/stream) and n8n\n`);
		const h = await startOnboardingHarness({ fakerCount });
		try {
			const seen = new Set<string>();
			const tag = Date.now().toString(36);
			process.stderr.write(`  e2e: n8n ready in ${sec(h.timings.n8nStartMs)}; warm-up onboarding\n`);
			const warm = (await onboardBatch(h, [`warm_${tag}`], SAMPLE_SIZE, seen)).runs[0];
			const sequential: OnboardingRun[] = [];
			for (let i = 0; i < runs; i++) {
				process.stderr.write(`  e2e: onboarding ${i + 1}/${runs}\n`);
				sequential.push(...(await onboardBatch(h, [`seq${i}_${tag}`], SAMPLE_SIZE, seen)).runs);
			}
			const throughput: Array<{ tenants: number; batches: number[]; perMin: number; walls: number[] }> = [];
			const seqWall = median(sequential.map((r) => r.wallMs));
			throughput.push({ tenants: 1, batches: sequential.map((r) => r.wallMs), perMin: 60_000 / seqWall, walls: sequential.map((r) => r.wallMs) });
			for (const c of concurrencies) {
				const batches: number[] = [];
				const walls: number[] = [];
				for (let b = 0; b < batchRuns; b++) {
					process.stderr.write(`  e2e: ${c} tenants at once, batch ${b + 1}/${batchRuns}\n`);
					const tenants = Array.from({ length: c }, (_, i) => `c${c}b${b}t${i}_${tag}`);
					const batch = await onboardBatch(h, tenants, SAMPLE_SIZE, seen);
					batches.push(batch.batchMs);
					walls.push(...batch.runs.map((r) => r.wallMs));
				}
				throughput.push({ tenants: c, batches, perMin: (60_000 * c) / median(batches), walls });
			}
			const leftovers = await sampleLeftovers(h);
			writeDetails(h, [warm, ...sequential]);
			return report({ h, warm, sequential, throughput, fakerCount, leftovers });
		} finally {
			await h.stop();
		}
	},
};

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

interface ReportInput {
	h: Awaited<ReturnType<typeof startOnboardingHarness>>;
	warm: OnboardingRun;
	sequential: OnboardingRun[];
	throughput: Array<{ tenants: number; batches: number[]; perMin: number; walls: number[] }>;
	fakerCount: number;
	leftovers: number;
}

function report({ h, warm, sequential, throughput, fakerCount, leftovers }: ReportInput): StageResult {
	const n = sequential.length;
	const wall = median(sequential.map((r) => r.wallMs));
	const ours = medianOf(sequential, (a) => a.oursMs);
	const own = medianOf(sequential, (a) => a.oursOwnMs);
	const ownLow = medianOf(sequential, (a) => a.oursOwnLowMs);
	const builtin = medianOf(sequential, (a) => a.builtinMs);
	const overhead = medianOf(sequential, (a) => a.n8nOverheadMs);
	const api = medianOf(sequential, (a) => a.oursAirbyteApiMs);
	const sleeps = medianOf(sequential, (a) => a.oursPollSleepMs);
	const oursShare = medianOf(sequential, (a) => a.oursMs / a.wallMs);
	const ownShare = medianOf(sequential, (a) => a.oursOwnMs / a.wallMs);
	const share = (pick: (a: Attribution) => number) => `${(100 * medianOf(sequential, (a) => pick(a) / a.wallMs)).toFixed(1)} %`;
	const ownLowShare = share((a) => a.oursOwnLowMs);
	// Shares are medians of the per-run shares (the same figures the targets check).
	const rows: string[][] = [
		[`wall time of one onboarding (median of ${n}; warm-up excluded)`, sec(wall), `range ${sec(Math.min(...sequential.map((r) => r.wallMs)))} - ${sec(Math.max(...sequential.map((r) => r.wallMs)))}`, ''],
		['our nodes incl. waiting for Airbyte (Σ executionTime)', `${sec(ours)} (${share((a) => a.oursMs)})`, `n8n built-in nodes: ${sec(builtin)} (${share((a) => a.builtinMs)})`, ratio(ours, builtin)],
		["our nodes' own work (minus Airbyte API calls and poll sleeps)", `${fmtMs(own)} (${share((a) => a.oursOwnMs)})`, `n8n built-in nodes: ${sec(builtin)}`, ratio(own, builtin)],
		["our nodes' own work, lower bound (whole gaps after poll calls as waiting)", `${fmtMs(ownLow)} (${ownLowShare})`, `n8n built-in nodes: ${sec(builtin)}`, ratio(ownLow, builtin)],
		["our nodes' own work vs n8n's own overhead", fmtMs(own), `n8n overhead (wall - Σ node time): ${fmtMs(overhead)} (${share((a) => a.n8nOverheadMs)})`, ratio(own, overhead)],
		['waiting for Airbyte inside our nodes', `API calls ${sec(api)} + poll sleeps ${sec(sleeps)}`, '', ''],
	];
	// Per node (our nodes first), medians over the sequential runs.
	const names = [...new Set(sequential.flatMap((r) => r.attribution.nodes.map((x) => x.name)))];
	const perNode = names.map((name) => {
		const of = sequential.map((r) => r.attribution.nodes.filter((x) => x.name === name));
		const total = (k: 'ms' | 'ownMs') => median(of.map((xs) => xs.reduce((s, x) => s + x[k], 0)));
		const first = of.find((xs) => xs.length)![0];
		return { name, type: first.type, ours: first.ours, ms: total('ms'), own: total('ownMs') };
	});
	perNode.sort((a, b) => Number(b.ours) - Number(a.ours) || b.ms - a.ms);
	for (const x of perNode) {
		if (!x.ours && x.ms < 50) continue;
		rows.push([
			`  node "${x.name}" (${x.type.replace(/^n8n-nodes-airbyte-onboarding\./, 'ours.').replace(/^n8n-nodes-base\./, 'n8n.')})`,
			x.ours ? `${fmtMs(x.ms)}; own ${fmtMs(x.own)}` : '',
			x.ours ? '' : fmtMs(x.ms),
			'',
		]);
	}
	const one = throughput[0].perMin;
	for (const t of throughput) {
		rows.push([
			`onboardings per minute, ${t.tenants} tenant${t.tenants > 1 ? 's' : ''} at once`,
			t.perMin.toFixed(2),
			t.tenants === 1 ? '' : `1 tenant: ${one.toFixed(2)}/min (linear would be ${(one * t.tenants).toFixed(2)})`,
			t.tenants === 1 ? '1.00x' : ratio(t.perMin, one),
		]);
	}
	const shareTarget = 0.1;
	const targets: StageResult['targets'] = [
		{ name: 'wall time of one onboarding (3-stream faker, no model), median', value: sec(wall), target: '< 60 s', met: wall < 60_000 },
		{ name: "our nodes' share of it, own work", value: `${(100 * ownShare).toFixed(1)} %`, target: '< 10 %', met: ownShare < shareTarget },
		{ name: "our nodes' share of it, incl. waiting for Airbyte", value: `${(100 * oursShare).toFixed(1)} %`, target: '< 10 %', met: oursShare < shareTarget },
	];
	return {
		stage: 'e2e',
		title: e2eStage.title,
		status: leftovers === 0 ? 'ok' : 'failed',
		columns: ['measure', 'ours', 'peer (same runs)', 'ours / peer'],
		rows,
		targets,
		notes: [
			`Setup (once per stage run): private build ${sec(h.timings.buildMs)}, n8n start ${sec(h.timings.n8nStartMs)}, credentials + template import + activation ${fmtMs(h.timings.setupMs)}. First onboarding after start (warm-up, not in the medians): ${sec(warm.wallMs)}.`,
			`Source: the emulator's faker source (users, products, purchases), ${fmtInt(fakerCount)} rows/stream, sample size ${SAMPLE_SIZE}, poll intervals ${POLL_SECONDS} s (sample) and ${SYNC_POLL_SECONDS} s (first sync) sent in the webhook body (the template defaults to 5 s, tuned for real Airbyte); the emulator has no sync start-up delay (real Airbyte adds ~30-40 s per job). No model connected: deterministic analysis.`,
			'Wall time: from POST /webhook/airbyte-onboarding to the JSON answer (Respond With Summary, the last node). Node times: executionTime of every node in the execution\'s runData (GET /api/v1/executions/:id?includeData=true); "ours" = node types starting with n8n-nodes-airbyte-onboarding.',
			"Own work = our nodes' executionTime minus their waits on Airbyte: the union of their Airbyte API calls in flight (timed by a transparent proxy in front of the emulator; n8n's credential points at it) plus their poll sleeps (each gap after a poll call - GET /jobs, sync_progress - until the node's next call, credited up to the node's poll interval, 2 s for the sampler's cancel settling). Request building, response parsing, n8n's HTTP helper and timers firing late on a loaded machine stay in \"own work\", so it is an upper bound; the lower bound counts whole gaps after poll calls as waiting.",
			'n8n overhead = wall - Σ executionTime of all nodes (webhook intake, scheduling, expression resolution between nodes, answering). Built-in nodes include the Postgres nodes\' database work (migration, transforms, dashboard queries).',
			`Per-run details (every node's window and split, every Airbyte call): ${DETAILS_FILE}.`,
			`Onboardings per minute: 1 tenant = 60 s / median sequential wall; n tenants = n onboardings started together, 60 s x n / median batch wall over ${throughput[1]?.batches.length ?? 0} batch(es). Median wall of one onboarding inside a batch: ${throughput
				.slice(1)
				.map((t) => `${t.tenants} tenants ${sec(median(t.walls))}`)
				.join(', ')}. All onboardings answered ok:true and their executions ended "success"; sample connections left in Airbyte afterwards: ${leftovers}.`,
		],
	};
}
