// Transforms: idempotent upserts from the tables destination-postgres 3.x writes (one column per top-level
// property plus `_airbyte_*` columns, nested data as jsonb) into the modelled tables. Safe after every sync.
import type { PlanColumn, PlanTable, SchemaPlan } from '../plan';
import { castExpression } from './cast';
import { qualified, quoteIdent, quoteLiteral, doBlock } from './quote';
import { tenantLockKey } from './tenant';

export const TRANSFORM_NOTICE_PREFIX = 'airbyte-onboarding rows:';

const RAW_ID = '"_airbyte_raw_id"';
const EXTRACTED = '"_airbyte_extracted_at"';

/** Value of a stream-table column computed from Airbyte's row aliased `r`. */
function streamColumnExpr(c: PlanColumn): string | undefined {
	const src = c.source;
	switch (src.kind) {
		case 'property':
			return castExpression(`r.${quoteIdent(src.rawColumn)}`, src.rawType, c.type, src.semanticType);
		case 'raw_id':
			return `(r.${RAW_ID})::text`;
		case 'missing':
			return `NULL::${c.type}`;
		default:
			return undefined;
	}
}

function tableByName(plan: SchemaPlan, name: string): PlanTable {
	const t = plan.tables.find((x) => x.name === name);
	if (!t) throw new Error(`Plan has no table ${name}`);
	return t;
}

interface Select {
	/** `expression AS vN` list of the CTE */
	cte: string[];
	/** target column -> CTE alias */
	alias: Map<string, string>;
}

/** Update only when something changed, so a re-run touches no row. */
function upsertTail(t: PlanTable, written: string[]): string {
	const key = new Set(t.primaryKey.columns);
	const updatable = written.filter((c) => !key.has(c));
	const updatedAt = t.columns.find((c) => c.source.kind === 'updated_at');
	if (updatable.length === 0) return `ON CONFLICT (${t.primaryKey.columns.map(quoteIdent).join(', ')}) DO NOTHING`;
	const sets = updatable.map((c) => `${quoteIdent(c)} = EXCLUDED.${quoteIdent(c)}`);
	if (updatedAt) sets.push(`${quoteIdent(updatedAt.name)} = pg_catalog.now()`);
	const lhs = updatable.map((c) => `t.${quoteIdent(c)}`).join(', ');
	const rhs = updatable.map((c) => `EXCLUDED.${quoteIdent(c)}`).join(', ');
	return (
		`ON CONFLICT (${t.primaryKey.columns.map(quoteIdent).join(', ')}) DO UPDATE SET ${sets.join(', ')}\n` +
		`    WHERE ROW(${lhs}, NULL) IS DISTINCT FROM ROW(${rhs}, NULL)`
	);
}

function streamSelect(t: PlanTable): Select {
	const cte: string[] = [];
	const alias = new Map<string, string>();
	t.columns.forEach((c, i) => {
		const e = c.source.kind === 'synced_at' ? `r.${EXTRACTED}` : streamColumnExpr(c);
		if (e === undefined) return;
		cte.push(`${e} AS v${i}`);
		alias.set(c.name, `v${i}`);
	});
	return { cte, alias };
}

/** `src` + `latest` CTEs: one row per key, the most recently extracted version. */
function latestCtes(plan: SchemaPlan, t: PlanTable, extra: string[] = []): { sql: string; sel: Select; keyAliases: string[] } {
	const sel = streamSelect(t);
	const keyAliases = t.primaryKey.columns.map((k) => sel.alias.get(k)!);
	const raw = qualified(plan.rawSchema, t.rawTable);
	const sql =
		`WITH src AS (\n    SELECT ${[...sel.cte, ...extra, `r.${EXTRACTED} AS x_extracted_at`, `r.${RAW_ID} AS x_raw_id`].join(',\n      ')}\n    FROM ${raw} r\n  ),\n` +
		`  latest AS (\n    SELECT DISTINCT ON (${keyAliases.join(', ')}) * FROM src\n    WHERE ${keyAliases.map((a) => `${a} IS NOT NULL`).join(' AND ')}\n` +
		`    ORDER BY ${keyAliases.join(', ')}, x_extracted_at DESC, x_raw_id DESC\n  )`;
	return { sql, sel, keyAliases };
}

