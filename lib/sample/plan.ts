// The plan of one sample: which streams, in which sync mode, into which namespace and tables.
import type { AirbyteStream } from '../airbyte/protocol';
import type { Tag } from '../airbyte/types';
import { toPostgresCompatibleName } from '../airbyte/naming';
import { sampleConnectionName, sampleNamespace } from './naming';
import type { PlannedStream, SampleLimits, SamplePlan, SampleSyncMode, SkippedStream } from './types';

export class SampleInputError extends Error {
	constructor(
		message: string,
		readonly description?: string,
	) {
		super(message);
		this.name = 'SampleInputError';
	}
}

export interface PlanInput {
	runId: string;
	createdAt: Date;
	catalog: AirbyteStream[];
	/** Stream names the user picked; empty = every stream (capped by limits.maxStreams). */
	selected: string[];
	limits: SampleLimits;
	/** Sync modes the destination accepts per stream (public GET /streams with destinationId), when known. */
	allowedModes?: Map<string, string[]>;
}

export const LIMIT_BOUNDS: Record<keyof SampleLimits, { min: number; max: number }> = {
	sampleSize: { min: 1, max: 10_000 },
	maxStreams: { min: 1, max: 1_000 },
	maxRecordBytes: { min: 1_024, max: 20 * 1024 * 1024 },
	maxSampleBytes: { min: 64 * 1024, max: 256 * 1024 * 1024 },
};

export function validateLimits(limits: SampleLimits): void {
	for (const [key, { min, max }] of Object.entries(LIMIT_BOUNDS) as Array<[keyof SampleLimits, { min: number; max: number }]>) {
		const value = limits[key];
		if (!Number.isInteger(value) || value < min || value > max) {
			throw new SampleInputError(
				`${key} must be a whole number between ${min} and ${max} (got ${String(value)})`,
				'Sample bounds keep a sample small enough for an n8n execution; pick a value inside the range.',
			);
		}
	}
}

function chooseMode(stream: AirbyteStream, allowed: string[] | undefined): { mode: SampleSyncMode; cursorField?: string[] } | string {
	const supports = (mode: SampleSyncMode, protocolMode: 'full_refresh' | 'incremental') =>
		allowed ? allowed.includes(mode) : (stream.supported_sync_modes ?? []).includes(protocolMode);
	if (supports('full_refresh_append', 'full_refresh')) return { mode: 'full_refresh_append' };
	if (!supports('incremental_append', 'incremental')) {
		return 'supports neither full_refresh_append nor incremental_append with this destination';
	}
	if (stream.source_defined_cursor) return { mode: 'incremental_append' };
	if (stream.default_cursor_field && stream.default_cursor_field.length > 0) {
		return { mode: 'incremental_append', cursorField: stream.default_cursor_field };
	}
	return 'is incremental-only and has no default cursor field, so Airbyte cannot sync it without a chosen cursor';
}

/** Picks and configures the streams of one sample. Throws SampleInputError on input the user must fix. */
export function planSample(input: PlanInput): SamplePlan {
	validateLimits(input.limits);
	const namespace = sampleNamespace(input.runId);
	const warnings: string[] = [];
	const skipped: SkippedStream[] = [];
	if (input.catalog.length === 0) {
		throw new SampleInputError('The source has no streams', 'Check the source in Airbyte: discover returned an empty catalog.');
	}
	let candidates: AirbyteStream[];
	if (input.selected.length > 0) {
		const wanted = new Set(input.selected);
		const known = new Set(input.catalog.map((s) => s.name));
		const unknown = [...wanted].filter((name) => !known.has(name));
		if (unknown.length > 0) {
			throw new SampleInputError(
				`Unknown stream(s): ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''}`,
				'Pick streams from the source catalog (use Get Catalog to list them).',
			);
		}
		candidates = input.catalog.filter((s) => wanted.has(s.name));
		if (candidates.length > input.limits.maxStreams) {
			throw new SampleInputError(
				`${candidates.length} streams selected, more than Max Streams (${input.limits.maxStreams})`,
				'Select fewer streams or raise Max Streams.',
			);
		}
	} else {
		candidates = input.catalog;
		if (candidates.length > input.limits.maxStreams) {
			warnings.push(
				`The catalog has ${candidates.length} streams; sampling the first ${input.limits.maxStreams} (Max Streams). ` +
					'Select streams or raise Max Streams to sample others.',
			);
			for (const s of candidates.slice(input.limits.maxStreams)) skipped.push({ name: s.name, reason: 'over Max Streams' });
			candidates = candidates.slice(0, input.limits.maxStreams);
		}
	}

	const streams: PlannedStream[] = [];
	const tables = new Map<string, string>();
	for (const stream of candidates) {
		const choice = chooseMode(stream, input.allowedModes?.get(stream.name));
		if (typeof choice === 'string') {
			skipped.push({ name: stream.name, reason: `stream ${choice}` });
			warnings.push(`Stream "${stream.name}" is not sampled: it ${choice}.`);
			continue;
		}
		const table = toPostgresCompatibleName(stream.name);
		const clash = tables.get(table.toLowerCase());
		if (clash !== undefined || table === 'default_name_') {
			const reason = clash !== undefined ? `its table name "${table}" collides with stream "${clash}"` : 'its name has no usable characters';
			skipped.push({ name: stream.name, reason });
			warnings.push(`Stream "${stream.name}" is not sampled: ${reason}.`);
			continue;
		}
		tables.set(table.toLowerCase(), stream.name);
		streams.push({ stream, syncMode: choice.mode, cursorField: choice.cursorField, table });
	}
	if (streams.length === 0) {
		throw new SampleInputError(
			'None of the selected streams can be sampled',
			skipped.map((s) => `${s.name}: ${s.reason}`).join('; '),
		);
	}
	return { runId: input.runId, namespace, connectionName: sampleConnectionName(input.runId, input.createdAt), streams, skipped, warnings };
}

/** The body of POST /connections for a plan (manual schedule, isolated namespace, append modes, sample tag). */
export function connectionRequest(plan: SamplePlan, sourceId: string, destinationId: string, tags?: Tag[]) {
	return {
		...(tags && tags.length > 0 ? { tags } : {}),
		sourceId,
		destinationId,
		name: plan.connectionName,
		namespaceDefinition: 'custom_format' as const,
		namespaceFormat: plan.namespace,
		prefix: '',
		schedule: { scheduleType: 'manual' as const },
		nonBreakingSchemaUpdatesBehavior: 'ignore' as const,
		status: 'active' as const,
		configurations: {
			streams: plan.streams.map((s) => ({
				name: s.stream.name,
				...(s.stream.namespace ? { namespace: s.stream.namespace } : {}),
				syncMode: s.syncMode,
				...(s.cursorField ? { cursorField: s.cursorField } : {}),
			})),
		},
	};
}
