// Splits one onboarding's wall time into: our nodes (with and without their waits on Airbyte), n8n's built-in
// nodes, and n8n's own overhead (everything outside node executions). Pure: inputs are the execution's runData
// (node start + executionTime, as n8n records them) and the Airbyte calls seen by the timing proxy.
//
// "Waiting for Airbyte" inside one of our nodes = the union of its Airbyte API calls in flight (the proxy's
// arrival-to-answer time) + its poll sleeps: each gap between a poll call (GET /jobs..., sync_progress) and the
// node's next Airbyte call, credited up to the node's poll interval (a gap longer than the interval is counted
// as our work, so "own work" is an upper bound). "Own work" = node time - waiting for Airbyte.

import type { AirbyteCall } from './timing-proxy';

export const OUR_PREFIX = 'n8n-nodes-airbyte-onboarding.';

export interface NodeRun {
	name: string;
	type: string;
	/** Epoch ms. */
	startTime: number;
	executionTime: number;
}

export interface NodeShare {
	name: string;
	type: string;
	ours: boolean;
	/** Epoch ms when the node started (runData startTime). */
	startTime: number;
	ms: number;
	airbyteApiMs: number;
	pollSleepMs: number;
	ownMs: number;
	/** ownMs when every gap after a poll call counts as waiting (timer lateness under load included): a lower bound. */
	ownLowMs: number;
}

export interface Attribution {
	wallMs: number;
	nodes: NodeShare[];
	/** Σ executionTime of our nodes. */
	oursMs: number;
	/** Σ (executionTime - waiting for Airbyte) of our nodes. */
	oursOwnMs: number;
	/** The same with whole gaps after poll calls counted as waiting (a lower bound of our own work). */
	oursOwnLowMs: number;
	oursAirbyteApiMs: number;
	oursPollSleepMs: number;
	/** Σ executionTime of n8n's built-in nodes (Postgres, Webhook, If, Set, n8n API, Respond). */
	builtinMs: number;
	/** wall - Σ executionTime of every node: webhook intake, scheduling, expressions between nodes, response. */
	n8nOverheadMs: number;
}

interface RunDataEntry {
	startTime?: number;
	executionTime?: number;
}

/** Node runs from an execution's resultData.runData, typed by the workflow's node list. */
export function nodeRuns(runData: Record<string, RunDataEntry[]>, types: Map<string, string>): NodeRun[] {
	const runs: NodeRun[] = [];
	for (const [name, entries] of Object.entries(runData)) {
		for (const e of entries) {
			if (typeof e.startTime !== 'number' || typeof e.executionTime !== 'number') continue;
			runs.push({ name, type: types.get(name) ?? 'unknown', startTime: e.startTime, executionTime: e.executionTime });
		}
	}
	return runs.sort((a, b) => a.startTime - b.startTime);
}

const isPoll = (c: AirbyteCall) => (c.method === 'GET' && /\/jobs(\/\d+)?$/.test(c.path)) || /\/connections\/sync_progress$/.test(c.path);

/** Length of the union of intervals, clipped to [from, to]. */
export function unionLength(intervals: Array<[number, number]>, from: number, to: number): number {
	const clipped = intervals
		.map(([a, b]) => [Math.max(a, from), Math.min(b, to)] as [number, number])
		.filter(([a, b]) => b > a)
		.sort((x, y) => x[0] - y[0]);
	let total = 0;
	let curStart = -Infinity;
	let curEnd = -Infinity;
	for (const [a, b] of clipped) {
		if (a > curEnd) {
			if (curEnd > curStart) total += curEnd - curStart;
			curStart = a;
			curEnd = b;
		} else curEnd = Math.max(curEnd, b);
	}
	if (curEnd > curStart) total += curEnd - curStart;
	return total;
}

export function waitingInWindow(calls: AirbyteCall[], from: number, to: number, pollIntervalMs: number): { apiMs: number; sleepMs: number; gapsAfterPollsMs: number } {
	const inside = calls.filter((c) => c.end > from && c.start < to).sort((a, b) => a.start - b.start);
	const apiMs = unionLength(
		inside.map((c) => [c.start, c.end]),
		from,
		to,
	);
	let sleepMs = 0;
	let gapsAfterPollsMs = 0;
	for (let i = 0; i + 1 < inside.length; i++) {
		if (!isPoll(inside[i])) continue;
		const gap = Math.min(inside[i + 1].start, to) - Math.max(inside[i].end, from);
		if (gap > 0) {
			sleepMs += Math.min(gap, pollIntervalMs);
			gapsAfterPollsMs += gap;
		}
	}
	return { apiMs, sleepMs, gapsAfterPollsMs };
}

/**
 * `answer`: when the webhook call was sent and answered (epoch ms). Node runs that started after the answer (none
 * in the template: Respond With Summary is its last node) are left out, so the parts add up to the wall time.
 */
export function attribute(runs: NodeRun[], calls: AirbyteCall[], answer: { start: number; end: number }, pollIntervalMs: (run: NodeRun) => number): Attribution {
	const wallMs = answer.end - answer.start;
	const nodes: NodeShare[] = runs.filter((r) => r.startTime <= answer.end).map((r) => {
		const ours = r.type.startsWith(OUR_PREFIX);
		const from = r.startTime;
		const to = r.startTime + r.executionTime;
		const { apiMs, sleepMs, gapsAfterPollsMs } = ours ? waitingInWindow(calls, from, to, pollIntervalMs(r)) : { apiMs: 0, sleepMs: 0, gapsAfterPollsMs: 0 };
		const waiting = Math.min(r.executionTime, apiMs + sleepMs);
		const waitingHigh = Math.min(r.executionTime, apiMs + gapsAfterPollsMs);
		return {
			name: r.name,
			type: r.type,
			ours,
			startTime: r.startTime,
			ms: r.executionTime,
			airbyteApiMs: apiMs,
			pollSleepMs: sleepMs,
			ownMs: r.executionTime - waiting,
			ownLowMs: r.executionTime - waitingHigh,
		};
	});
	const sum = (xs: NodeShare[], k: keyof Pick<NodeShare, 'ms' | 'ownMs' | 'ownLowMs' | 'airbyteApiMs' | 'pollSleepMs'>) => xs.reduce((n, x) => n + x[k], 0);
	const ours = nodes.filter((n) => n.ours);
	const builtin = nodes.filter((n) => !n.ours);
	return {
		wallMs,
		nodes,
		oursMs: sum(ours, 'ms'),
		oursOwnMs: sum(ours, 'ownMs'),
		oursOwnLowMs: sum(ours, 'ownLowMs'),
		oursAirbyteApiMs: sum(ours, 'airbyteApiMs'),
		oursPollSleepMs: sum(ours, 'pollSleepMs'),
		builtinMs: sum(builtin, 'ms'),
		n8nOverheadMs: wallMs - sum(nodes, 'ms'),
	};
}
