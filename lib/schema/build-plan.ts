// DataModel + Airbyte catalog + analysis extras -> SchemaPlan. Deterministic: same input, same plan.
import type { AirbyteStream, JsonSchema } from '../airbyte/protocol';
import type { ModelChildEntity, ModelColumn, ModelForeignKey, ModelStream } from '../analysis/model';
import {
	airbyteColumnType,
	isScalarArray,
	jsonKind,
	objectArrayProperties,
} from './airbyte-types';
import type { SchemaKpi, SchemaPlanInput, SchemaPlanOptions } from './inputs';
import { SchemaPlanError } from './inputs';
import { airbyteColumnNames, fitIdentifier, modelName, NameAllocator, toPostgresCompatibleName } from './names';
import { parsePgType, typeFamily } from './pg-types';
import type { PlanColumn, PlanForeignKey, PlanIndex, PlanTable, PlanView, SchemaPlan } from './plan';

/** Postgres allows 1,600 columns per table; the plan adds up to 4 of its own. */
export const MAX_SOURCE_COLUMNS = 1596;
export const LEDGER_TABLE = '_schema_migrations';
const TIME_NAME = /(^|_)(created|updated|modified|date|time|timestamp)(_|$)|_at$|_on$/;

interface StreamContext {
	stream: ModelStream;
	airbyte?: AirbyteStream;
	table: PlanTable;
	/** property name -> modelled column name */
	columnOf: Map<string, string>;
	colAlloc: NameAllocator;
	constraintAlloc: NameAllocator;
	properties: Record<string, JsonSchema>;
	rawNames: Map<string, string>;
	nested: Map<string, NestedSpec>;
}

type NestedSpec =
	| { kind: 'child'; itemProps: Record<string, JsonSchema>; model?: ModelChildEntity }
	| { kind: 'junction'; toStream: string; toColumns: string[]; score: number; explanation?: string };

export function defaultSchemaName(options: SchemaPlanOptions): string {
	if (options.schema) return modelName(options.schema);
	if (options.tenantId) return modelName(`tenant_${options.tenantId}`);
	return 'analytics';
}

function catalogStreams(input: SchemaPlanInput): Map<string, AirbyteStream> {
	const out = new Map<string, AirbyteStream>();
	for (const entry of input.catalog?.streams ?? []) {
		const stream = 'stream' in entry && entry.stream ? entry.stream : (entry as AirbyteStream);
		if (stream && typeof stream.name === 'string') out.set(stream.name, stream);
	}
	return out;
}

function rawTypeFromModel(column: ModelColumn): string {
	const info = parsePgType(column.pgType);
	if (/^epoch/.test(column.semanticType)) return 'bigint';
	switch (info?.family) {
		case 'int':
			return 'bigint';
		case 'decimal':
		case 'float':
			return 'numeric';
		case 'bool':
			return 'boolean';
		case 'date':
			return 'date';
		case 'timestamp':
			return 'timestamp without time zone';
		case 'timestamptz':
			return 'timestamp with time zone';
		case 'text':
		case 'uuid':
			return 'character varying';
		default:
			return 'jsonb';
	}
}

/** Type Airbyte gives a property, as a modelled type (varchar -> text). */
function modelTypeFromAirbyte(schema: JsonSchema | undefined): string {
	const t = airbyteColumnType(schema);
	return t === 'character varying' ? 'text' : t;
}

function describe(...parts: Array<string | undefined>): string | undefined {
	const text = parts.filter((p) => p && p.trim()).join(' ');
	return text || undefined;
}

