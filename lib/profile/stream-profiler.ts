// One streaming pass over a stream's records: walks each record into a tree of FieldNodes (one per path),
// seeded from the catalog's json_schema so declared fields appear in catalog order, even with no data.

import type { AirbyteStream, JsonSchema, JsonSchemaType } from '../airbyte/protocol';
import type { SampleStatus } from '../sample/types';
import { FieldNode, type LengthAcc, type NodeSettings } from './field-node';
import { decideSemantic } from './semantic';
import type { FieldProfile, LengthStats, ProfileOptions, StreamProfile, StreamProfiler, TopValue } from './types';

export const DEFAULT_PROFILE_OPTIONS: Required<ProfileOptions> = {
	maxDepth: 6,
	maxFieldsPerStream: 2000,
	topKCapacity: 64,
	topKReported: 10,
	quantileK: 200,
	hllPrecision: 12,
	classifyFirst: 2048,
	classifyStride: 16,
	enumMaxDistinct: 24,
	exactDistinctCap: 1024,
};

const QUANTILES: Array<[string, number]> = [
	['p01', 0.01],
	['p05', 0.05],
	['p25', 0.25],
	['p50', 0.5],
	['p75', 0.75],
	['p95', 0.95],
	['p99', 0.99],
];

export function resolveProfileOptions(options?: ProfileOptions): Required<ProfileOptions> {
	const o = { ...DEFAULT_PROFILE_OPTIONS };
	for (const [k, v] of Object.entries(options ?? {})) if (v !== undefined) (o as Record<string, unknown>)[k] = v;
	return o;
}

function declaredTypes(schema: JsonSchema): JsonSchemaType[] | undefined {
	if (schema.type === undefined) {
		const alt = schema.anyOf ?? schema.oneOf;
		if (!alt) return undefined;
		const types = alt.flatMap((s) => declaredTypes(s) ?? []);
		return types.length ? [...new Set(types)] : undefined;
	}
	return Array.isArray(schema.type) ? schema.type : [schema.type];
}

function objectProperties(schema: JsonSchema): Record<string, JsonSchema> | undefined {
	if (schema.properties && typeof schema.properties === 'object') return schema.properties;
	for (const alt of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
		const p = objectProperties(alt);
		if (p) return p;
	}
	return undefined;
}

