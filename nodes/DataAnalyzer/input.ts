// Turn the node's input items into StreamSamples: the sampler's per-stream items, or plain records of one
// stream. Malformed input is reported with what to fix.

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { AirbyteStream } from '../../lib/airbyte/protocol';
import type { SampleStatus, StreamSample } from '../../lib/sample/types';

export interface InputProblem {
	message: string;
	description: string;
	itemIndex: number;
}

export type ParsedInput = { ok: true; samples: StreamSample[]; format: 'streamSamples' | 'records'; warnings: string[] } | { ok: false; problem: InputProblem };

const STATUSES = new Set<SampleStatus>(['complete', 'partial', 'schema_only']);

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function looksLikeStreamSample(json: IDataObject): boolean {
	return isObject(json.stream) && typeof json.stream.name === 'string' && (Array.isArray(json.records) || 'status' in json || isObject(json.stream.json_schema));
}

function sampleFrom(json: IDataObject, itemIndex: number): StreamSample | InputProblem {
	const stream = json.stream as IDataObject;
	const name = stream.name;
	if (typeof name !== 'string' || name.trim().length === 0) {
		return { itemIndex, message: `Item ${itemIndex} has a stream without a name`, description: 'Each item needs stream.name, as the Airbyte Sample node emits it.' };
	}
	if (stream.json_schema !== undefined && !isObject(stream.json_schema)) {
		return { itemIndex, message: `Stream "${name}" has a json_schema that is not an object`, description: 'stream.json_schema must be a JSON schema object (or be left out).' };
	}
	const records = json.records ?? [];
	if (!Array.isArray(records)) {
		return { itemIndex, message: `Stream "${name}": records is not a list`, description: 'records must be an array of JSON objects (one per record).' };
	}
	const badRecord = records.findIndex((record) => !isObject(record));
	if (badRecord >= 0) {
		return { itemIndex, message: `Stream "${name}": record ${badRecord} is not a JSON object`, description: 'Every record must be a JSON object. Unwrap Airbyte messages to their "data" first.' };
	}
	const status = typeof json.status === 'string' && STATUSES.has(json.status as SampleStatus) ? (json.status as SampleStatus) : records.length > 0 ? 'complete' : 'schema_only';
	const catalogStream: AirbyteStream = {
		...(stream as unknown as AirbyteStream),
		name,
		json_schema: isObject(stream.json_schema) ? (stream.json_schema as AirbyteStream['json_schema']) : { type: 'object', properties: {} },
		supported_sync_modes: Array.isArray(stream.supported_sync_modes) ? (stream.supported_sync_modes as AirbyteStream['supported_sync_modes']) : ['full_refresh'],
	};
	return {
		stream: catalogStream,
		records: records as Array<Record<string, unknown>>,
		status,
		...(typeof json.totalRecords === 'number' ? { totalRecords: json.totalRecords } : {}),
		...(typeof json.runId === 'string' ? { runId: json.runId } : {}),
	};
}

export function parseInput(items: INodeExecutionData[], format: string, streamName: string): ParsedInput {
	if (items.length === 0) {
		return { ok: false, problem: { itemIndex: 0, message: 'No input items', description: 'Connect the Airbyte Sample node (one item per stream) or any node that outputs records.' } };
	}
	const asSamples = format === 'streamSamples' || (format === 'auto' && items.every((item) => looksLikeStreamSample(item.json)));
	if (asSamples) {
		const byName = new Map<string, StreamSample>();
		const warnings: string[] = [];
		for (let index = 0; index < items.length; index++) {
			if (!looksLikeStreamSample(items[index].json)) {
				return { ok: false, problem: { itemIndex: index, message: `Item ${index} is not a stream sample`, description: 'Expected { stream: { name, json_schema }, records: [...] } per item. Use "Records of One Stream" for plain records.' } };
			}
			const sample = sampleFrom(items[index].json, index);
			if ('message' in sample) return { ok: false, problem: sample };
			const existing = byName.get(sample.stream.name);
			if (existing) {
				existing.records = existing.records.concat(sample.records);
				warnings.push(`Stream "${sample.stream.name}" came in several items; their records were combined.`);
			} else byName.set(sample.stream.name, sample);
		}
		return { ok: true, samples: [...byName.values()], format: 'streamSamples', warnings };
	}
	const name = streamName.trim();
	if (name.length === 0) {
		return { ok: false, problem: { itemIndex: 0, message: 'Stream Name is empty', description: 'Give the stream a name (e.g. "orders") when the items are plain records.' } };
	}
	const records = items.map((item) => item.json as Record<string, unknown>);
	return {
		ok: true,
		format: 'records',
		warnings: [],
		samples: [{ stream: { name, json_schema: { type: 'object', properties: {} }, supported_sync_modes: ['full_refresh'] }, records, status: 'complete' }],
	};
}