export function buildSchemaPlan(input: SchemaPlanInput): SchemaPlan {
	const options = input.options ?? {};
	const model = input.model;
	if (!model || !Array.isArray(model.streams) || model.streams.length === 0) {
		throw new SchemaPlanError(
			'The catalog has no streams to model',
			'Select at least one stream in the Airbyte source (or pass the Data Analyzer output, which lists streams) and run again.',
		);
	}
	const minScore = options.minForeignKeyScore ?? 0.7;
	const maxEnum = options.maxEnumValues ?? 50;
	const schema = defaultSchemaName(options);
	const rawSchema = toPostgresCompatibleName(options.rawNamespace ?? `${schema}_raw`);
	const warnings: string[] = [];
	const catalog = catalogStreams(input);
	const relAlloc = new NameAllocator([LEDGER_TABLE]);
	const contexts: StreamContext[] = [];
	const rawTables = new Map<string, string>();
	const seenStreams = new Set<string>();

	const fkByFrom = new Map<string, ModelForeignKey[]>();
	for (const fk of model.foreignKeys ?? []) {
		const list = fkByFrom.get(fk.fromStream) ?? [];
		list.push(fk);
		fkByFrom.set(fk.fromStream, list);
	}
	const verified = (fk: { score: number }) => typeof fk.score === 'number' && fk.score >= minScore;
	const nestedSpecs = (streamName: string, order: string[], properties: Record<string, JsonSchema>) => {
		const out = new Map<string, NestedSpec>();
		const present = new Set(order);
		for (const m of model.manyToMany ?? []) {
			if (m.via !== 'array_of_ids' || m.stream !== streamName || m.columns.length !== 1 || !verified(m)) continue;
			if (!present.has(m.columns[0])) continue;
			out.set(m.columns[0], { kind: 'junction', toStream: m.right.stream, toColumns: m.right.columns, score: m.score, explanation: m.explanation });
		}
		for (const f of fkByFrom.get(streamName) ?? []) {
			const p = f.fromColumns[0];
			if (f.fromColumns.length !== 1 || !verified(f) || out.has(p) || !isScalarArray(properties[p])) continue;
			out.set(p, { kind: 'junction', toStream: f.toStream, toColumns: f.toColumns, score: f.score, explanation: f.explanation });
		}
		for (const c of model.childEntities ?? []) {
			if (c.parentStream !== streamName || !present.has(c.path) || out.has(c.path)) continue;
			out.set(c.path, { kind: 'child', itemProps: objectArrayProperties(properties[c.path]) ?? {}, model: c });
		}
		for (const p of order) {
			const itemProps = objectArrayProperties(properties[p]);
			if (itemProps && !out.has(p)) out.set(p, { kind: 'child', itemProps });
		}
		return out;
	};

	// Pass 1: one table per stream, columns from the model and the catalog.
	for (const stream of model.streams) {
		if (seenStreams.has(stream.name)) {
			throw new SchemaPlanError(
				`Stream "${stream.name}" appears twice`,
				'Each stream must be listed once in the data model; remove the duplicate.',
			);
		}
		seenStreams.add(stream.name);
		const airbyte = catalog.get(stream.name);
		const properties: Record<string, JsonSchema> = { ...(airbyte?.json_schema?.properties ?? {}) };
		const modelCols = new Map(stream.columns.map((c) => [c.name, c]));
		const order = [...Object.keys(properties)];
		for (const c of stream.columns) if (!(c.name in properties)) order.push(c.name);
		if (order.length > MAX_SOURCE_COLUMNS) {
			throw new SchemaPlanError(
				`Stream "${stream.name}" has ${order.length} columns; a Postgres table holds at most 1,600`,
				`Deselect fields of "${stream.name}" in the Airbyte connection (keep at most ${MAX_SOURCE_COLUMNS}), or split the stream, then plan again.`,
			);
		}
		const rawTable = toPostgresCompatibleName(`${options.streamPrefix ?? ''}${stream.name}`);
		const clash = rawTables.get(rawTable.toLowerCase());
		if (clash !== undefined)
			warnings.push(`Streams "${clash}" and "${stream.name}" map to the same Airbyte table name "${rawTable}"; set a stream prefix or rename one.`);
		rawTables.set(rawTable.toLowerCase(), stream.name);
		const rawNames = airbyteColumnNames(order);
		const tableName = relAlloc.allocate(modelName(stream.name, 'stream'));
		const colAlloc = new NameAllocator();
		const columnOf = new Map<string, string>();
		const columns: PlanColumn[] = [];
		const nested = nestedSpecs(stream.name, order, properties);
		for (const property of order) {
			const propSchema = properties[property];
			const mc = modelCols.get(property);
			if (nested.has(property)) continue; // child or junction table (pass 2)
			let type: string;
			const parsed = mc ? parsePgType(mc.pgType) : undefined;
			if (mc && parsed) type = parsed.canonical;
			else {
				if (mc) warnings.push(`Column "${stream.name}.${property}": type "${mc.pgType}" is not supported; using Airbyte's type.`);
				type = parsePgType(modelTypeFromAirbyte(propSchema))!.canonical;
			}
			const name = colAlloc.allocate(modelName(property, 'column'), { column: true });
			columnOf.set(property, name);
			const hasRaw = airbyte ? propSchema !== undefined : true;
			if (!hasRaw) warnings.push(`Column "${stream.name}.${property}" is not in the Airbyte catalog; it stays NULL until the source sends it.`);
			const enumValues =
				mc?.enumValues && mc.enumValues.length > 0 && mc.enumValues.length <= maxEnum && typeFamily(type) === 'text'
					? [...mc.enumValues]
					: undefined;
			columns.push({
				name,
				type,
				notNull: Boolean(options.strictNullability && mc && mc.nullable === false),
				source: hasRaw
					? {
							kind: 'property',
							property,
							rawColumn: rawNames.get(property)!,
							rawType: propSchema !== undefined ? airbyteColumnType(propSchema) : rawTypeFromModel(mc!),
							semanticType: mc?.semanticType,
						}
					: { kind: 'missing', property },
				description: describe(mc?.description ?? input.extras?.descriptions?.columns?.[stream.name]?.[property] ?? propSchema?.description),
				pii: mc?.pii || undefined,
				enumValues,
			});
		}
		// Primary key: the model's, else the source's, else Airbyte's record id.
		const candidates: string[][] = [];
		if (stream.primaryKey?.length) candidates.push(stream.primaryKey);
		for (const pk of airbyte?.source_defined_primary_key ?? []) if (pk.length === 1) candidates.push(pk);
		const sourcePk = airbyte?.source_defined_primary_key;
		if (sourcePk && sourcePk.length > 1 && sourcePk.every((p) => p.length === 1)) candidates.push(sourcePk.map((p) => p[0]));
		let pkColumns: string[] | undefined;
		for (const cand of candidates) {
			const mapped = cand.map((p) => columnOf.get(p));
			if (mapped.every((m): m is string => !!m)) {
				const cols = mapped.map((m) => columns.find((c) => c.name === m)!);
				if (cols.every((c) => !['jsonb', 'json'].includes(typeFamily(c.type)) && c.source.kind === 'property')) {
					pkColumns = mapped;
					break;
				}
			}
		}
		let keyKind: PlanTable['keyKind'] = 'natural';
		if (!pkColumns) {
			keyKind = 'raw_id';
			const rawId = colAlloc.allocate('_airbyte_raw_id', { column: true });
			columns.unshift({ name: rawId, type: 'text', notNull: true, source: { kind: 'raw_id' }, system: true, description: "Airbyte's record id (the stream has no primary key)." });
			pkColumns = [rawId];
		}
		for (const c of columns) if (pkColumns.includes(c.name)) c.notNull = true;
		addAuditColumns(columns, colAlloc);
		const constraintAlloc = new NameAllocator();
		const pkName = relAlloc.allocate(`${tableName}_pkey`);
		constraintAlloc.reserve(pkName);
		const table: PlanTable = {
			name: tableName,
			kind: 'stream',
			stream: stream.name,
			rawTable,
			description: describe(input.extras?.descriptions?.streams?.[stream.name] ?? airbyte?.json_schema?.description),
			columns,
			primaryKey: { name: pkName, columns: pkColumns },
			keyKind,
			foreignKeys: [],
			indexes: [],
			checks: columns
				.filter((c) => c.enumValues)
				.map((c) => ({ name: constraintAlloc.allocate(`${tableName}_${c.name}_check`), column: c.name, values: c.enumValues! })),
		};
		contexts.push({ stream, airbyte, table, columnOf, colAlloc, constraintAlloc, properties, rawNames, nested });
	}
	const byStream = new Map(contexts.map((c) => [c.stream.name, c]));

	// Pass 2: nested arrays -> child and junction tables.
	const extraTables: PlanTable[] = [];
	for (const ctx of contexts) {
		for (const [property, spec] of ctx.nested) {
			if (spec.kind === 'child') {
				extraTables.push(childTable(ctx, property, spec.itemProps, spec.model, relAlloc));
				continue;
			}
			const target = byStream.get(spec.toStream);
			const key = target?.table.primaryKey.columns;
			if (!target || !key || key.length !== 1 || target.table.keyKind !== 'natural' || (spec.toColumns.length === 1 && target.columnOf.get(spec.toColumns[0]) !== key[0])) {
				warnings.push(`Array "${ctx.stream.name}.${property}" references "${spec.toStream}", whose key is not the referenced column; kept as jsonb.`);
				addJsonbColumn(ctx, property, ctx.properties[property] ?? {});
				continue;
			}
			extraTables.push(junctionTable(ctx, property, target.table, spec, relAlloc));
		}
	}

	// Pass 3: verified foreign keys between stream tables, and indexes.
	for (const fk of model.foreignKeys ?? []) {
		const from = byStream.get(fk.fromStream);
		const to = byStream.get(fk.toStream);
		const label = `${fk.fromStream}(${fk.fromColumns.join(', ')}) -> ${fk.toStream}(${fk.toColumns.join(', ')})`;
		if (!from || !to) {
			warnings.push(`Relationship ${label} names a stream that is not planned; skipped.`);
			continue;
		}
		if (fk.fromColumns.length === 1 && from.nested.has(fk.fromColumns[0])) continue; // junction
		if (!verified(fk)) {
			warnings.push(`Relationship ${label} has score ${fk.score} < ${minScore}: documented, not enforced.`);
			continue;
		}
		const fromCols = fk.fromColumns.map((c) => from.columnOf.get(c));
		const toCols = fk.toColumns.map((c) => to.columnOf.get(c));
		if (fromCols.some((c) => !c) || toCols.some((c) => !c) || fromCols.length !== toCols.length) {
			warnings.push(`Relationship ${label} names columns that are not planned; skipped.`);
			continue;
		}
		const pk = to.table.primaryKey.columns;
		if (toCols.length !== pk.length || !pk.every((p) => toCols.includes(p))) {
			warnings.push(`Relationship ${label} does not reference the key of "${to.table.name}"; skipped.`);
			continue;
		}
		// Order the pair by the referenced key's column order.
		const pairs = pk.map((p) => [fromCols[toCols.indexOf(p)]!, p] as const);
		const colType = (t: PlanTable, n: string) => t.columns.find((c) => c.name === n)!.type;
		if (pairs.some(([f, t]) => typeFamily(colType(from.table, f)) !== typeFamily(colType(to.table, t)))) {
			warnings.push(`Relationship ${label} joins columns of different types; skipped.`);
			continue;
		}
		const columns = pairs.map(([f]) => f);
		if (from.table.foreignKeys.some((e) => e.refTable === to.table.name && e.columns.join() === columns.join())) continue;
		from.table.foreignKeys.push({
			name: from.constraintAlloc.allocate(`${from.table.name}_${columns.join('_')}_fkey`),
			columns,
			refTable: to.table.name,
			refColumns: pairs.map(([, t]) => t),
			onDelete: 'no action',
			score: fk.score,
			reason: describe(`Verified in the data (score ${fk.score}).`, fk.explanation) ?? '',
		});
	}
	const allTables = [...contexts.map((c) => c.table), ...extraTables];
	for (const ctx of contexts) planStreamIndexes(ctx, input.extras?.syncModes?.[ctx.stream.name]?.cursorField);
	for (const t of allTables) planForeignKeyIndexes(t);

	const views = planViews(input.extras?.kpis ?? [], byStream, relAlloc, warnings);
	for (const t of allTables) for (const idx of t.indexes) idx.name = relAlloc.allocate(idx.name);

	// Built here from validated parts; parseSchemaPlan() validates plans that come back from outside.
	const plan: SchemaPlan = { version: 1, schema, rawSchema, tables: allTables, views, warnings };
	return plan;
}

