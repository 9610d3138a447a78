// The machine the figures were measured on: they mean little without it (and without its load).

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
