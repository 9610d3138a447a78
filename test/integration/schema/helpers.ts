// Helpers for the schema integration tests: run our scripts on real Postgres, capturing the notices our
// scripts raise per executed step, and build the Stripe inputs from the shared connector catalog.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, type ClientBase } from 'pg';
import type { AirbyteCatalog, AirbyteStream, JsonSchema } from '../../../lib/airbyte/protocol';
import type { DataModel, ModelColumn } from '../../../lib/analysis/model';
import { airbyteColumnType } from '../../../lib/schema/airbyte-types';
import { serverUrl } from '../../support/database';
import { sharedDir } from '../../unit/schema/ground-truth';

export async function runScript(client: ClientBase, sql: string): Promise<{ notices: string[]; rows: any[] }> {
	const notices: string[] = [];
	const onNotice = (n: { message?: string }) => notices.push(n.message ?? '');
	client.on('notice', onNotice);
	try {
		const res = (await client.query(sql)) as any;
		const results = Array.isArray(res) ? res : [res];
		return { notices, rows: results[results.length - 1]?.rows ?? [] };
	} finally {
		client.removeListener('notice', onNotice);
	}
}

/** Roles are cluster-wide: drop the ones a test created (after its database is gone). */
export async function dropRoles(roles: string[]): Promise<void> {
	const admin = new Client({ connectionString: serverUrl() });
	await admin.connect();
	try {
		for (const r of roles) await admin.query(`DROP ROLE IF EXISTS "${r.replace(/"/g, '""')}"`);
	} finally {
		await admin.end();
	}
}

const STRIPE = () => join(sharedDir(), 'airbyte-catalogs/source-stripe');

export function stripeCatalog(): AirbyteCatalog {
	const configured = JSON.parse(readFileSync(join(STRIPE(), 'configured_catalog.json'), 'utf8'));
	const files = new Set(readdirSync(join(STRIPE(), 'schemas')));
	const streams: AirbyteStream[] = [];
	for (const c of configured.streams) {
		const file = `${c.stream.name}.json`;
		if (!files.has(file)) continue;
		streams.push({ ...c.stream, json_schema: JSON.parse(readFileSync(join(STRIPE(), 'schemas', file), 'utf8')) });
	}
	return { streams };
}

export function stripeRecords(): Map<string, Array<Record<string, unknown>>> {
	const out = new Map<string, Array<Record<string, unknown>>>();
	for (const line of readFileSync(join(STRIPE(), 'expected_records.jsonl'), 'utf8').split('\n')) {
		if (!line.trim()) continue;
		const r = JSON.parse(line);
		const list = out.get(r.stream) ?? [];
		list.push(r.data);
		out.set(r.stream, list);
	}
	return out;
}

const EPOCH_NAMES = /^(created|updated|available_on|arrival_date|canceled_at|current_period_end|current_period_start|start_date|ended_at|trial_end|trial_start|due_date|period_end|period_start|date|expires_at|redeem_by)$/;

/**
 * A DataModel for Stripe the way the profiler would see it, computed in the test from the catalog and the
 * records: types from the schema (epoch integers -> timestamptz), source keys, and FKs only where every
 * non-null value of `<x>` (or `<x>_id`) in the records is an id of stream `<x>s`.
 */
export function stripeModel(catalog: AirbyteCatalog, records: Map<string, Array<Record<string, unknown>>>): DataModel {
	const ids = new Map<string, Set<unknown>>();
	for (const s of catalog.streams) ids.set(s.name, new Set((records.get(s.name) ?? []).map((r) => r.id)));
	const model: DataModel = { streams: [], foreignKeys: [] };
	for (const s of catalog.streams) {
		const props = (s.json_schema.properties ?? {}) as Record<string, JsonSchema>;
		const columns: ModelColumn[] = Object.entries(props).map(([name, schema]) => {
			const t = airbyteColumnType(schema);
			const epoch = t === 'bigint' && EPOCH_NAMES.test(name);
			return {
				name,
				pgType: epoch ? 'timestamptz' : t === 'character varying' ? 'text' : t,
				nullable: true,
				semanticType: epoch ? 'epoch_seconds' : t,
			};
		});
		model.streams.push({
			name: s.name,
			primaryKey: (s.source_defined_primary_key ?? []).map((p) => p[0]),
			primaryKeySource: 'source_defined',
			cursorField: s.default_cursor_field,
			columns,
			sampledRows: records.get(s.name)?.length ?? 0,
		});
		for (const [name, schema] of Object.entries(props)) {
			if (airbyteColumnType(schema) !== 'character varying') continue;
			const base = name.replace(/_id$/, '');
			const target = [`${base}s`, `${base}es`].find((t) => ids.has(t) && t !== s.name);
			if (!target) continue;
			const values = (records.get(s.name) ?? []).map((r) => r[name]).filter((v) => v !== null && v !== undefined);
			if (values.length === 0 || !values.every((v) => ids.get(target)!.has(v))) continue;
			model.foreignKeys.push({ fromStream: s.name, fromColumns: [name], toStream: target, toColumns: ['id'], score: 0.95 });
		}
	}
	return model;
}