function addAuditColumns(columns: PlanColumn[], alloc: NameAllocator): void {
	const pick = (names: string[]) => {
		const free = names.find((n) => !alloc.has(n));
		return alloc.allocate(free ?? names[0], { column: true });
	};
	columns.push(
		{ name: pick(['created_at', '_created_at']), type: 'timestamp with time zone', notNull: true, source: { kind: 'created_at' }, system: true, description: 'When this row was first loaded.' },
		{ name: pick(['updated_at', '_updated_at']), type: 'timestamp with time zone', notNull: true, source: { kind: 'updated_at' }, system: true, description: 'When a load last changed this row.' },
		{ name: pick(['_synced_at']), type: 'timestamp with time zone', notNull: false, source: { kind: 'synced_at' }, system: true, description: 'When Airbyte extracted the version of the record this row holds.' },
	);
}

function addJsonbColumn(ctx: StreamContext, property: string, schema: JsonSchema): void {
	const name = ctx.colAlloc.allocate(modelName(property, 'column'), { column: true });
	ctx.columnOf.set(property, name);
	const firstAudit = ctx.table.columns.findIndex((c) => c.source.kind === 'created_at');
	ctx.table.columns.splice(firstAudit, 0, {
		name,
		type: 'jsonb',
		notNull: false,
		source: { kind: 'property', property, rawColumn: ctx.rawNames.get(property)!, rawType: airbyteColumnType(schema) },
		description: describe(schema.description),
	});
}

