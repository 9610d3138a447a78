// The tenant's production connection: Airbyte writes into the tenant's raw schema (custom namespace), each
// stream with the sync mode the analysis recommends, on its Quartz schedule (UTC, at least hourly) or manual.
import type { AirbyteCatalog, AirbyteStream } from '../airbyte/protocol';
import type { ConnectionCreateRequest, ConnectionSyncMode, StreamConfiguration } from '../airbyte/types';
import type { SyncRecommendation } from '../analysis/business/types';
import type { SchemaPlan } from './plan';

export interface ProductionConnectionInput {
	sourceId: string;
	destinationId: string;
	plan: SchemaPlan;
	/** The analysis' sync recommendation (per-stream modes, schedule). */
	sync?: Partial<SyncRecommendation>;
	/** Catalog of the source (supported modes, source-defined cursors and keys) for streams without a recommendation. */
	catalog?: AirbyteCatalog;
	name?: string;
	/** Overrides the recommended schedule. */
	schedule?: { type: 'manual' } | { type: 'cron'; cronExpression: string };
}

export interface ProductionConnectionPlan {
	request: ConnectionCreateRequest;
	warnings: string[];
}

/** Quartz cron that fires at most once an hour: fixed seconds and minutes fields. */
export function isHourlyOrSlowerQuartz(expression: string): boolean {
	const fields = expression.trim().split(/\s+/);
	if (fields.length < 6 || fields.length > 7) return false;
	return /^\d{1,2}$/.test(fields[0]) && /^\d{1,2}$/.test(fields[1]);
}

function fallbackMode(stream: AirbyteStream | undefined): StreamConfiguration {
	const incremental = stream?.supported_sync_modes?.includes('incremental');
	const cursor = stream?.default_cursor_field;
	const key = stream?.source_defined_primary_key;
	const name = stream?.name ?? '';
	if (incremental && cursor?.length && key?.length) return { name, syncMode: 'incremental_deduped_history', cursorField: cursor, primaryKey: key };
	if (incremental && cursor?.length) return { name, syncMode: 'incremental_append', cursorField: cursor };
	return { name, syncMode: 'full_refresh_overwrite' };
}

export function productionConnectionRequest(input: ProductionConnectionInput): ProductionConnectionPlan {
	const warnings: string[] = [];
	const catalogStreams = new Map((input.catalog?.streams ?? []).map((s) => [s.name, s]));
	const recommended = new Map((input.sync?.streams ?? []).map((s) => [s.stream, s]));
	const streamNames = [...new Set(input.plan.tables.filter((t) => t.kind === 'stream').map((t) => t.stream))];
	const streams: StreamConfiguration[] = streamNames.map((name) => {
		const rec = recommended.get(name);
		if (rec) {
			const mode = rec.syncMode as ConnectionSyncMode;
			const config: StreamConfiguration = { name, syncMode: mode };
			if (mode.startsWith('incremental') && rec.cursorField?.length) config.cursorField = rec.cursorField;
			if (mode === 'incremental_deduped_history' && rec.primaryKey?.length) config.primaryKey = rec.primaryKey;
			return config;
		}
		const config = fallbackMode(catalogStreams.get(name));
		return { ...config, name };
	});
	let schedule: ConnectionCreateRequest['schedule'] = { scheduleType: 'manual' };
	const wanted = input.schedule ?? (input.sync?.scheduleType === 'cron' && input.sync.cronExpression ? { type: 'cron' as const, cronExpression: input.sync.cronExpression } : { type: 'manual' as const });
	if (wanted.type === 'cron') {
		if (isHourlyOrSlowerQuartz(wanted.cronExpression)) schedule = { scheduleType: 'cron', cronExpression: wanted.cronExpression };
		else warnings.push(`Schedule "${wanted.cronExpression}" is not a Quartz cron at least one hour apart; the connection syncs manually.`);
	}
	return {
		request: {
			name: input.name ?? `${input.plan.schema} production`,
			sourceId: input.sourceId,
			destinationId: input.destinationId,
			namespaceDefinition: 'custom_format',
			namespaceFormat: input.plan.rawSchema,
			prefix: '',
			nonBreakingSchemaUpdatesBehavior: 'propagate_columns',
			configurations: { streams },
			schedule,
			status: 'active',
		},
		warnings,
	};
}
