// Request and response validation against Airbyte's api.yaml (OpenAPI 3.1): route matching, path and query
// parameters (coerced from strings by their schema, as the server does), JSON bodies, response bodies.
import type { ValidateFunction } from 'ajv';
import { createAjv, formatErrors } from './ajv';
import { loadApiSpec, type OpenApiDoc } from './reference';

export interface MatchedRoute {
	template: string;
	method: string;
	operationId: string;
	pathParams: Record<string, string>;
}

export interface RequestCheck {
	ok: boolean;
	message: string;
	errors: unknown[];
	query: Record<string, unknown>;
	pathParams: Record<string, unknown>;
}

interface Param {
	name: string;
	in: 'path' | 'query' | 'header';
	required?: boolean;
	schema: Record<string, any>;
	validate: () => ValidateFunction;
}

interface Operation {
	template: string;
	method: string;
	operationId: string;
	regex: RegExp;
	paramNames: string[];
	literalCount: number;
	params: Param[];
	body?: { required: boolean; validate: () => ValidateFunction; contentTypes: string[] };
	responses: Map<string, (() => ValidateFunction) | null>;
}

const API_ID = 'https://airbyte.emulator/api.yaml';

/** Stubs components that api.yaml references but never defines (on endpoints the emulator does not serve). */
function stubMissingRefs(spec: OpenApiDoc): void {
	const seen = new Set<string>();
	JSON.stringify(spec, (k, v) => {
		if (k === '$ref' && typeof v === 'string') seen.add(v);
		return v;
	});
	for (const ref of seen) {
		const [, , kind, name] = ref.split('/');
		const bucket = (spec.components as Record<string, Record<string, unknown> | undefined>)[kind];
		if (kind && name && bucket && !bucket[name]) bucket[name] = kind === 'responses' ? { description: 'stub' } : { type: 'object' };
	}
}

const validators = new Map<string, OpenApiValidator>();

/** Compiling api.yaml takes ~1 s, so one validator per reference directory and process. */
export function openApiValidator(referenceDir: string): OpenApiValidator {
	let v = validators.get(referenceDir);
	if (!v) validators.set(referenceDir, (v = new OpenApiValidator(referenceDir)));
	return v;
}

export class OpenApiValidator {
	private readonly operations: Operation[] = [];
	private readonly ajv = createAjv();

	constructor(referenceDir: string) {
		const spec = structuredClone(loadApiSpec(referenceDir));
		stubMissingRefs(spec);
		// Spec quirk: `required` lists `grant_type` but the property is `grant-type`; Airbyte's server accepts
		// `{client_id, client_secret}` alone (PyAirbyte sends exactly that), so only those two are required here.
		const tokenRequest = spec.components.schemas.ApplicationTokenRequestWithGrant;
		if (tokenRequest) tokenRequest.required = ['client_id', 'client_secret'];
		this.ajv.addSchema({ $id: API_ID, components: spec.components }, API_ID);
		for (const [template, item] of Object.entries(spec.paths)) {
			for (const [method, op] of Object.entries(item)) {
				if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
				this.operations.push(this.compileOperation(template, method.toUpperCase(), op, item.parameters ?? []));
			}
		}
		// Literal segments win over parameters (`/applications/token` before `/applications/{applicationId}`).
		this.operations.sort((a, b) => b.literalCount - a.literalCount);
	}