function parentKeyColumns(parent: PlanTable, alloc: NameAllocator): PlanColumn[] {
	return parent.primaryKey.columns.map((k) => {
		const pc = parent.columns.find((c) => c.name === k)!;
		return {
			name: alloc.allocate(fitIdentifier(`_parent_${k}`), { column: true }),
			type: pc.type,
			notNull: true,
			source: { kind: 'parent', column: k },
			system: true,
			description: `Key of the parent row in "${parent.name}".`,
		};
	});
}

function childTable(
	ctx: StreamContext,
	property: string,
	itemProps: Record<string, JsonSchema>,
	modelChild: ModelChildEntity | undefined,
	relAlloc: NameAllocator,
): PlanTable {
	const parent = ctx.table;
	const name = relAlloc.allocate(fitIdentifier(`${parent.name}__${modelName(property, 'field')}`));
	const alloc = new NameAllocator();
	const parentCols = parentKeyColumns(parent, alloc);
	const idx = alloc.allocate('_idx', { column: true });
	const columns: PlanColumn[] = [
		...parentCols,
		{ name: idx, type: 'integer', notNull: true, source: { kind: 'ordinal' }, system: true, description: 'Position in the array (0-based).' },
	];
	const modelCols = new Map((modelChild?.columns ?? []).map((c) => [c.name, c]));
	const order = [...Object.keys(itemProps)];
	for (const c of modelChild?.columns ?? []) if (!(c.name in itemProps)) order.push(c.name);
	if (order.length > MAX_SOURCE_COLUMNS) {
		throw new SchemaPlanError(
			`Nested array "${ctx.stream.name}.${property}" has ${order.length} fields; a Postgres table holds at most 1,600`,
			`Deselect "${property}" in the Airbyte connection, then plan again.`,
		);
	}
	for (const p of order) {
		const s = itemProps[p];
		const mc = modelCols.get(p);
		const kind = jsonKind(s);
		const modelType = mc ? parsePgType(mc.pgType)?.canonical : undefined;
		columns.push({
			name: alloc.allocate(modelName(p, 'column'), { column: true }),
			type: modelType ?? (kind === 'array' || kind === 'object' || !s ? 'jsonb' : parsePgType(modelTypeFromAirbyte(s))!.canonical),
			notNull: false,
			source: { kind: 'element', property: p, path: s || !p.includes('.') ? [p] : p.split('.'), semanticType: mc?.semanticType },
			description: describe(mc?.description ?? s?.description),
			pii: mc?.pii || undefined,
		});
	}
	addAuditColumns(columns, alloc);
	const constraints = new NameAllocator();
	const pkName = relAlloc.allocate(`${name}_pkey`);
	constraints.reserve(pkName);
	return {
		name,
		kind: 'child',
		stream: ctx.stream.name,
		rawTable: parent.rawTable,
		parent: { table: parent.name, property, rawColumn: ctx.rawNames.get(property)! },
		description: `Elements of "${property}" in "${parent.name}", one row per array element.`,
		columns,
		primaryKey: { name: pkName, columns: [...parentCols.map((c) => c.name), idx] },
		keyKind: 'nested',
		foreignKeys: [
			{
				name: constraints.allocate(`${name}_parent_fkey`),
				columns: parentCols.map((c) => c.name),
				refTable: parent.name,
				refColumns: [...parent.primaryKey.columns],
				onDelete: 'cascade',
				score: 1,
				reason: 'Nested array: every element belongs to its parent row.',
			},
		],
		indexes: [],
		checks: [],
	};
}

