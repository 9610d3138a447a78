// Test inputs built from the shared datasets: a DataModel from ground_truth.json (types, keys, FKs),
// per-column statistics computed exactly from the JSONL records, and the faker catalog. Used until the
// real profiler and analyzer land; then tests can switch to their outputs.
import { readFileSync, existsSync } from 'fs';
import { join } from 'path';

import type { DataModel, ModelColumn, ModelStream } from '../../../lib/analysis/model';
import type { ColumnStatsInput, ProfileInput } from '../../../lib/suggest/inputs';
import { sharedPath } from '../../support/shared-data';

export const DATASETS = sharedPath('datasets');
export const FAKER = sharedPath('airbyte-catalogs', 'source-faker');

export interface TestDataset {
	name: string;
	model: DataModel;
	profile: ProfileInput;
	records: Record<string, Record<string, unknown>[]>;
}

function pgTypeOf(t: string): { pgType: string; semanticType: string } {
	if (/^character varying|^text|^character/.test(t)) return { pgType: 'text', semanticType: 'text' };
	if (/^numeric|^real|^double/.test(t)) return { pgType: 'numeric', semanticType: 'decimal' };
	if (/^(integer|smallint|bigint)/.test(t)) return { pgType: t === 'bigint' ? 'bigint' : 'integer', semanticType: 'integer' };
	if (/^timestamp with/.test(t)) return { pgType: 'timestamptz', semanticType: 'timestamp_tz' };
	if (/^timestamp/.test(t)) return { pgType: 'timestamp', semanticType: 'timestamp' };
	if (t === 'date') return { pgType: 'date', semanticType: 'date' };
	if (t === 'bytea') return { pgType: 'text', semanticType: 'text' };
	return { pgType: 'text', semanticType: 'text' };
}

export function readJsonl(file: string): Record<string, unknown>[] {
	if (!existsSync(file)) return [];
	return readFileSync(file, 'utf8')
		.split('\n')
		.filter((l) => l.trim())
		.map((l) => JSON.parse(l));
}

function quantile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
	return sorted[idx];
}

export function statsFor(stream: string, column: ModelColumn, rows: Record<string, unknown>[]): ColumnStatsInput {
	const values = rows.map((r) => r[column.name]);
	const present = values.filter((v) => v !== null && v !== undefined);
	const distinct = new Set(present.map((v) => JSON.stringify(v)));
	const stats: ColumnStatsInput = {
		stream,
		column: column.name,
		count: rows.length,
		nullRate: rows.length ? (rows.length - present.length) / rows.length : 0,
		distinct: distinct.size,
	};
	if (/numeric|integer|bigint/.test(column.pgType)) {
		const nums = present.map(Number).filter(Number.isFinite).sort((a, b) => a - b);
		if (nums.length) {
			stats.min = nums[0];
			stats.max = nums[nums.length - 1];
			stats.quantiles = Object.fromEntries([0.25, 0.5, 0.75, 0.9, 0.95, 0.99].map((p) => [String(p), quantile(nums, p)]));
		}
	} else if (/time|date/.test(column.pgType)) {
		const ts = present.map(String).sort();
		if (ts.length) {
			stats.min = ts[0];
			stats.max = ts[ts.length - 1];
		}
	} else if (distinct.size <= 50) {
		const counts = new Map<string, number>();
		for (const v of present) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
		stats.topValues = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([value, count]) => ({ value, count }));
	}
	return stats;
}

export function loadDataset(name: 'chinook' | 'northwind'): TestDataset {
	const dir = join(DATASETS, name);
	const gt = JSON.parse(readFileSync(join(dir, 'ground_truth.json'), 'utf8'));
	const records: Record<string, Record<string, unknown>[]> = {};
	const streams: ModelStream[] = gt.tables.map((t: any) => {
		const rows = readJsonl(join(dir, t.file ?? `${t.name}.jsonl`));
		records[t.name] = rows;
		return {
			name: t.name,
			primaryKey: t.primary_key,
			primaryKeySource: 'inferred',
			columns: t.columns.map((c: any) => ({ name: c.name, nullable: c.nullable, ...pgTypeOf(c.type), pii: /email|phone|address|first_name|last_name|fax/.test(c.name) })),
			sampledRows: rows.length,
		};
	});
	const model: DataModel = {
		streams,
		foreignKeys: gt.foreign_keys
			.filter((f: any) => f.observable_in_extract)
			.map((f: any) => ({ fromStream: f.from_table, fromColumns: f.from_columns, toStream: f.to_table, toColumns: f.to_columns, score: 0.97 })),
	};
	const profile: ProfileInput = { columns: streams.flatMap((s) => s.columns.map((c) => statsFor(s.name, c, records[s.name]))) };
	return { name, model, profile, records };
}