function streamTableSql(plan: SchemaPlan, t: PlanTable): string {
	const { sql: ctes, sel } = latestCtes(plan, t);
	const written = t.columns.filter((c) => sel.alias.has(c.name)).map((c) => c.name);
	const target = qualified(plan.schema, t.name);
	const statements: string[] = [];
	if (t.keyKind === 'raw_id') {
		const rawId = t.primaryKey.columns[0];
		statements.push(
			`DELETE FROM ${target} t WHERE NOT EXISTS (SELECT 1 FROM ${qualified(plan.rawSchema, t.rawTable)} r WHERE (r.${RAW_ID})::text = t.${quoteIdent(rawId)})`,
		);
	}
	statements.push(
		`${ctes}\n  INSERT INTO ${target} AS t (${written.map(quoteIdent).join(', ')})\n  SELECT ${written.map((c) => sel.alias.get(c)).join(', ')} FROM latest\n  ${upsertTail(t, written)}`,
	);
	return statements.map((s) => `  ${s};\n  GET DIAGNOSTICS ab_rows = ROW_COUNT;\n  ab_total := ab_total + ab_rows;`).join('\n');
}

function nestedTableSql(plan: SchemaPlan, t: PlanTable): string {
	const parent = tableByName(plan, t.parent!.table);
	const { sql: ctes, sel } = latestCtes(plan, parent, [`r.${quoteIdent(t.parent!.rawColumn)} AS x_array`]);
	const parentCols = t.columns.filter((c) => c.source.kind === 'parent');
	const pAlias = (c: PlanColumn) => sel.alias.get((c.source as { column: string }).column)!;
	const arr = `CASE WHEN pg_catalog.jsonb_typeof(l.x_array) = 'array' THEN l.x_array ELSE '[]'::jsonb END`;
	const target = qualified(plan.schema, t.name);
	const cols: string[] = [];
	const exprs: string[] = [];
	let elems: string;
	let stale: string;
	const parentMatch = parentCols.map((c) => `c.${quoteIdent(c.name)} = l.${pAlias(c)}`).join(' AND ');
	if (t.kind === 'child') {
		elems = `elems AS (\n    SELECT l.*, (e.ord - 1)::integer AS x_idx, e.value AS x_value FROM latest l\n    CROSS JOIN LATERAL pg_catalog.jsonb_array_elements(${arr}) WITH ORDINALITY AS e(value, ord)\n  )`;
		for (const c of t.columns) {
			const s = c.source;
			let e: string | undefined;
			if (s.kind === 'parent') e = pAlias(c);
			else if (s.kind === 'ordinal') e = 'x_idx';
			else if (s.kind === 'element')
				e = castExpression(`(x_value #> ARRAY[${s.path.map(quoteLiteral).join(', ')}]::text[])`, 'jsonb', c.type, s.semanticType);
			else if (s.kind === 'synced_at') e = 'x_extracted_at';
			if (e === undefined) continue;
			cols.push(c.name);
			exprs.push(e);
		}
		const idx = t.columns.find((c) => c.source.kind === 'ordinal')!;
		stale = `DELETE FROM ${target} c USING latest l WHERE ${parentMatch} AND c.${quoteIdent(idx.name)} >= pg_catalog.jsonb_array_length(${arr})`;
	} else {
		const ref = t.columns.find((c) => c.source.kind === 'element_value')!;
		const value = castExpression('e.value', 'text', ref.type);
		elems = `elems AS (\n    SELECT DISTINCT l.*, ${value} AS x_ref FROM latest l\n    CROSS JOIN LATERAL pg_catalog.jsonb_array_elements_text(${arr}) AS e(value)\n  )`;
		for (const c of t.columns) {
			const s = c.source;
			const e = s.kind === 'parent' ? pAlias(c) : s.kind === 'element_value' ? 'x_ref' : s.kind === 'synced_at' ? 'x_extracted_at' : undefined;
			if (e === undefined) continue;
			cols.push(c.name);
			exprs.push(e);
		}
		stale =
			`DELETE FROM ${target} c USING latest l WHERE ${parentMatch} AND NOT EXISTS (SELECT 1 FROM elems x WHERE ` +
			`${parentCols.map((p) => `x.${pAlias(p)} = l.${pAlias(p)}`).join(' AND ')} AND x.x_ref = c.${quoteIdent(ref.name)})`;
	}
	const where = t.kind === 'junction' ? ' WHERE x_ref IS NOT NULL' : '';
	return [
		`  ${ctes},\n  ${elems}\n  INSERT INTO ${target} AS t (${cols.map(quoteIdent).join(', ')})\n  SELECT ${exprs.join(', ')} FROM elems${where}\n  ${upsertTail(t, cols)};`,
		'  GET DIAGNOSTICS ab_rows = ROW_COUNT;\n  ab_total := ab_total + ab_rows;',
		`  ${ctes},\n  ${elems}\n  ${stale};`,
		'  GET DIAGNOSTICS ab_rows = ROW_COUNT;\n  ab_total := ab_total + ab_rows;',
	].join('\n');
}