function junctionTable(
	ctx: StreamContext,
	property: string,
	target: PlanTable,
	fk: { score: number; explanation?: string },
	relAlloc: NameAllocator,
): PlanTable {
	const parent = ctx.table;
	const name = relAlloc.allocate(fitIdentifier(`${parent.name}__${modelName(property, 'field')}`));
	const alloc = new NameAllocator();
	const parentCols = parentKeyColumns(parent, alloc);
	const targetKey = target.columns.find((c) => c.name === target.primaryKey.columns[0])!;
	const refCol = alloc.allocate(targetKey.name, { column: true });
	const columns: PlanColumn[] = [
		...parentCols,
		{ name: refCol, type: targetKey.type, notNull: true, source: { kind: 'element_value' }, description: `Referenced "${target.name}" row.` },
	];
	addAuditColumns(columns, alloc);
	const constraints = new NameAllocator();
	const pkName = relAlloc.allocate(`${name}_pkey`);
	constraints.reserve(pkName);
	return {
		name,
		kind: 'junction',
		stream: ctx.stream.name,
		rawTable: parent.rawTable,
		parent: { table: parent.name, property, rawColumn: ctx.rawNames.get(property)! },
		description: `Links "${parent.name}" to "${target.name}" (many-to-many, from the id array "${property}").`,
		columns,
		primaryKey: { name: pkName, columns: [...parentCols.map((c) => c.name), refCol] },
		keyKind: 'nested',
		foreignKeys: [
			{
				name: constraints.allocate(`${name}_parent_fkey`),
				columns: parentCols.map((c) => c.name),
				refTable: parent.name,
				refColumns: [...parent.primaryKey.columns],
				onDelete: 'cascade',
				score: 1,
				reason: 'Junction row belongs to its parent row.',
			},
			{
				name: constraints.allocate(`${name}_${refCol}_fkey`),
				columns: [refCol],
				refTable: target.name,
				refColumns: [targetKey.name],
				onDelete: 'no action',
				score: fk.score,
				reason: describe(`Verified in the data (score ${fk.score}).`, fk.explanation) ?? '',
			},
		],
		indexes: [{ name: `${name}_${refCol}_idx`.slice(0, 200), columns: [refCol], reason: 'Foreign key lookups.' }],
		checks: [],
	};
}

