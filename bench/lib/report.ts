// Prints a stage's table to the console and keeps bench/RESULTS.md up to date: one section per stage,
// replaced by the latest run of that stage, each with the machine and load it ran under.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineLine } from './machine';
import type { StageResult } from './types';

/** bench/RESULTS.md; BENCH_RESULTS_FILE redirects a run (e.g. a timing run that must not touch the committed results). */
export const RESULTS_FILE = process.env.BENCH_RESULTS_FILE ?? join(__dirname, '..', 'RESULTS.md');

export function markdownTable(columns: string[], rows: string[][]): string {
	const esc = (s: string) => s.replace(/\|/g, '\\|');
	const lines = [`| ${columns.map(esc).join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`];
	for (const r of rows) lines.push(`| ${r.map(esc).join(' | ')} |`);
	return lines.join('\n');
}

export function consoleTable(columns: string[], rows: string[][]): string {
	const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) => cells.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ');
	return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function stageMarkdown(r: StageResult): string {
	const out = [`## ${r.title}`, ''];
	if (r.machine) out.push(`Measured on: ${machineLine(r.machine)}.`, '');
	if (r.code) out.push(`Code: ${r.code}.`, '');
	if (r.durationMs !== undefined) out.push(`Stage wall time: ${(r.durationMs / 1000).toFixed(1)} s. Status: **${r.status}**.`, '');
	if (r.rows.length) out.push(markdownTable(r.columns, r.rows), '');
	if (r.targets.length) {
		out.push('Targets:', '');
		for (const t of r.targets) out.push(`- ${t.met ? 'MET' : 'NOT MET'}: ${t.name}: ${t.value} (target ${t.target})`);
		out.push('');
	}
	for (const n of r.notes) out.push(`- ${n}`);
	if (r.notes.length) out.push('');
	return out.join('\n');
}

export function printStage(r: StageResult): void {
	const out: string[] = ['', `== ${r.title} [${r.status}]`];
	if (r.rows.length) out.push(consoleTable(r.columns, r.rows));
	for (const t of r.targets) out.push(`${t.met ? 'MET    ' : 'NOT MET'} ${t.name}: ${t.value} (target ${t.target})`);
	for (const n of r.notes) out.push(`note: ${n}`);
	process.stdout.write(`${out.join('\n')}\n`);
}

const HEADER = [
	'# Benchmark results',
	'',
	'Written by `npm run bench` (all stages) or `npm run bench -- <stage>` (one stage; only its section is replaced).',
	'Figures are medians over several runs; ratios compare ours with the peer measured in the same run.',
	'The machine is shared and noisy: read the load average noted with each section before comparing absolute times.',
	'',
].join('\n');

/** Replace (or append) the sections of the given stages, keeping the others, in the runner's stage order. */
export function updateResultsFile(results: StageResult[], order: string[]): void {
	const sections = new Map<string, string>();
	if (existsSync(RESULTS_FILE)) {
		const text = readFileSync(RESULTS_FILE, 'utf8');
		const re = /<!-- stage:([a-z0-9-]+) -->\n([\s\S]*?)<!-- \/stage:\1 -->/g;
		for (const m of text.matchAll(re)) sections.set(m[1], m[2]);
	}
	for (const r of results) sections.set(r.stage, stageMarkdown(r));
	const present = order.filter((s) => sections.has(s));
	const body = present
		.map((s) => `<!-- stage:${s} -->\n${sections.get(s)}<!-- /stage:${s} -->\n`)
		.join('\n');
	writeFileSync(RESULTS_FILE, `${HEADER}\n${targetSummary(present.map((s) => [s, sections.get(s)!]))}\n${body}`);
}

/** Every stage's targets at a glance, read back from the sections (so stages not re-run keep their last figures). */
export function targetSummary(sections: Array<[string, string]>): string {
	const lines = ['## Targets at a glance', ''];
	for (const [stage, text] of sections) {
		const met = text.match(/^- MET: /gm)?.length ?? 0;
		const missed = [...text.matchAll(/^- NOT MET: (.*)$/gm)].map((m) => m[1]);
		const status = text.match(/Status: \*\*(\w+)\*\*/)?.[1] ?? 'unknown';
		lines.push(`- ${stage} (${status}): ${met} met, ${missed.length} not met${missed.length ? `: ${missed.join('; ')}` : ''}`);
	}
	return `${lines.join('\n')}\n`;
}
