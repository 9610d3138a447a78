// Minimal Airbyte-protocol CLI for our source programs: `spec`, `check --config`, `discover --config`,
// `read --config --catalog [--state]`; one JSON message per line on stdout, written with backpressure.
import { readFileSync } from 'node:fs';

const CHUNK = 1024 * 1024;
let pending = '';

async function drain() {
	if (pending.length === 0) return;
	const chunk = pending;
	pending = '';
	if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
}

/** Queues a message; returns a promise only when the caller must wait for stdout to drain. */
export function emit(message) {
	pending += `${JSON.stringify(message)}\n`;
	return pending.length >= CHUNK ? drain() : undefined;
}

export function log(level, message) {
	return emit({ type: 'LOG', log: { level, message } });
}

export function streamStatus(name, status) {
	return emit({
		type: 'TRACE',
		trace: { type: 'STREAM_STATUS', emitted_at: Date.now(), stream_status: { stream_descriptor: { name }, status } },
	});
}

function readJsonArg(args, flag) {
	const i = args.indexOf(flag);
	if (i < 0 || !args[i + 1]) return undefined;
	return JSON.parse(readFileSync(args[i + 1], 'utf8'));
}

/**
 * @param {{ spec: object, check: (config) => Promise<{status: 'SUCCEEDED'|'FAILED', message?: string}>,
 *           discover: (config) => Promise<{streams: object[]}>, read: (config, catalog, state) => Promise<void> }} source
 */
export async function runSource(source) {
	const [command, ...args] = process.argv.slice(2);
	try {
		const config = readJsonArg(args, '--config');
		switch (command) {
			case 'spec':
				await emit({ type: 'SPEC', spec: source.spec });
				break;
			case 'check':
				await emit({ type: 'CONNECTION_STATUS', connectionStatus: await source.check(config) });
				break;
			case 'discover':
				await emit({ type: 'CATALOG', catalog: await source.discover(config) });
				break;
			case 'read':
				await source.read(config, readJsonArg(args, '--catalog'), readJsonArg(args, '--state'));
				break;
			default:
				throw new Error(`unknown command ${command}; expected spec, check, discover or read`);
		}
		await drain();
	} catch (error) {
		await emit({
			type: 'TRACE',
			trace: {
				type: 'ERROR',
				emitted_at: Date.now(),
				error: { message: String(error?.message ?? error), internal_message: String(error?.stack ?? error), failure_type: 'config_error' },
			},
		});
		await drain();
		process.exitCode = 1;
	}
}
