// The eval's load path (--database-url): load a dataset into Postgres the way Airbyte's destination-postgres 3.x
// would (the emulator's writer), then apply the Schema Designer's provisioning, migration and transforms, planned
// from the eval's own inferred model (never ground_truth.json). Errors are collected, not thrown.

import { randomBytes } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { Client } from 'pg';
import { analyzeBusiness } from '../lib/analysis/business/analyze';
import { buildSchemaPlan, extrasFromAnalysis, quoteIdent, renderPlanMigration, renderProvision, renderTransform, type SchemaPlan } from '../lib/schema';
import { loadStreamsLikeAirbyte } from '../test/airbyte-emulator';
import type { EvalRun } from './eval-run';

export interface LoadOptions {
	databaseUrl: string;
	/** Tenant id for the schema names; default `<dataset>_<random>` (unique per run). */
	tenantId?: string;
	/** Drop the tenant's modelled and raw schemas first (for a fixed --tenant re-run). */
	dropFirst?: boolean;
}

export interface LoadReport {
	schema?: string;
	rawSchema?: string;
	roles?: string[];
	tables: Array<{ stream: string; table: string; sourceRows: number; loadedRows: number | null }>;
	foreignKeysPlanned: number;
	foreignKeysEnforced: number;
	errors: string[];
}

/** A tenant id from the dataset folder's name: lower-case, word characters only. */
export function tenantIdFor(datasetDir: string, unique: boolean): string {
	const base = basename(resolve(datasetDir)).toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'dataset';
	return unique ? `eval_${base}_${randomBytes(3).toString('hex')}` : `eval_${base}`;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function loadIntoDatabase(run: EvalRun, datasetDir: string, options: LoadOptions): Promise<LoadReport> {
	const report: LoadReport = { tables: [], foreignKeysPlanned: 0, foreignKeysEnforced: 0, errors: [] };
	let plan: SchemaPlan;
	try {
		const analysis = analyzeBusiness({ profile: run.profile, model: run.model, samples: run.samples });
		plan = buildSchemaPlan({
			model: run.model,
			catalog: { streams: run.samples.map((s) => s.stream) },
			extras: extrasFromAnalysis(analysis),
			options: { tenantId: options.tenantId ?? tenantIdFor(datasetDir, true) },
		});
	} catch (e) {
		report.errors.push(`plan: ${message(e)}`);
		return report;
	}
	report.schema = plan.schema;
	report.rawSchema = plan.rawSchema;
	report.foreignKeysPlanned = plan.tables.reduce((n, t) => n + t.foreignKeys.length, 0);

	const client = new Client({ connectionString: options.databaseUrl });
	// A server-side error on an idle client must not crash the tool.
	client.on('error', (e) => report.errors.push(`connection: ${message(e)}`));
	try {
		await client.connect();
	} catch (e) {
		report.errors.push(`connect: ${message(e)}`);
		return report;
	}
	const step = async (name: string, fn: () => Promise<unknown>): Promise<boolean> => {
		try {
			await fn();
			return true;
		} catch (e) {
			report.errors.push(`${name}: ${message(e)}`);
			await client.query('ROLLBACK').catch(() => undefined);
			return false;
		}
	};
	try {
		if (options.dropFirst) {
			await step('drop', () => client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(plan.schema)} CASCADE; DROP SCHEMA IF EXISTS ${quoteIdent(plan.rawSchema)} CASCADE`));
		}
		const provision = renderProvision({ schema: plan.schema, rawSchema: plan.rawSchema });
		report.roles = [provision.ownerRole, provision.readWriteRole];
		const ok =
			(await step('provision', () => client.query(provision.sql))) &&
			(await step('load', () =>
				loadStreamsLikeAirbyte(client, {
					namespace: plan.rawSchema,
					streams: run.samples.map((s) => ({ stream: s.stream, records: s.records })),
				}),
			)) &&
			(await step('migration', () => client.query(renderPlanMigration(plan).sql))) &&
			(await step('transform', () => client.query(renderTransform(plan).sql)));
		for (const t of plan.tables) {
			if (t.kind !== 'stream') continue;
			const sourceRows = run.samples.find((s) => s.stream.name === t.stream)?.records.length ?? 0;
			let loadedRows: number | null = null;
			if (ok) {
				await step(`count ${t.name}`, async () => {
					const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${quoteIdent(plan.schema)}.${quoteIdent(t.name)}`);
					loadedRows = rows[0].n as number;
				});
			}
			report.tables.push({ stream: t.stream, table: t.name, sourceRows, loadedRows });
		}
		await step('foreign keys', async () => {
			const { rows } = await client.query(
				`SELECT count(*)::int AS n FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_namespace n ON n.oid = k.connamespace
				 WHERE n.nspname = $1 AND k.contype = 'f' AND k.convalidated`,
				[plan.schema],
			);
			report.foreignKeysEnforced = rows[0].n as number;
		});
	} finally {
		await client.end().catch(() => undefined);
	}
	return report;
}
