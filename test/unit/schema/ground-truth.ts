// Test-only: DataModels built from the datasets' ground_truth.json (the profile engineer's real DataModels
// replace these in the end-to-end flow; lib/ never reads ground truth).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AirbyteCatalog } from '../../../lib/airbyte/protocol';
import type { DataModel } from '../../../lib/analysis/model';

export const DATASETS = join(__dirname, '../../../../shared/datasets');
export const SHARED = join(__dirname, '../../../../shared');

export function sharedDir(): string {
	for (const p of [SHARED, '/work/shared']) {
		try {
			readFileSync(join(p, 'datasets/README.md'));
			return p;
		} catch {
			/* next */
		}
	}
	throw new Error('shared/ not found');
}

interface GroundTruth {
	tables: Array<{
		name: string;
		columns: Array<{ name: string; type: string; nullable: boolean; json_type?: string; json_encoding?: string; json_format?: string }>;
		primary_key: string[];
		rows_extracted: number;
		file: string;
	}>;
	foreign_keys: Array<{ from_table: string; from_columns: string[]; to_table: string; to_columns: string[] }>;
}

export function loadGroundTruth(dataset: string): GroundTruth {
	return JSON.parse(readFileSync(join(sharedDir(), 'datasets', dataset, 'ground_truth.json'), 'utf8'));
}

export function loadDatasetCatalog(dataset: string): AirbyteCatalog {
	return JSON.parse(readFileSync(join(sharedDir(), 'datasets', dataset, 'airbyte_catalog.json'), 'utf8'));
}

export function loadDatasetRecords(dataset: string, stream: string): Array<Record<string, unknown>> {
	const gt = loadGroundTruth(dataset);
	const file = gt.tables.find((t) => t.name === stream)?.file ?? `${stream}.jsonl`;
	let text = '';
	try {
		text = readFileSync(join(sharedDir(), 'datasets', dataset, file), 'utf8');
	} catch {
		return [];
	}
	return text
		.split('\n')
		.filter((l) => l.trim())
		.map((l) => JSON.parse(l));
}

export function dataModelFromGroundTruth(dataset: string): DataModel {
	const gt = loadGroundTruth(dataset);
	return {
		streams: gt.tables.map((t) => ({
			name: t.name,
			primaryKey: t.primary_key,
			primaryKeySource: 'inferred',
			sampledRows: t.rows_extracted,
			columns: t.columns.map((c) => ({
				name: c.name,
				pgType: c.type,
				nullable: c.nullable,
				semanticType: c.json_encoding === 'base64' ? 'base64' : (c.json_type ?? 'string'),
			})),
		})),
		foreignKeys: gt.foreign_keys.map((f) => ({
			fromStream: f.from_table,
			fromColumns: f.from_columns,
			toStream: f.to_table,
			toColumns: f.to_columns,
			score: 1,
			explanation: 'ground truth',
		})),
	};
}