export interface TransformOptions {
	/** Only these modelled tables (and what they need); default all. */
	tables?: string[];
}

export interface TransformScript {
	sql: string;
	tables: string[];
}

/** Parents before children, referenced tables before referencing ones (constraints are deferred anyway). */
export function loadOrder(plan: SchemaPlan): PlanTable[] {
	const byName = new Map(plan.tables.map((t) => [t.name, t]));
	const done = new Set<string>();
	const out: PlanTable[] = [];
	const visit = (t: PlanTable, stack: Set<string>) => {
		if (done.has(t.name) || stack.has(t.name)) return;
		stack.add(t.name);
		for (const fk of t.foreignKeys) {
			const ref = byName.get(fk.refTable);
			if (ref && ref !== t) visit(ref, stack);
		}
		stack.delete(t.name);
		done.add(t.name);
		out.push(t);
	};
	for (const t of plan.tables) visit(t, new Set());
	return out;
}

export function renderTransform(plan: SchemaPlan, options: TransformOptions = {}): TransformScript {
	const wanted = options.tables ? new Set(options.tables) : undefined;
	const tables = loadOrder(plan).filter((t) => !wanted || wanted.has(t.name));
	const body: string[] = [
		'#variable_conflict use_column',
		'DECLARE',
		'  ab_rows bigint;',
		'  ab_total bigint;',
		'BEGIN',
		`  PERFORM pg_catalog.pg_advisory_xact_lock(${tenantLockKey(plan.schema)});`,
		'  SET CONSTRAINTS ALL DEFERRED;',
	];
	for (const t of tables) {
		const raw = qualified(plan.rawSchema, t.rawTable);
		body.push(
			`  -- ${t.name.replace(/[\r\n]/g, ' ')}`,
			`  IF pg_catalog.to_regclass(${quoteLiteral(raw)}) IS NOT NULL AND pg_catalog.to_regclass(${quoteLiteral(qualified(plan.schema, t.name))}) IS NOT NULL THEN`,
			'  ab_total := 0;',
			t.kind === 'stream' ? streamTableSql(plan, t) : nestedTableSql(plan, t),
			`  RAISE NOTICE '% % %', ${quoteLiteral(TRANSFORM_NOTICE_PREFIX)}, ${quoteLiteral(t.name)}, ab_total;`,
			'  END IF;',
		);
	}
	body.push('END');
	const counts = tables.map(
		(t) => `SELECT ${quoteLiteral(t.name)}::text AS table_name, (SELECT pg_catalog.count(*) FROM ${qualified(plan.schema, t.name)}) AS row_count`,
	);
	const sql = [
		`-- Transforms from Airbyte's tables in ${plan.rawSchema} into ${plan.schema}: upserts, safe to run after every sync.`,
		"-- Generated by n8n-nodes-airbyte-onboarding's Schema Designer. Run it with n8n's Postgres node (Execute Query).",
		'BEGIN;',
		doBlock(body.join('\n')),
		'COMMIT;',
		`${counts.join('\nUNION ALL\n')};`,
		'',
	].join('\n');
	return { sql, tables: tables.map((t) => t.name) };
}
