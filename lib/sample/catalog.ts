// The source catalog in protocol shape, from Airbyte's Config API discover_schema (full JSON schemas) or,
// when that is unreachable, from the public GET /streams field paths (names only, no types).
import { configCatalogToProtocol } from '../airbyte/catalog';
import type { ConfigApiCatalog } from '../airbyte/config-api';
import type { StreamProperties } from '../airbyte/types';
import type { AirbyteStream, JsonSchema, SyncMode } from '../airbyte/protocol';

export type CatalogOrigin = 'discover_schema' | 'public_streams';

export interface SampleCatalog {
	origin: CatalogOrigin;
	streams: AirbyteStream[];
	warnings: string[];
}

/** Airbyte's WellKnownTypes.json definitions, as the JSON schema a destination reads them as. */
const WELL_KNOWN: Record<string, JsonSchema> = {
	String: { type: 'string' },
	BinaryData: { type: 'string' },
	Date: { type: 'string', format: 'date' },
	TimestampWithTimezone: { type: 'string', format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
	TimestampWithoutTimezone: { type: 'string', format: 'date-time', airbyte_type: 'timestamp_without_timezone' },
	TimeWithTimezone: { type: 'string', format: 'time', airbyte_type: 'time_with_timezone' },
	TimeWithoutTimezone: { type: 'string', format: 'time', airbyte_type: 'time_without_timezone' },
	Number: { type: 'number' },
	Integer: { type: 'integer' },
	Boolean: { type: 'boolean' },
};

const MAX_REF_DEPTH = 32;

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointer(root: unknown, ref: string): unknown {
	let node: unknown = root;
	for (const raw of ref.replace(/^#\/?/, '').split('/').filter((p) => p !== '')) {
		const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
		if (!isObject(node) && !Array.isArray(node)) return undefined;
		node = (node as Record<string, unknown>)[key];
	}
	return node;
}

/**
 * Resolves `$ref`s: local pointers (`#/definitions/x`) and Airbyte's WellKnownTypes are inlined; anything
 * else (e.g. an unresolved `shared/user.json`) becomes an untyped schema, and the reference is reported.
 */
export function resolveRefs(schema: JsonSchema, unresolved: Set<string> = new Set()): JsonSchema {
	const walk = (node: unknown, depth: number): unknown => {
		if (Array.isArray(node)) return node.map((n) => walk(n, depth));
		if (!isObject(node)) return node;
		const ref = node.$ref;
		if (typeof ref === 'string') {
			const rest = Object.fromEntries(Object.entries(node).filter(([k]) => k !== '$ref'));
			const wellKnown = /WellKnownTypes\.json#\/definitions\/(\w+)$/.exec(ref)?.[1];
			let target: unknown;
			if (wellKnown && WELL_KNOWN[wellKnown]) target = WELL_KNOWN[wellKnown];
			else if (ref.startsWith('#') && depth < MAX_REF_DEPTH) target = pointer(schema, ref);
			if (target === undefined || depth >= MAX_REF_DEPTH) {
				unresolved.add(ref);
				return walk(rest, depth);
			}
			return walk({ ...(target as object), ...rest }, depth + 1);
		}
		return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, depth)]));
	};
	return walk(schema, 0) as JsonSchema;
}

function withResolvedSchema(stream: AirbyteStream, warnings: string[]): AirbyteStream {
	const unresolved = new Set<string>();
	const json_schema = resolveRefs(stream.json_schema ?? {}, unresolved);
	if (unresolved.size > 0) {
		warnings.push(
			`Stream "${stream.name}": ${[...unresolved].slice(0, 5).join(', ')} could not be resolved; those fields are treated as untyped.`,
		);
	}
	return { ...stream, json_schema };
}

/** Config API discover_schema catalog -> protocol streams, `$ref`s resolved. */
export function catalogFromDiscover(catalog: ConfigApiCatalog): SampleCatalog {
	const warnings: string[] = [];
	const streams = configCatalogToProtocol(catalog).streams.map((stream) => withResolvedSchema(stream, warnings));
	return { origin: 'discover_schema', streams, warnings };
}

function schemaFromFieldPaths(paths: string[][]): JsonSchema {
	const root: JsonSchema = { type: 'object', properties: {} };
	for (const path of paths) {
		let node = root;
		for (const key of path) {
			node.properties ??= {};
			node.type ??= 'object';
			node.properties[key] ??= {};
			node = node.properties[key];
		}
	}
	return root;
}

/** Public GET /streams -> protocol streams with untyped schemas (the public API has no types). */
export function catalogFromStreamProperties(streams: StreamProperties[], reason: string): SampleCatalog {
	const converted = streams
		.filter((s) => typeof s.streamName === 'string')
		.map((s): AirbyteStream => {
			const modes = (s.syncModes ?? []) as string[];
			const supported: SyncMode[] = [];
			if (modes.length === 0 || modes.some((m) => m.startsWith('full_refresh'))) supported.push('full_refresh');
			if (modes.some((m) => m.startsWith('incremental'))) supported.push('incremental');
			return {
				name: s.streamName as string,
				json_schema: schemaFromFieldPaths((s.propertyFields ?? []) as string[][]),
				supported_sync_modes: supported,
				source_defined_cursor: s.sourceDefinedCursorField,
				default_cursor_field: s.defaultCursorField,
				source_defined_primary_key: s.sourceDefinedPrimaryKey,
				namespace: s.streamnamespace ?? undefined,
			};
		});
	return {
		origin: 'public_streams',
		streams: converted,
		warnings: [
			`The Config API (discover_schema) was not reachable (${reason}); the catalog comes from the public GET /streams, ` +
				'which lists field paths without types. Field types will be inferred from the sampled records.',
		],
	};
}
