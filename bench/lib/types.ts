// What every stage returns to the runner: a table (our figure, the peer's, their ratio), target checks, notes.

export interface TargetCheck {
	name: string;
	value: string;
	target: string;
	met: boolean;
}

export interface StageResult {
	stage: string;
	title: string;
	/** 'ok' when measured; 'unavailable' when a needed service is missing (nothing is printed as a figure). */
	status: 'ok' | 'unavailable' | 'failed';
	columns: string[];
	rows: string[][];
	targets: TargetCheck[];
	notes: string[];
	machine?: MachineInfo;
	code?: string;
	durationMs?: number;
}

export interface MachineInfo {
	cpuModel: string;
	cores: number;
	memoryGb: number;
	node: string;
	platform: string;
	loadAverage: [number, number, number];
	startedAt: string;
}

export interface Stage {
	name: string;
	title: string;
	run(options: StageOptions): Promise<StageResult>;
}

export interface StageOptions {
	/** Runs per case for medians (each stage has its own default; --runs overrides). */
	runs?: number;
	/** Shorter variant (smaller sizes), for a quick check. */
	quick: boolean;
}

export class Unavailable extends Error {}
