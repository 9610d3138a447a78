// One onboarding (or a batch of concurrent ones) through the activated template: POST the webhook, time the
// answer, then read each execution back from n8n's API (runData with every node's start and executionTime).

import { attribute, nodeRuns, type Attribution, type NodeRun } from './attribution';
import type { OnboardingHarness } from './harness';

/**
 * How an onboarding is called: poll intervals sent in the webhook body (fast polls, the harsh case for our share),
 * or none at all, so the template's own defaults apply. `sampleSeconds`/`syncSeconds` are the intervals the nodes
 * then use, for crediting their poll sleeps.
 */
export interface PollConfig {
	name: 'fast' | 'template';
	/** Fields added to the webhook body. */
	body: { pollSeconds?: number; syncPollSeconds?: number };
	sampleSeconds: number;
	syncSeconds: number;
}

export const FAST_POLLS: PollConfig = { name: 'fast', body: { pollSeconds: 0.5, syncPollSeconds: 1 }, sampleSeconds: 0.5, syncSeconds: 1 };

/** The template's own defaults: nothing in the body; the intervals are the template's `?? <default>` values. */
export function templatePolls(defaults: { pollSeconds: number; syncPollSeconds: number }): PollConfig {
	return { name: 'template', body: {}, sampleSeconds: defaults.pollSeconds, syncSeconds: defaults.syncPollSeconds };
}

/** The sampler settles a cancelled job polling at min(poll interval, 2 s); other waits are credited up to 2 s. */
const DEFAULT_POLL_CREDIT_MS = 2_000;

export interface OnboardingRun {
	tenantId: string;
	wallMs: number;
	/** Epoch ms of the request and of the answer. */
	start: number;
	end: number;
	executionId: string;
	config: PollConfig['name'];
	attribution: Attribution;
}

interface ExecutionData {
	id: string;
	status: string;
	stoppedAt: string | null;
	data?: { resultData: { runData: Record<string, Array<{ startTime?: number; executionTime?: number; data?: { main?: Array<Array<{ json?: { body?: { tenantId?: string } } }>> } }>> } };
}

const epoch = () => performance.timeOrigin + performance.now();

function pollCredit(config: PollConfig): (run: NodeRun) => number {
	return (run) => {
		if (run.name === 'Start Sample') return config.sampleSeconds * 1000;
		if (run.name === 'Wait for First Sync') return config.syncSeconds * 1000;
		return DEFAULT_POLL_CREDIT_MS;
	};
}

async function callOnce(h: OnboardingHarness, tenantId: string, sampleSize: number, config: PollConfig): Promise<{ tenantId: string; start: number; end: number }> {
	const start = epoch();
	const answer = await h.n8n.api.callWebhook('airbyte-onboarding', {
		tenantId,
		sourceId: h.emu.sources.faker,
		sampleDestinationId: h.emu.destinations.postgres,
		productionDestinationId: h.emu.destinations.postgres,
		sampleSize,
		...config.body,
	});
	const end = epoch();
	const body = answer.json as { ok?: boolean; error?: string; failedNode?: string } | undefined;
	if (answer.status !== 200 || body?.ok !== true) {
		throw new Error(`onboarding of ${tenantId} failed: HTTP ${answer.status} ${answer.text.slice(0, 800)}`);
	}
	return { tenantId, start, end };
}

/**
 * The execution goes on for a moment after the answer (Sweep Earlier Sample Runs runs after Respond With Summary):
 * the bench leaves n8n alone that long before asking for it, so its own API calls do not slow the nodes it measures.
 */
const SETTLE_MS = 500;

/** Finished executions of the workflow not in `seen`, with data, keyed by the tenantId their webhook received. */
async function newExecutions(h: OnboardingHarness, seen: Set<string>, count: number, timeoutMs = 120_000): Promise<Map<string, ExecutionData>> {
	const deadline = Date.now() + timeoutMs;
	await new Promise((r) => setTimeout(r, SETTLE_MS));
	for (;;) {
		const fresh = (await h.n8n.api.listExecutions(h.workflowId)).filter((e) => e.stoppedAt && !seen.has(e.id));
		if (fresh.length >= count) {
			const out = new Map<string, ExecutionData>();
			for (const e of fresh) {
				const full = (await h.n8n.api.getExecution(e.id, true)) as unknown as ExecutionData;
				seen.add(e.id);
				const tenant = full.data?.resultData.runData['Onboarding Webhook']?.[0]?.data?.main?.[0]?.[0]?.json?.body?.tenantId;
				if (tenant) out.set(tenant, full);
			}
			return out;
		}
		if (Date.now() > deadline) throw new Error(`n8n saved ${fresh.length} of ${count} onboarding executions within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** Runs `tenants.length` onboardings at once; returns each one's wall time and attribution, and the batch's wall time. */
export async function onboardBatch(
	h: OnboardingHarness,
	tenants: string[],
	sampleSize: number,
	seen: Set<string>,
	config: PollConfig = FAST_POLLS,
): Promise<{ batchMs: number; runs: OnboardingRun[] }> {
	const t0 = epoch();
	const answers = await Promise.all(tenants.map((t) => callOnce(h, t, sampleSize, config)));
	const batchMs = epoch() - t0;
	const executions = await newExecutions(h, seen, tenants.length);
	const calls = h.proxy.calls();
	const runs = answers.map((a) => {
		const execution = executions.get(a.tenantId);
		if (!execution?.data) throw new Error(`no saved execution with data for tenant ${a.tenantId}`);
		if (execution.status !== 'success') throw new Error(`execution ${execution.id} of ${a.tenantId} ended ${execution.status}`);
		const runsOfNodes = nodeRuns(execution.data.resultData.runData, h.nodeTypes);
		return {
			tenantId: a.tenantId,
			wallMs: a.end - a.start,
			start: a.start,
			end: a.end,
			executionId: execution.id,
			config: config.name,
			attribution: attribute(runsOfNodes, calls, { start: a.start, end: a.end }, pollCredit(config)),
		};
	});
	return { batchMs, runs };
}
