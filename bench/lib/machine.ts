// The machine the figures were measured on: they mean little without it (and without its load).

import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { MachineInfo } from './types';

export function describeMachine(): MachineInfo {
	const cpus = os.cpus();
	const [a, b, c] = os.loadavg();
	return {
		cpuModel: cpus[0]?.model.trim() ?? 'unknown',
		cores: cpus.length,
		memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
		node: process.version,
		platform: `${os.platform()} ${os.release()} ${os.arch()}`,
		loadAverage: [round2(a), round2(b), round2(c)],
		startedAt: new Date().toISOString(),
	};
}

function round2(n: number): number {
	return Math.round(n * 100) / 100;
}

export function machineLine(m: MachineInfo): string {
	return `${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.platform}; load average at start ${m.loadAverage.join(' / ')} (1/5/15 min); started ${m.startedAt}`;
}

/** The code measured: commit, and whether shipped code (lib/, nodes/) had uncommitted changes at the time. */
export function codeVersion(): string {
	try {
		const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--', 'lib', 'nodes'], { encoding: 'utf8' }).trim();
		return dirty ? `${head} + uncommitted changes in ${dirty.split('\n').length} file(s) of lib/ or nodes/` : head;
	} catch {
		return 'unknown (not a git work tree)';
	}
}