function addIndex(table: PlanTable, columns: string[], reason: string): void {
	const pk = table.primaryKey.columns;
	if (columns.every((c, i) => pk[i] === c)) return; // the key's index covers it
	if (table.indexes.some((ix) => columns.every((c, i) => ix.columns[i] === c))) return;
	table.indexes.push({ name: fitIdentifier(`${table.name}_${columns.join('_')}_idx`), columns, reason });
}

function planForeignKeyIndexes(table: PlanTable): void {
	for (const fk of table.foreignKeys) addIndex(table, fk.columns, `Foreign key to "${fk.refTable}".`);
}

function planStreamIndexes(ctx: StreamContext, cursorOverride?: string[]): void {
	const cursor = cursorOverride ?? ctx.stream.cursorField ?? ctx.airbyte?.default_cursor_field;
	const cursorCol = cursor && cursor.length === 1 ? ctx.columnOf.get(cursor[0]) : undefined;
	if (cursorCol) addIndex(ctx.table, [cursorCol], 'Incremental cursor.');
	const timeCols = ctx.table.columns.filter(
		(c) => !c.system && ['timestamptz', 'timestamp', 'date'].includes(typeFamily(c.type)) && TIME_NAME.test(c.name) && c.name !== cursorCol,
	);
	for (const c of timeCols.slice(0, 2)) addIndex(ctx.table, [c.name], 'Time column (range filters, time series).');
}

