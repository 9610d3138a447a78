#!/usr/bin/env node
// `file` source: replays a folder of JSONL tables described by `airbyte_catalog.json`
// (the layout of ../shared/datasets/<name>): one stream per catalog entry, records from `<stream>.jsonl`.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { emit, runSource, streamStatus } from './protocol-runner.mjs';

const spec = {
	documentationUrl: 'https://docs.airbyte.com/integrations/sources/file',
	connectionSpecification: {
		$schema: 'http://json-schema.org/draft-07/schema#',
		title: 'JSONL folder source (emulator)',
		type: 'object',
		required: ['path'],
		additionalProperties: true,
		properties: {
			path: { type: 'string', title: 'Folder', description: 'Folder with airbyte_catalog.json and one <stream>.jsonl per stream' },
		},
	},
	supportsIncremental: false,
	supported_destination_sync_modes: ['append', 'overwrite'],
};

function loadCatalog(config) {
	const file = join(config.path, 'airbyte_catalog.json');
	if (!existsSync(file)) throw new Error(`${file} not found`);
	const catalog = JSON.parse(readFileSync(file, 'utf8'));
	if (!Array.isArray(catalog.streams)) throw new Error(`${file} has no streams array`);
	return catalog;
}

await runSource({
	spec,
	async check(config) {
		if (!config?.path || !existsSync(config.path) || !statSync(config.path).isDirectory())
			return { status: 'FAILED', message: `Folder ${config?.path} does not exist` };
		try {
			loadCatalog(config);
			return { status: 'SUCCEEDED' };
		} catch (error) {
			return { status: 'FAILED', message: String(error.message) };
		}
	},
	async discover(config) {
		return { streams: loadCatalog(config).streams };
	},
	async read(config, catalog) {
		for (const configured of catalog.streams) {
			const name = configured.stream.name;
			await streamStatus(name, 'STARTED');
			const file = join(config.path, `${name}.jsonl`);
			let count = 0;
			if (existsSync(file)) {
				const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
				for await (const line of lines) {
					if (line.trim() === '') continue;
					count++;
					await emit({ type: 'RECORD', record: { stream: name, data: JSON.parse(line), emitted_at: Date.now() } });
				}
			}
			await emit({
				type: 'STATE',
				state: { type: 'STREAM', stream: { stream_descriptor: { name }, stream_state: { rows_read: count } } },
			});
			await streamStatus(name, 'COMPLETE');
		}
	},
});
