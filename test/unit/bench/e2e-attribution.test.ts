// The e2e bench's split of an onboarding's wall time: our nodes with and without their waits on Airbyte.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { attribute, unionLength, waitingInWindow, type NodeRun } from '../../../bench/e2e/attribution';
import { expressionDefault } from '../../../bench/e2e/template-defaults';
import type { AirbyteCall } from '../../../bench/e2e/timing-proxy';

const call = (method: string, path: string, start: number, end: number): AirbyteCall => ({ method, path, status: 200, start, end });

describe('e2e bench attribution', () => {
	test('unionLength merges overlapping intervals and clips them to the window', () => {
		expect(unionLength([[0, 10], [5, 15], [20, 30]], 0, 100)).toBe(25);
		expect(unionLength([[0, 10], [5, 15], [20, 30]], 8, 25)).toBe(12);
		expect(unionLength([], 0, 10)).toBe(0);
	});

	test('poll sleeps are the gaps after poll calls, credited up to the poll interval; other gaps stay our work', () => {
		const calls = [
			call('POST', '/api/public/v1/connections', 100, 150),
			// 50 ms of our work, then the first poll
			call('GET', '/api/public/v1/jobs/7', 200, 210),
			call('GET', '/api/public/v1/jobs/7', 710, 720), // 500 ms sleep
			call('GET', '/api/public/v1/jobs/7', 1520, 1530), // 800 ms gap: 500 credited
			call('DELETE', '/api/public/v1/connections/x', 1600, 1650), // 70 ms after a poll: credited
		];
		const w = waitingInWindow(calls, 0, 2000, 500);
		expect(w.apiMs).toBe(50 + 10 + 10 + 10 + 50);
		expect(w.sleepMs).toBe(500 + 500 + 70);
		expect(w.gapsAfterPollsMs).toBe(500 + 800 + 70);
	});

	test('attribute splits wall time into ours (with and without waiting), built-in nodes and n8n overhead', () => {
		const runs: NodeRun[] = [
			{ name: 'Webhook', type: 'n8n-nodes-base.webhook', startTime: 1000, executionTime: 10 },
			{ name: 'Start Sample', type: 'n8n-nodes-airbyte-onboarding.airbyteSample', startTime: 1020, executionTime: 1000 },
			{ name: 'Read Sample', type: 'n8n-nodes-base.postgres', startTime: 2030, executionTime: 200 },
			{ name: 'After Answer', type: 'n8n-nodes-base.set', startTime: 5000, executionTime: 10 },
		];
		const calls = [call('GET', '/api/public/v1/jobs/1', 1100, 1200), call('GET', '/api/public/v1/jobs/1', 1700, 1800)];
		const a = attribute(runs, calls, { start: 990, end: 2300 }, () => 500);
		expect(a.wallMs).toBe(1310);
		expect(a.oursMs).toBe(1000);
		expect(a.oursAirbyteApiMs).toBe(200);
		expect(a.oursPollSleepMs).toBe(500);
		expect(a.oursOwnMs).toBe(300);
		expect(a.oursOwnLowMs).toBe(300);
		expect(a.builtinMs).toBe(210);
		expect(a.n8nOverheadMs).toBe(1310 - 1210);
		expect(a.nodes.map((n) => n.name)).not.toContain('After Answer');
	});
});

describe('e2e bench: the template-default configuration', () => {
	const template = JSON.parse(readFileSync(join(__dirname, '../../../workflows/airbyte-ai-onboarding.json'), 'utf8')) as {
		nodes: Array<{ name: string; type: string; typeVersion: number; position: [number, number]; parameters: Record<string, unknown> }>;
	};

	test('reads the poll intervals the shipped template falls back to when the body sets none', () => {
		const sample = expressionDefault(template, 'Start Sample', 'pollSeconds');
		const sync = expressionDefault(template, 'Wait for First Sync', 'pollIntervalSeconds');
		expect(sample).toBeGreaterThan(0);
		expect(sync).toBeGreaterThan(0);
		expect(template.nodes.find((n) => n.name === 'Start Sample')?.parameters.pollSeconds).toContain(`?? ${sample}`);
	});

	test('fails loudly on a parameter without a default', () => {
		const nodes = [{ name: 'A', type: 'x', typeVersion: 1, position: [0, 0] as [number, number], parameters: { p: '={{ $json.body.p }}', q: 7 } }];
		expect(() => expressionDefault({ nodes }, 'A', 'p')).toThrow(/no "p" parameter/);
		expect(() => expressionDefault({ nodes }, 'A', 'q')).toThrow(/no "q" parameter/);
		expect(() => expressionDefault({ nodes }, 'B', 'p')).toThrow(/"B" node/);
		expect(expressionDefault({ nodes: [{ ...nodes[0], parameters: { p: '={{ $json.body.p ?? 2.5 }}' } }] }, 'A', 'p')).toBe(2.5);
	});
});