function planViews(kpis: SchemaKpi[], byStream: Map<string, StreamContext>, relAlloc: NameAllocator, warnings: string[]): PlanView[] {
	const views: PlanView[] = [];
	const numeric = (t: PlanTable, c: string) => ['int', 'decimal', 'float'].includes(typeFamily(t.columns.find((x) => x.name === c)!.type));
	for (const kpi of kpis) {
		const ctx = byStream.get(kpi.stream);
		const skip = (why: string) => warnings.push(`KPI "${kpi.name}": ${why}; no view.`);
		if (!ctx) {
			skip(`stream "${kpi.stream}" is not planned`);
			continue;
		}
		const col = (p: string | undefined) => (p === undefined ? undefined : ctx.columnOf.get(p));
		const column = col(kpi.column);
		const product = kpi.productColumns?.map(col);
		if (product && (product.length !== 2 || product.some((p) => !p || !numeric(ctx.table, p)))) {
			skip('the product columns are not numeric columns of the stream');
			continue;
		}
		if (kpi.aggregation !== 'count' && !column && !product) {
			skip(`column "${kpi.column ?? ''}" is not in "${kpi.stream}"`);
			continue;
		}
		if (column && (kpi.aggregation === 'sum' || kpi.aggregation === 'avg') && !numeric(ctx.table, column)) {
			skip(`"${kpi.column}" is not numeric`);
			continue;
		}
		let timeJoin: PlanView['timeJoin'];
		let timeColumn: string | undefined;
		if (kpi.timeJoin && kpi.timeColumn) {
			const parent = byStream.get(kpi.timeJoin.stream);
			const from = kpi.timeJoin.fromColumns.map(col);
			const to = kpi.timeJoin.toColumns.map((c) => parent?.columnOf.get(c));
			timeColumn = parent?.columnOf.get(kpi.timeColumn);
			if (!parent || !timeColumn || from.some((c) => !c) || to.some((c) => !c) || from.length !== to.length) {
				skip(`the time join to "${kpi.timeJoin.stream}" names columns that are not planned`);
				continue;
			}
			timeJoin = { table: parent.table.name, fromColumns: from as string[], toColumns: to as string[] };
		} else if (kpi.timeColumn) {
			timeColumn = col(kpi.timeColumn);
			if (!timeColumn) {
				skip(`time column "${kpi.timeColumn}" is not in "${kpi.stream}"`);
				continue;
			}
		}
		const groupBy = (kpi.groupBy ?? []).map(col);
		const filters = (kpi.filters ?? []).map((f) => ({ ...f, column: col(f.column) }));
		if (groupBy.some((g) => !g) || filters.some((f) => !f.column)) {
			skip('a group-by or filter column is not planned');
			continue;
		}
		if (timeColumn && timeJoin) {
			const parent = byStream.get(kpi.timeJoin!.stream)!;
			addIndex(parent.table, [timeColumn], `KPI "${kpi.name}" time axis.`);
		} else if (timeColumn) addIndex(ctx.table, [timeColumn], `KPI "${kpi.name}" time axis.`);
		for (const f of filters) addIndex(ctx.table, [f.column!], `KPI "${kpi.name}" filter.`);
		views.push({
			name: relAlloc.allocate(fitIdentifier(`kpi_${modelName(kpi.name, 'kpi')}`)),
			kpi: kpi.name,
			description: kpi.description,
			table: ctx.table.name,
			aggregation: kpi.aggregation,
			column: product ? undefined : column,
			product: product as [string, string] | undefined,
			timeColumn,
			timeJoin,
			grain: timeColumn ? (kpi.grain ?? 'month') : undefined,
			unit: kpi.unit,
			groupBy: groupBy as string[],
			filters: filters as PlanView['filters'],
		});
	}
	return views;
}

export type { PlanForeignKey, PlanIndex };