function itemSchema(schema: JsonSchema): JsonSchema | undefined {
	if (schema.items && !Array.isArray(schema.items)) return schema.items;
	for (const alt of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
		const i = itemSchema(alt);
		if (i) return i;
	}
	return undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function lengthStats(acc: LengthAcc | null): LengthStats | undefined {
	if (!acc || acc.count === 0) return undefined;
	const qs = acc.quantiles(QUANTILES.map(([, q]) => q));
	return {
		min: acc.min,
		max: acc.max,
		mean: round(acc.sum / acc.count),
		quantiles: Object.fromEntries(QUANTILES.map(([name], i) => [name, qs[i]])),
	};
}

function round(n: number): number {
	return Math.round(n * 1e6) / 1e6;
}

function epochIso(v: number, millis: boolean): string {
	const d = new Date(millis ? v : v * 1000);
	return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
}

/**
 * Walks records into the FieldNode tree. A class rather than closures made per profiler: V8 then keeps one
 * optimised copy of the hot path for every profiler in the process, where per-instance closures were
 * re-optimised from scratch for each stream (a fixed cost of a few hundred ms of JIT per stream).
 */
class RecordWalker {
	fieldCount = 0;

	constructor(
		private readonly maxDepth: number,
		private readonly maxFields: number,
	) {}

	// Records of a stream mostly list their keys in the same order: each node remembers the order of the last
	// object walked, so a key is matched by position (string identity) before falling back to the Map.
	walkObject(node: FieldNode, obj: Record<string, unknown>, depth: number): void {
		const keys = node.keyOrder;
		const nodes = node.keyNodes;
		let i = 0;
		for (const key in obj) {
			let child: FieldNode | undefined;
			if (keys[i] === key) child = nodes[i];
			else {
				child = node.children?.get(key);
				if (child === undefined) {
					child = node.child(key, this.fieldCount < this.maxFields);
					if (child === undefined) continue;
					this.fieldCount++;
				}
				keys[i] = key;
				nodes[i] = child;
			}
			i++;
			this.observe(child, obj[key], depth);
		}
	}

	observe(node: FieldNode, v: unknown, depth: number): void {
		node.present++;
		if (v === null || v === undefined) {
			node.nulls++;
			return;
		}
		switch (typeof v) {
			case 'string':
				node.observeString(v);
				return;
			case 'number':
				node.observeNumber(v);
				return;
			case 'boolean':
				node.observeBoolean(v);
				return;
			case 'object':
				if (Array.isArray(v)) {
					node.observeArrayLength(v.length);
					if (depth >= this.maxDepth) {
						node.truncated = true;
						return;
					}
					let el = node.element;
					if (el === null) {
						el = node.elementNode(this.fieldCount < this.maxFields) ?? null;
						if (el === null) return;
						this.fieldCount++;
					}
					for (let i = 0; i < v.length; i++) this.observe(el, v[i], depth + 1);
					return;
				}
				node.objects++;
				if (depth >= this.maxDepth) {
					node.truncated = true;
					return;
				}
				this.walkObject(node, v as Record<string, unknown>, depth + 1);
				return;
			default:
				node.observeString(String(v));
		}
	}
}

export function createStreamProfiler(
	stream: AirbyteStream,
	options?: ProfileOptions,
	meta: { status?: SampleStatus; totalRecords?: number } = {},
): StreamProfiler {
	const opts = resolveProfileOptions(options);
	const settings: NodeSettings = {
		exactCap: opts.exactDistinctCap,
		topKCapacity: opts.topKCapacity,
		quantileK: opts.quantileK,
		hllPrecision: opts.hllPrecision,
		classifyFirst: opts.classifyFirst,
		classifyStride: opts.classifyStride,
	};
	const root = new FieldNode([], false, settings);
	let records = 0;
	let malformed = 0;
	const maxDepth = opts.maxDepth;
	const maxFields = opts.maxFieldsPerStream;
	const walker = new RecordWalker(maxDepth, maxFields);

	const seed = (node: FieldNode, schema: JsonSchema, depth: number): void => {
		const props = objectProperties(schema);
		if (props && depth < maxDepth) {
			for (const [key, sub] of Object.entries(props)) {
				if (typeof sub !== 'object' || sub === null) continue;
				const child = node.child(key, walker.fieldCount < maxFields);
				if (!child) return;
				if (child.declared === undefined) walker.fieldCount++;
				child.declared = {
					type: declaredTypes(sub),
					format: typeof sub.format === 'string' ? sub.format : undefined,
					airbyteType: typeof sub.airbyte_type === 'string' ? sub.airbyte_type : undefined,
					enum: Array.isArray(sub.enum) ? sub.enum : undefined,
				};
				seed(child, sub, depth + 1);
			}
		}
		const items = itemSchema(schema);
		if (items && objectProperties(items) && depth < maxDepth) {
			const el = node.elementNode(walker.fieldCount < maxFields);
			if (el) {
				if (el.declared === undefined) walker.fieldCount++;
				el.declared = { type: declaredTypes(items) };
				seed(el, items, depth + 1);
			}
		}
	};
	if (stream.json_schema && typeof stream.json_schema === 'object') seed(root, stream.json_schema, 0);

	const toProfile = (node: FieldNode, containerCount: number): FieldProfile => {
		const nonNull = node.present - node.nulls;
		const distinct = node.distinct();
		const decision = decideSemantic(node, opts.enumMaxDistinct);
		const jsonTypes: FieldProfile['jsonTypes'] = {};
		const put = (k: keyof FieldProfile['jsonTypes'], n: number) => {
			if (n > 0) jsonTypes[k] = n;
		};
		put('null', node.nulls);
		put('boolean', node.booleans);
		put('integer', node.integers);
		put('number', node.floats);
		put('string', node.strings);
		put('object', node.objects);
		put('array', node.arrays);
		const scalarNonNull = nonNull - node.objects - node.arrays - node.emptyStrings;
		const isJson = decision.type === 'json';
		const topK: TopValue[] = isJson
			? []
			: node.topValues(opts.topKReported).map(([value, count]) => ({ value: String(value).slice(0, 100), count }));
		const numbers = node.numbers;
		const profile: FieldProfile = {
			path: node.segments.join('.').replace(/\.\[\]/g, '[]'),
			segments: node.segments,
			column: node.segments[0],
			inArray: node.inArray,
			containerCount,
			present: node.present,
			nulls: node.nulls,
			presenceRate: containerCount > 0 ? round(node.present / containerCount) : 0,
			nullRate: containerCount > 0 ? round((containerCount - nonNull) / containerCount) : 1,
			nonNull,
			jsonTypes,
			semanticType: decision.type,
			semanticConfidence: round(decision.confidence),
			semanticVotes: Object.fromEntries([...node.votes.entries()].sort((a, b) => b[1] - a[1])),
			distinct: distinct.value,
			distinctExact: distinct.exact,
			uniqueness: scalarNonNull > 0 ? round(Math.min(1, distinct.value / scalarNonNull)) : 0,
			topK,
		};
		if (node.declared) {
			profile.declared = {};
			if (node.declared.type) profile.declared.type = node.declared.type;
			if (node.declared.format) profile.declared.format = node.declared.format;
			if (node.declared.airbyteType) profile.declared.airbyteType = node.declared.airbyteType;
		}
		if (node.emptyStrings > 0) profile.emptyStrings = node.emptyStrings;
		const boolVotes = node.votes.get('boolean') ?? 0;
		if (node.stringNumbers > 0 || boolVotes > 0) {
			// Votes cover the classified values only; scale them to every non-empty string.
			const factor = node.classified > 0 ? (node.strings - node.emptyStrings) / node.classified : 0;
			profile.stringEncoded = {
				integer: Math.round((node.votes.get('integer') ?? 0) * factor),
				decimal: Math.round((node.votes.get('decimal') ?? 0) * factor),
				boolean: Math.round(boolVotes * factor),
				leadingZeros: node.leadingZeros,
			};
		}
		if (numbers && numbers.count > 0) {
			const qs = numbers.kll.quantiles(QUANTILES.map(([, q]) => q));
			profile.numeric = {
				min: numbers.min,
				max: numbers.max,
				mean: round(numbers.mean),
				stddev: round(Math.sqrt(numbers.m2 / numbers.count)),
				quantiles: Object.fromEntries(QUANTILES.map(([name], i) => [name, qs[i]])),
				allIntegers: numbers.allIntegers,
				zeros: numbers.zeros,
				negatives: numbers.negatives,
				maxScale: numbers.maxScale,
			};
			if (decision.type === 'epoch_seconds' || decision.type === 'epoch_millis') {
				const ms = decision.type === 'epoch_millis';
				profile.temporal = { min: epochIso(numbers.min, ms), max: epochIso(numbers.max, ms) };
			}
		}
		if ((decision.type === 'date' || decision.type === 'timestamp' || decision.type === 'timestamp_tz') && node.strMin !== null) {
			profile.temporal = { min: node.strMin, max: node.strMax ?? node.strMin };
		}
		const length = lengthStats(node.lengths);
		if (length) profile.length = length;
		const arrayLength = lengthStats(node.arrayLengths);
		if (arrayLength) profile.arrayLength = arrayLength;
		if (decision.enumValues) profile.enumValues = decision.enumValues;
		return profile;
	};

	const flatten = (node: FieldNode, out: FieldProfile[]): void => {
		if (node.children) for (const child of node.children.values()) {
			out.push(toProfile(child, node.objects));
			flatten(child, out);
		}
		if (node.element) {
			out.push(toProfile(node.element, node.elements));
			flatten(node.element, out);
		}
	};

	return {
		add(record: unknown): void {
			if (!isPlainObject(record)) {
				malformed++;
				return;
			}
			records++;
			root.objects++;
			walker.walkObject(root, record, 1);
		},
		finish(): StreamProfile {
			const fields: FieldProfile[] = [];
			flatten(root, fields);
			const profile: StreamProfile = {
				name: stream.name,
				status: meta.status ?? (records > 0 ? 'complete' : 'schema_only'),
				recordCount: records,
				supportedSyncModes: [...(stream.supported_sync_modes ?? [])],
				fields,
				malformedRecords: malformed,
			};
			if (stream.namespace !== undefined) profile.namespace = stream.namespace;
			if (meta.totalRecords !== undefined) profile.totalRecords = meta.totalRecords;
			if (stream.source_defined_primary_key?.length) profile.sourceDefinedPrimaryKey = stream.source_defined_primary_key;
			if (stream.default_cursor_field?.length) profile.defaultCursorField = stream.default_cursor_field;
			return profile;
		},
	};
}