function jsonSchemaType(schema: any): { pgType: string; semanticType: string } {
	const types = ([] as string[]).concat(schema.type ?? []).filter((t) => t !== 'null');
	if (schema.format === 'date-time') return { pgType: 'timestamptz', semanticType: 'timestamp_tz' };
	if (types.includes('integer')) return { pgType: 'bigint', semanticType: 'integer' };
	if (types.includes('number')) return { pgType: 'numeric', semanticType: 'decimal' };
	if (types.includes('boolean')) return { pgType: 'boolean', semanticType: 'boolean' };
	if (types.includes('object') || types.includes('array')) return { pgType: 'jsonb', semanticType: 'json' };
	return { pgType: 'text', semanticType: 'text' };
}

export function loadFaker(): TestDataset {
	const catalog = JSON.parse(readFileSync(join(FAKER, 'configured_catalog.json'), 'utf8'));
	const all = readJsonl(join(FAKER, 'expected_records.jsonl'));
	const records: Record<string, Record<string, unknown>[]> = {};
	const streams: ModelStream[] = catalog.streams.map((cs: any) => {
		const s = cs.stream;
		const rows = all.filter((r) => r.stream === s.name).map((r) => r.data as Record<string, unknown>);
		records[s.name] = rows;
		return {
			name: s.name,
			primaryKey: ['id'],
			primaryKeySource: 'source_defined',
			cursorField: s.default_cursor_field ?? ['updated_at'],
			columns: Object.entries(s.json_schema.properties).map(([name, sch]: [string, any]) => ({
				name,
				nullable: name !== 'id',
				...(name === 'email' ? { pgType: 'text', semanticType: 'email' } : jsonSchemaType(sch)),
				pii: /email|telephone|name|address/.test(name),
			})),
			sampledRows: rows.length,
		};
	});
	const model: DataModel = {
		streams,
		foreignKeys: [
			{ fromStream: 'purchases', fromColumns: ['user_id'], toStream: 'users', toColumns: ['id'], score: 0.9 },
			{ fromStream: 'purchases', fromColumns: ['product_id'], toStream: 'products', toColumns: ['id'], score: 0.9 },
		],
	};
	const profile: ProfileInput = { columns: streams.flatMap((s) => s.columns.map((c) => statsFor(s.name, c, records[s.name]))) };
	return { name: 'faker', model, profile, records };
}

/** A subscription business (Stripe-like), built by hand: the renewal recipe's positive case. */
export function subscriptionModel(): DataModel {
	const col = (name: string, pgType: string, semanticType: string, nullable = true): ModelColumn => ({ name, pgType, semanticType, nullable });
	return {
		streams: [
			{
				name: 'customers',
				primaryKey: ['id'],
				columns: [col('id', 'text', 'text', false), col('email', 'text', 'email'), col('name', 'text', 'text'), col('created', 'timestamptz', 'timestamp_tz')],
				sampledRows: 120,
			},
			{
				name: 'subscriptions',
				primaryKey: ['id'],
				cursorField: ['created'],
				columns: [
					col('id', 'text', 'text', false),
					col('customer', 'text', 'text'),
					col('status', 'text', 'enum'),
					col('plan_amount', 'numeric', 'money'),
					col('created', 'timestamptz', 'timestamp_tz'),
					col('current_period_end', 'timestamptz', 'timestamp_tz'),
					col('cancel_at', 'timestamptz', 'timestamp_tz'),
				],
				sampledRows: 300,
			},
		],
		foreignKeys: [{ fromStream: 'subscriptions', fromColumns: ['customer'], toStream: 'customers', toColumns: ['id'], score: 0.95 }],
	};
}
