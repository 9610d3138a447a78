// Held-out-style variants of a dataset, to check that inference rests on general evidence rather than on
// one naming convention: PascalCase names, `id` primary keys, shuffled rows and columns, numbers carried in
// strings, partial samples. Each variant rewrites the samples and the ground truth consistently.

import type { AirbyteStream, JsonSchema } from '../lib/airbyte/protocol';
import type { StreamSample } from '../lib/sample/types';
import type { GroundTruth } from './eval-score';

export type VariantName = 'pascal' | 'lower' | 'id_keys' | 'shuffled' | 'strings' | 'partial';

export interface Variant {
	samples: StreamSample[];
	truth: GroundTruth;
}

const pascal = (s: string) =>
	s
		.split(/[^A-Za-z0-9]+/)
		.filter(Boolean)
		.map((w) => w[0].toUpperCase() + w.slice(1))
		.join('');

function renameSchema(schema: JsonSchema, rename: (c: string) => string): JsonSchema {
	if (!schema.properties) return schema;
	return { ...schema, properties: Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [rename(k), v])) };
}

function renameAll(samples: StreamSample[], truth: GroundTruth, table: (t: string) => string, column: (t: string, c: string) => string): Variant {
	const out = samples.map((s) => {
		const name = s.stream.name;
		const stream: AirbyteStream = { ...s.stream, name: table(name), json_schema: renameSchema(s.stream.json_schema, (c) => column(name, c)) };
		const records = s.records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [column(name, k), v])));
		return { ...s, stream, records };
	});
	const t: GroundTruth = {
		tables: truth.tables.map((tb) => ({
			...tb,
			name: table(tb.name),
			primary_key: tb.primary_key.map((c) => column(tb.name, c)),
			columns: tb.columns.map((c) => ({ ...c, name: column(tb.name, c.name) })),
		})),
		foreign_keys: truth.foreign_keys.map((f) => ({
			...f,
			from_table: table(f.from_table),
			from_columns: f.from_columns.map((c) => column(f.from_table, c)),
			to_table: table(f.to_table),
			to_columns: f.to_columns.map((c) => column(f.to_table, c)),
		})),
	};
	return { samples: out, truth: t };
}

/** Deterministic shuffle (xorshift). */
function shuffle<T>(items: readonly T[], seed: number): T[] {
	const a = [...items];
	let x = seed || 1;
	for (let i = a.length - 1; i > 0; i--) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		const j = (x >>> 0) % (i + 1);
		[a[i], a[j]] = [a[j], a[i]];
	}
	return a;
}

export function makeVariant(name: VariantName, samples: StreamSample[], truth: GroundTruth): Variant {
	switch (name) {
		case 'pascal':
			return renameAll(samples, truth, pascal, (_t, c) => pascal(c));
		case 'lower': {
			// MySQL-dump style: lower case, no separators (`invoiceline.customerid`).
			const lower = (x: string) => x.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
			return renameAll(samples, truth, lower, (_t, c) => lower(c));
		}
		case 'id_keys': {
			const pkOf = new Map(truth.tables.filter((t) => t.primary_key.length === 1).map((t) => [t.name, t.primary_key[0]]));
			return renameAll(samples, truth, (t) => t, (t, c) => (pkOf.get(t) === c ? 'id' : c));
		}
		case 'shuffled':
			return {
				truth,
				samples: samples.map((s, i) => ({
					...s,
					records: shuffle(s.records, 0x9e3779b9 ^ (i + 1)).map((r) => {
						const keys = Object.keys(r);
						const rot = keys.length > 1 ? 1 + (i % (keys.length - 1)) : 0;
						const order = [...keys.slice(rot), ...keys.slice(0, rot)];
						return Object.fromEntries(order.map((k) => [k, r[k]]));
					}),
					// Catalog properties in reverse order: the key is no longer the first column.
					stream: {
						...s.stream,
						json_schema: { ...s.stream.json_schema, properties: Object.fromEntries(Object.entries(s.stream.json_schema.properties ?? {}).reverse()) },
					},
				})),
			};
		case 'strings':
			return {
				truth,
				samples: samples.map((s) => ({
					...s,
					records: s.records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]))),
					// HubSpot-style: every property declared and sent as a string.
					stream: {
						...s.stream,
						json_schema: {
							type: 'object',
							properties: Object.fromEntries(Object.keys(s.stream.json_schema.properties ?? {}).map((k) => [k, { type: ['null', 'string'] }])),
						},
					},
				})),
			};
		case 'partial':
			// What a sampler returns: the first rows of each stream, flagged partial with the source's total.
			return {
				truth,
				samples: samples.map((s) =>
					s.records.length > PARTIAL_ROWS ? { ...s, records: s.records.slice(0, PARTIAL_ROWS), status: 'partial' as const, totalRecords: s.records.length } : s,
				),
			};
	}
}

const PARTIAL_ROWS = 1000;

export const VARIANTS: readonly VariantName[] = ['pascal', 'lower', 'id_keys', 'shuffled', 'strings', 'partial'];
