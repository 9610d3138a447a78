// Turns the Postgres node's readSql result rows back into per-stream samples: the source's original
// records (Airbyte's normalised column names mapped back to the catalog's property names), a status that
// says how much of the stream the sample covers, and the run each stream belongs to.
import type { AirbyteStream } from '../airbyte/protocol';
import { toPostgresCompatibleName } from '../airbyte/naming';
import { decodeTicket } from './ticket';
import type { SampleStatus, SampleTicket, StreamSample } from './types';

export interface AssembledStream extends StreamSample {
	runId: string;
	connectionId: string;
	jobId?: number;
	namespace: string;
	table: string;
	warnings: string[];
	/** Index of the input row this sample came from (for pairedItem). */
	inputIndex: number;
}

export interface AssembledRun {
	runId: string;
	connectionId: string;
	jobId?: number;
	namespace: string;
	tables: string[];
}

export interface AssembleResult {
	streams: AssembledStream[];
	runs: AssembledRun[];
	/** Input rows that are not readSql results (index and why), for a clear error. */
	rejected: Array<{ index: number; reason: string }>;
}

/** Column name -> original property name, for every property destination-postgres renamed. */
export function columnRenames(stream: AirbyteStream): Map<string, string> {
	const byColumn = new Map<string, string[]>();
	for (const property of Object.keys(stream.json_schema?.properties ?? {})) {
		const column = toPostgresCompatibleName(property);
		byColumn.set(column, [...(byColumn.get(column) ?? []), property]);
	}
	const renames = new Map<string, string>();
	for (const [column, properties] of byColumn) {
		if (properties.length === 1 && properties[0] !== column) renames.set(column, properties[0]);
	}
	return renames;
}

function toNumber(value: unknown): number {
	const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : NaN;
	return Number.isFinite(n) ? n : 0;
}

function parseRecords(value: unknown): Record<string, unknown>[] | undefined {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			return undefined;
		}
	}
	if (!Array.isArray(parsed)) return undefined;
	return parsed.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null && !Array.isArray(r));
}

export interface StatusInput {
	records: number;
	totalRows: number;
	sampleSize: number;
	finished: boolean;
	oversized: number;
	truncated: boolean;
}

/**
 * complete: the sample holds min(sampleSize, stream size) records (the stream finished, or at least
 * sampleSize rows landed); partial: some rows, but fewer than that; schema_only: no row landed.
 */
export function sampleStatus(s: StatusInput): SampleStatus {
	if (s.records === 0) return 'schema_only';
	if (s.oversized > 0 || s.truncated) return 'partial';
	return s.finished || s.totalRows >= s.sampleSize ? 'complete' : 'partial';
}

/**
 * @param rows the Postgres node's output items (json), one per readSql
 * @param finishedRuns run ids whose sync job succeeded: every stream of them finished
 */
export function assembleSamples(rows: unknown[], finishedRuns: Set<string> = new Set()): AssembleResult {
	const latest = new Map<string, { ticket: SampleTicket; row: Record<string, unknown>; index: number }>();
	const rejected: AssembleResult['rejected'] = [];
	rows.forEach((row, index) => {
		if (typeof row !== 'object' || row === null) {
			rejected.push({ index, reason: 'not an object' });
			return;
		}
		const json = row as Record<string, unknown>;
		const ticket = decodeTicket(json.sample_ticket);
		if (!ticket) {
			rejected.push({ index, reason: 'no valid sample_ticket column (is this the output of a Postgres node running readSql?)' });
			return;
		}
		latest.set(`${ticket.runId}\u0000${ticket.stream.name}`, { ticket, row: json, index });
	});

	const streams: AssembledStream[] = [];
	const runs = new Map<string, AssembledRun>();
	for (const { ticket, row, index } of latest.values()) {
		const warnings: string[] = [];
		let records = parseRecords(row.records);
		if (records === undefined) {
			rejected.push({ index, reason: 'the records column is not a JSON array' });
			records = [];
		}
		const renames = columnRenames(ticket.stream);
		if (renames.size > 0) {
			records = records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [renames.get(k) ?? k, v])));
		}
		const totalRows = toNumber(row.total_rows);
		const oversized = toNumber(row.oversized_records);
		const truncated = row.truncated_by_size === true || row.truncated_by_size === 't';
		if (row.table_found === false || row.table_found === 'f') {
			warnings.push(`No rows of stream "${ticket.stream.name}" reached the destination; only its schema is known.`);
		}
		if (oversized > 0) {
			warnings.push(`${oversized} sampled record(s) of "${ticket.stream.name}" exceed Max Record Size and were left out.`);
		}
		if (truncated) {
			warnings.push(`The sample of "${ticket.stream.name}" was cut at Max Sample Size (bytes); raise it for more records.`);
		}
		const finished = ticket.finished || finishedRuns.has(ticket.runId);
		const status = sampleStatus({ records: records.length, totalRows, sampleSize: ticket.sampleSize, finished, oversized, truncated });
		if (status === 'partial' && oversized === 0 && !truncated) {
			warnings.push(
				`Stream "${ticket.stream.name}" is partial: ${totalRows} row(s) had landed when the sync stopped (wanted ${ticket.sampleSize}).`,
			);
		}
		streams.push({
			stream: ticket.stream,
			records,
			status,
			totalRecords: totalRows,
			runId: ticket.runId,
			connectionId: ticket.connectionId,
			jobId: ticket.jobId,
			namespace: ticket.namespace,
			table: ticket.table,
			warnings,
			inputIndex: index,
		});
		const run = runs.get(ticket.runId) ?? {
			runId: ticket.runId,
			connectionId: ticket.connectionId,
			jobId: ticket.jobId,
			namespace: ticket.namespace,
			tables: [],
		};
		run.tables.push(ticket.table);
		runs.set(ticket.runId, run);
	}
	return { streams, runs: [...runs.values()], rejected };
}
