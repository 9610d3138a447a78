// Loads Airbyte's reference specs once per process. api_sdk.yaml is 3.3 MB, so only the connector
// configuration schemas we need are extracted, and cached on disk keyed by the file's size and mtime.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const REPO_ROOT = resolve(__dirname, '../../..');

export function defaultReferenceDir(): string {
	return process.env.AIRBYTE_REFERENCE_DIR ?? resolve(REPO_ROOT, '../shared/reference/airbyte');
}

export function defaultDatasetsDir(): string {
	return process.env.AIRBYTE_DATASETS_DIR ?? resolve(REPO_ROOT, '../shared/datasets');
}

export function fakerSchemasDir(): string {
	return process.env.AIRBYTE_FAKER_SCHEMAS_DIR ?? resolve(REPO_ROOT, '../shared/airbyte-catalogs/source-faker/schemas');
}

const cache = new Map<string, unknown>();

const CACHE_DIR = join(tmpdir(), 'airbyte-emulator-cache');

/** Parsed YAML, memoised in-process and as JSON on disk (YAML parsing is the slow part of start-up). */
function loadYaml<T>(path: string, diskCache = true): T {
	const hit = cache.get(path);
	if (hit) return hit as T;
	if (!existsSync(path)) throw new Error(`Airbyte reference file missing: ${path} (set AIRBYTE_REFERENCE_DIR)`);
	const st = statSync(path);
	const cacheFile = join(CACHE_DIR, `${path.replace(/[^A-Za-z0-9]+/g, '_')}-${st.size}-${Math.floor(st.mtimeMs)}.json`);
	let parsed: T;
	if (diskCache && existsSync(cacheFile)) {
		parsed = JSON.parse(readFileSync(cacheFile, 'utf8')) as T;
	} else {
		parsed = parse(readFileSync(path, 'utf8'), { maxAliasCount: -1 }) as T;
		if (diskCache) {
			mkdirSync(CACHE_DIR, { recursive: true });
			writeFileSync(`${cacheFile}.${process.pid}`, JSON.stringify(parsed));
			renameSync(`${cacheFile}.${process.pid}`, cacheFile);
		}
	}
	cache.set(path, parsed);
	return parsed;
}

export type OpenApiDoc = {
	paths: Record<string, Record<string, any>>;
	components: { schemas: Record<string, any>; responses?: Record<string, any> };
};

export function loadApiSpec(dir: string): OpenApiDoc {
	return loadYaml<OpenApiDoc>(join(dir, 'api.yaml'));
}

export function loadProblemsSpec(dir: string): OpenApiDoc {
	return loadYaml<OpenApiDoc>(join(dir, 'api-problems.yaml'));
}

export function loadProtocolSpec(dir: string): Record<string, any> {
	return loadYaml<Record<string, any>>(join(dir, 'airbyte_protocol_v0.yaml'));
}

/** Component schemas from api_sdk.yaml, with every schema they reference, under the same names. */
export function loadSdkSchemas(dir: string, names: string[]): Record<string, any> {
	const file = join(dir, 'api_sdk.yaml');
	const key = `sdk:${file}:${names.join(',')}`;
	const hit = cache.get(key);
	if (hit) return hit as Record<string, any>;
	const st = statSync(file);
	const cacheFile = join(CACHE_DIR, `sdk-${st.size}-${Math.floor(st.mtimeMs)}-${names.join('_')}.json`);
	let extracted: Record<string, any>;
	if (existsSync(cacheFile)) {
		extracted = JSON.parse(readFileSync(cacheFile, 'utf8'));
	} else {
		const all = loadYaml<OpenApiDoc>(file, false).components.schemas;
		extracted = {};
		const visit = (name: string) => {
			if (extracted[name] || !all[name]) return;
			extracted[name] = all[name];
			JSON.stringify(all[name], (k, v) => {
				if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) visit(v.slice(21));
				return v;
			});
		};
		names.forEach(visit);
		mkdirSync(CACHE_DIR, { recursive: true });
		writeFileSync(`${cacheFile}.${process.pid}`, JSON.stringify(extracted));
		renameSync(`${cacheFile}.${process.pid}`, cacheFile);
		cache.delete(file); // do not keep 3.3 MB of parsed YAML alive
	}
	cache.set(key, extracted);
	return extracted;
}
