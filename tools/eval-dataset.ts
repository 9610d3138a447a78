// Reads a dataset folder shaped like ../shared/datasets/<name>/ (airbyte_catalog.json + <stream>.jsonl) or an
// Airbyte connector folder (configured_catalog.json + expected_records.jsonl) into StreamSamples.
// Never reads ground_truth.json.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AirbyteCatalog, AirbyteStream, ConfiguredAirbyteCatalog } from '../lib/airbyte/protocol';
import type { StreamSample } from '../lib/sample/types';

function parseJsonLines(text: string, file: string): unknown[] {
	const out: unknown[] = [];
	text.split('\n').forEach((line, i) => {
		const t = line.trim();
		if (!t) return;
		try {
			out.push(JSON.parse(t));
		} catch (e) {
			throw new Error(`${file}:${i + 1}: not JSON (${(e as Error).message})`);
		}
	});
	return out;
}

function loadSchemasFolder(dir: string, stream: AirbyteStream): AirbyteStream {
	const has = stream.json_schema && Object.keys(stream.json_schema).length > 0;
	const file = join(dir, 'schemas', `${stream.name}.json`);
	if (has || !existsSync(file)) return stream;
	return { ...stream, json_schema: JSON.parse(readFileSync(file, 'utf8')) };
}

export function readDatasetFolder(dir: string): StreamSample[] {
	const datasetCatalog = join(dir, 'airbyte_catalog.json');
	const configured = join(dir, 'configured_catalog.json');
	if (existsSync(datasetCatalog)) {
		const catalog = JSON.parse(readFileSync(datasetCatalog, 'utf8')) as AirbyteCatalog;
		return catalog.streams.map((stream) => {
			const file = join(dir, `${stream.name}.jsonl`);
			if (!existsSync(file)) return { stream, records: [], status: 'schema_only' as const };
			const records = parseJsonLines(readFileSync(file, 'utf8'), file) as Record<string, unknown>[];
			return { stream, records, status: 'complete' as const, totalRecords: records.length };
		});
	}
	if (existsSync(configured)) {
		const catalog = JSON.parse(readFileSync(configured, 'utf8')) as ConfiguredAirbyteCatalog;
		const byStream = new Map<string, Record<string, unknown>[]>();
		const recordsFile = join(dir, 'expected_records.jsonl');
		if (existsSync(recordsFile)) {
			for (const m of parseJsonLines(readFileSync(recordsFile, 'utf8'), recordsFile) as Array<{ stream: string; data: Record<string, unknown> }>) {
				if (!byStream.has(m.stream)) byStream.set(m.stream, []);
				byStream.get(m.stream)!.push(m.data);
			}
		}
		return catalog.streams.map(({ stream }) => {
			const records = byStream.get(stream.name) ?? [];
			const full = loadSchemasFolder(dir, stream);
			return { stream: full, records, status: records.length ? ('complete' as const) : ('schema_only' as const) };
		});
	}
	throw new Error(`${dir}: no airbyte_catalog.json or configured_catalog.json`);
}
