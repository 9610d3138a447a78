// Runs source programs as child processes (spec / check / discover), one JSON message per line, every
// message validated against the Airbyte protocol. `read` is driven by sync.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { AirbyteStream } from '../../lib/airbyte/protocol';
import type { ConnectorDefinition } from './definitions';
import { assertAirbyteMessage } from './spec/protocol';

export interface SourceProcess {
	child: ChildProcess;
	lines: AsyncIterable<string>;
	stderr: () => string;
	exited: Promise<number | null>;
	kill: () => void;
	cleanup: () => void;
}

/** Tracks every child so stop() can kill what is still running. */
export class ProcessTracker {
	readonly live = new Set<SourceProcess>();

	spawnSource(definition: ConnectorDefinition, command: string, files: Record<string, unknown> = {}): SourceProcess {
		if (!definition.program) throw new Error(`${definition.name} has no program`);
		const dir = mkdtempSync(join(tmpdir(), 'airbyte-emu-'));
		const args = [definition.program, command];
		for (const [flag, content] of Object.entries(files)) {
			const file = join(dir, `${flag}.json`);
			writeFileSync(file, JSON.stringify(content));
			args.push(`--${flag}`, file);
		}
		const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr?.on('data', (d: Buffer) => {
			if (stderr.length < 16_000) stderr += d.toString();
		});
		let killTimer: NodeJS.Timeout | undefined;
		const exited = new Promise<number | null>((resolve) => {
			child.once('exit', (code) => {
				if (killTimer) clearTimeout(killTimer);
				resolve(code);
			});
			child.once('error', () => resolve(-1));
		});
		const proc: SourceProcess = {
			child,
			lines: createInterface({ input: child.stdout!, crlfDelay: Infinity }),
			stderr: () => stderr,
			exited,
			kill: () => {
				if (child.exitCode !== null || child.signalCode !== null) return;
				child.kill('SIGTERM');
				killTimer = setTimeout(() => child.kill('SIGKILL'), 2000);
			},
			cleanup: () => rmSync(dir, { recursive: true, force: true }),
		};
		this.live.add(proc);
		void exited.then(() => {
			this.live.delete(proc);
			proc.cleanup();
		});
		return proc;
	}

	async killAll(): Promise<void> {
		const all = [...this.live];
		all.forEach((p) => p.kill());
		await Promise.all(all.map((p) => p.exited));
	}
}

export class ConnectorError extends Error {}

/** Runs a short command and returns its messages of `type` (protocol-validated). */
async function runCommand(
	tracker: ProcessTracker,
	referenceDir: string,
	definition: ConnectorDefinition,
	command: string,
	config?: Record<string, unknown>,
): Promise<Record<string, any>[]> {
	const proc = tracker.spawnSource(definition, command, config ? { config } : {});
	const messages: Record<string, any>[] = [];
	try {
		for await (const line of proc.lines) {
			if (!line.trim()) continue;
			let message: Record<string, any>;
			try {
				message = JSON.parse(line);
			} catch {
				continue; // Airbyte ignores non-JSON lines on stdout
			}
			assertAirbyteMessage(referenceDir, message);
			messages.push(message);
		}
	} catch (error) {
		proc.kill();
		await proc.exited;
		throw error;
	}
	const code = await proc.exited;
	const error = messages.find((m) => m.type === 'TRACE' && m.trace?.type === 'ERROR');
	if (error) throw new ConnectorError(error.trace.error.message);
	if (code !== 0) throw new ConnectorError(`${definition.name} ${command} exited with ${code}: ${proc.stderr().slice(0, 500)}`);
	return messages;
}

export async function connectorSpec(tracker: ProcessTracker, referenceDir: string, definition: ConnectorDefinition) {
	const messages = await runCommand(tracker, referenceDir, definition, 'spec');
	const spec = messages.find((m) => m.type === 'SPEC')?.spec;
	if (!spec) throw new ConnectorError(`${definition.name} spec returned no SPEC message`);
	return spec as { connectionSpecification: Record<string, unknown> };
}

export async function connectorCheck(tracker: ProcessTracker, referenceDir: string, definition: ConnectorDefinition, config: Record<string, unknown>) {
	const messages = await runCommand(tracker, referenceDir, definition, 'check', config);
	const status = messages.find((m) => m.type === 'CONNECTION_STATUS')?.connectionStatus;
	if (!status) throw new ConnectorError(`${definition.name} check returned no CONNECTION_STATUS`);
	return status as { status: 'SUCCEEDED' | 'FAILED'; message?: string };
}

export async function connectorDiscover(
	tracker: ProcessTracker,
	referenceDir: string,
	definition: ConnectorDefinition,
	config: Record<string, unknown>,
): Promise<AirbyteStream[]> {
	const messages = await runCommand(tracker, referenceDir, definition, 'discover', config);
	const catalog = messages.find((m) => m.type === 'CATALOG')?.catalog;
	if (!catalog) throw new ConnectorError(`${definition.name} discover returned no CATALOG`);
	return catalog.streams as AirbyteStream[];
}