	/** Compiled on first use: api.yaml has ~150 operations and a test touches a handful. */
	private compile(schema: unknown): () => ValidateFunction {
		let compiled: ValidateFunction | undefined;
		return () => {
			if (!compiled) {
				const rewritten = JSON.parse(JSON.stringify(schema ?? {}).replace(/"#\/components\//g, `"${API_ID}#/components/`));
				compiled = this.ajv.compile(rewritten);
			}
			return compiled;
		};
	}

	private compileOperation(template: string, method: string, op: any, shared: any[]): Operation {
		const paramNames: string[] = [];
		const segments = template.split('/').filter(Boolean);
		const regex = new RegExp(
			`^/${segments
				.map((s) => {
					const m = /^\{(\w+)\}$/.exec(s);
					if (!m) return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
					paramNames.push(m[1]);
					return '([^/]+)';
				})
				.join('/')}/?$`,
		);
		const params: Param[] = [...shared, ...(op.parameters ?? [])].map((p: any) => ({
			name: p.name,
			in: p.in,
			required: p.required ?? p.in === 'path',
			schema: p.schema ?? {},
			validate: this.compile(p.schema ?? {}),
		}));
		const content = op.requestBody?.content ?? {};
		const contentTypes = Object.keys(content);
		const bodySchema = content['application/json']?.schema ?? content[contentTypes[0]]?.schema;
		const responses = new Map<string, (() => ValidateFunction) | null>();
		for (const [status, response] of Object.entries<any>(op.responses ?? {})) {
			const schema = response?.content?.['application/json']?.schema;
			responses.set(status, schema ? this.compile(schema) : null);
		}
		return {
			template,
			method,
			operationId: op.operationId ?? `${method} ${template}`,
			regex,
			paramNames,
			literalCount: segments.length - paramNames.length,
			params,
			body: bodySchema ? { required: op.requestBody?.required ?? false, validate: this.compile(bodySchema), contentTypes } : undefined,
			responses,
		};
	}

	/** The operation for a method + path (path relative to the API root, e.g. `/jobs/12`). */
	match(method: string, path: string): MatchedRoute | undefined {
		let pathMatched = false;
		for (const op of this.operations) {
			const m = op.regex.exec(path);
			if (!m) continue;
			pathMatched = true;
			if (op.method !== method) continue;
			const pathParams: Record<string, string> = {};
			op.paramNames.forEach((n, i) => (pathParams[n] = decodeURIComponent(m[i + 1])));
			return { template: op.template, method, operationId: op.operationId, pathParams };
		}
		return pathMatched ? { template: '', method, operationId: '', pathParams: {} } : undefined;
	}

	private op(route: MatchedRoute): Operation {
		const op = this.operations.find((o) => o.template === route.template && o.method === route.method);
		if (!op) throw new Error(`no operation ${route.method} ${route.template}`);
		return op;
	}

	/** Validates parameters and body; returns parameters coerced to their schema types. */
	checkRequest(route: MatchedRoute, search: URLSearchParams, body: unknown, hasBody: boolean): RequestCheck {
		const op = this.op(route);
		const errors: unknown[] = [];
		const messages: string[] = [];
		const query: Record<string, unknown> = {};
		const pathParams: Record<string, unknown> = {};
		for (const p of op.params) {
			if (p.in === 'header') continue;
			let raw: string[] = [];
			if (p.in === 'path') raw = route.pathParams[p.name] === undefined ? [] : [route.pathParams[p.name]];
			else raw = search.getAll(p.name);
			if (raw.length === 0) {
				if (p.required) {
					messages.push(`missing required ${p.in} parameter ${p.name}`);
					errors.push({ parameter: p.name, message: 'required' });
				} else if (p.schema.default !== undefined && p.in === 'query') query[p.name] = p.schema.default;
				continue;
			}
			const value = coerceParam(p.schema, raw);
			const validate = p.validate();
			if (!validate(value)) {
				messages.push(`${p.in} parameter ${p.name}: ${formatErrors(validate.errors)}`);
				errors.push(...(validate.errors ?? []));
			}
			(p.in === 'path' ? pathParams : query)[p.name] = value;
		}
		if (op.body) {
			if (!hasBody) {
				if (op.body.required || route.method === 'POST' || route.method === 'PUT') {
					messages.push('request body is required');
					errors.push({ message: 'body required' });
				}
			} else {
				const validate = op.body.validate();
				if (!validate(body)) {
					messages.push(`body ${formatErrors(validate.errors)}`);
					errors.push(...(validate.errors ?? []));
				}
			}
		}
		return { ok: messages.length === 0, message: messages.join('; '), errors, query, pathParams };
	}

	/** Throws when a response the emulator produced does not match api.yaml: that is an emulator bug. */
	assertResponse(route: MatchedRoute, status: number, body: unknown): void {
		const op = this.op(route);
		const key = op.responses.has(String(status)) ? String(status) : op.responses.has(`${String(status)[0]}XX`) ? `${String(status)[0]}XX` : 'default';
		if (status >= 400) return; // problem bodies are checked against api-problems.yaml by the caller
		if (!op.responses.has(key)) throw new Error(`Emulator bug: ${route.method} ${route.template} answered ${status}, which api.yaml does not declare`);
		const validate = op.responses.get(key)?.();
		if (validate && !validate(body))
			throw new Error(`Emulator bug: ${route.method} ${route.template} ${status} response violates api.yaml: ${formatErrors(validate.errors)}`);
	}
}

function coerceScalar(schema: Record<string, any>, raw: string): unknown {
	const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
	if (type === 'integer' || type === 'number') return raw.trim() !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
	if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
	return raw;
}

/** Query strings carry arrays comma-separated or repeated (Airbyte accepts both). */
function coerceParam(schema: Record<string, any>, raw: string[]): unknown {
	if (schema.type === 'array') return raw.flatMap((r) => r.split(',')).filter((s) => s !== '').map((r) => coerceScalar(schema.items ?? {}, r));
	return coerceScalar(schema, raw[raw.length - 1]);
}
