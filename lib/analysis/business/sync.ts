// Sync recommendation: per stream mode (incremental where a cursor exists, dedup where a key exists) and
// one Quartz cron schedule (UTC, at least an hour apart) from how fast and how recently the data changes.

import type { AirbyteStream } from '../../airbyte/protocol';
import type { DatasetProfile, StreamProfile } from '../../profile/types';
import type { DataModel } from '../model';
import { eventTimeColumn, updateTimeColumn } from './columns';
import { newestTimestamp } from './quality';
import type { ConnectionSyncMode, StreamSyncRecommendation, SyncRecommendation } from './types';

/** Schedules, most frequent first: the first whose `minPerDay` the busiest stream reaches is used. */
export const SCHEDULES: Array<{ cron: string; label: string; minPerDay: number }> = [
	{ cron: '0 0 * * * ?', label: 'every hour', minPerDay: 2400 },
	{ cron: '0 0 0/6 * * ?', label: 'every 6 hours', minPerDay: 100 },
	{ cron: '0 0 2 * * ?', label: 'daily at 02:00 UTC', minPerDay: 0 },
];
/** Rows (and at least a day of history) needed before a sample's rate says anything. */
export const MIN_ROWS_FOR_VELOCITY = 20;
/** With no new rows for this long, the data looks historical: sync on demand. */
export const MANUAL_AFTER_DAYS = 90;

export interface SyncOptions {
	now?: Date;
	/** Catalog entries by stream name, for `source_defined_cursor`. */
	catalog?: Map<string, AirbyteStream>;
}

function streamSync(stream: StreamProfile, model: DataModel, catalogStream: AirbyteStream | undefined): StreamSyncRecommendation {
	const modelStream = model.streams.find((candidate) => candidate.name === stream.name);
	const primaryKey = (modelStream?.primaryKey ?? []).map((column) => [column]);
	const incremental = stream.supportedSyncModes.includes('incremental');
	let cursorField: string[] = [];
	let cursorSourceDefined = false;
	let cursorWhy = '';
	if (incremental && stream.defaultCursorField && stream.defaultCursorField.length > 0) {
		cursorField = stream.defaultCursorField;
		cursorSourceDefined = catalogStream?.source_defined_cursor ?? true;
		cursorWhy = `the source's cursor ${cursorField.join('.')}`;
	} else if (incremental) {
		const candidate = [updateTimeColumn(stream), eventTimeColumn(stream)].find((field) => field && field.nullRate === 0);
		if (candidate) {
			cursorField = [candidate.column];
			cursorWhy = `cursor ${candidate.column} (always filled, time-valued)`;
		}
	}
	let syncMode: ConnectionSyncMode;
	let reason: string;
	if (cursorField.length > 0 && primaryKey.length > 0) {
		syncMode = 'incremental_deduped_history';
		reason = `Incremental on ${cursorWhy}, deduplicated on ${modelStream?.primaryKey.join(' + ')}.`;
	} else if (cursorField.length > 0) {
		syncMode = 'incremental_append';
		reason = `Incremental on ${cursorWhy}; no key to deduplicate on, so rows are appended.`;
	} else {
		syncMode = 'full_refresh_overwrite';
		reason = incremental ? 'The source supports incremental syncs but no reliable cursor column was found; full refresh.' : 'The source only supports full refresh for this stream.';
	}
	return { stream: stream.name, syncMode, cursorField, primaryKey, cursorSourceDefined, reason };
}

/** Rows per day the stream gains, from its event-time span, scaled to the source's total when known. */
function rowsPerDay(stream: StreamProfile): number | undefined {
	const time = eventTimeColumn(stream);
	if (!time?.temporal || time.nonNull < MIN_ROWS_FOR_VELOCITY) return undefined;
	const spanDays = (Date.parse(time.temporal.max) - Date.parse(time.temporal.min)) / 86_400_000;
	if (!(spanDays >= 1)) return undefined;
	const total = Math.max(stream.totalRecords ?? 0, stream.recordCount);
	return (time.nonNull / spanDays) * (total / Math.max(1, stream.recordCount));
}

export function recommendSync(profile: DatasetProfile, model: DataModel, options: SyncOptions = {}): SyncRecommendation {
	const streams = profile.streams.map((stream) => streamSync(stream, model, options.catalog?.get(stream.name)));
	const now = (options.now ?? new Date()).getTime();
	const newest = profile.streams
		.map((stream) => newestTimestamp(stream))
		.filter((entry): entry is { column: string; max: string } => entry !== undefined)
		.map((entry) => Date.parse(entry.max))
		.filter((time) => Number.isFinite(time) && time <= now + 86_400_000);
	const freshest = newest.length > 0 ? Math.max(...newest) : undefined;
	if (freshest !== undefined && (now - freshest) / 86_400_000 > MANUAL_AFTER_DAYS) {
		const ageDays = Math.floor((now - freshest) / 86_400_000);
		return {
			scheduleType: 'manual',
			cronExpression: null,
			timezone: 'UTC',
			reason: `The newest row in any stream is ${ageDays} days old: the data looks historical, so sync on demand.`,
			streams,
		};
	}
	const velocities = profile.streams.map(rowsPerDay).filter((value): value is number => value !== undefined);
	const busiest = velocities.length > 0 ? Math.max(...velocities) : 0;
	const schedule = SCHEDULES.find((candidate) => busiest >= candidate.minPerDay) ?? SCHEDULES[SCHEDULES.length - 1];
	const reason =
		velocities.length > 0
			? `The busiest stream gains about ${Math.round(busiest)} rows a day, so sync ${schedule.label}.`
			: `No time columns tell how fast the data changes; sync ${schedule.label}.`;
	return { scheduleType: 'cron', cronExpression: schedule.cron, timezone: 'UTC', reason, streams };
}
