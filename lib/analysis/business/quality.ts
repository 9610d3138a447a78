// Data-quality issues, each with the numbers behind it. Exact checks (duplicate keys, orphaned references)
// use the sampled records; the rest read the profile. Never puts personal values into evidence.

import type { DatasetProfile, FieldProfile, StreamProfile } from '../../profile/types';
import type { StreamSample } from '../../sample/types';
import type { PiiReport } from '../../pii/types';
import { piiFor } from '../../pii/classify';
import { scrubText } from '../../pii/redact';
import type { DataModel } from '../model';
import { NON_EVENT_TIME_NAMES } from '../vocabulary/columns';
import { matchesAny } from '../vocabulary/match';
import { isTemporal, keyColumns, measureColumns, topLevelFields } from './columns';
import type { DataQualityIssue } from './types';

export interface QualityOptions {
	now?: Date;
	/** A stream whose newest timestamp is older than this is stale. Default 30 days. */
	staleAfterDays?: number;
	pii?: PiiReport;
}

const round = (value: number, digits = 4): number => Math.round(value * 10 ** digits) / 10 ** digits;

function keyOf(record: Record<string, unknown>, columns: string[]): string | undefined {
	const values = columns.map((column) => record[column]);
	if (values.some((value) => value === null || value === undefined)) return undefined;
	return JSON.stringify(values);
}

function duplicateKeys(model: DataModel, samples: Map<string, StreamSample>): DataQualityIssue[] {
	const issues: DataQualityIssue[] = [];
	for (const stream of model.streams) {
		const sample = samples.get(stream.name);
		if (!sample || stream.primaryKey.length === 0 || sample.records.length === 0) continue;
		const seen = new Map<string, number>();
		let nullKeys = 0;
		for (const record of sample.records) {
			const key = keyOf(record, stream.primaryKey);
			if (key === undefined) nullKeys++;
			else seen.set(key, (seen.get(key) ?? 0) + 1);
		}
		let duplicateRows = 0;
		let duplicatedKeys = 0;
		for (const count of seen.values()) {
			if (count > 1) {
				duplicatedKeys++;
				duplicateRows += count - 1;
			}
		}
		if (duplicateRows > 0) {
			issues.push({
				kind: 'duplicate_key',
				severity: 'error',
				stream: stream.name,
				columns: stream.primaryKey,
				message: `${duplicateRows} rows repeat a ${stream.primaryKey.join(' + ')} value already seen (${duplicatedKeys} keys affected); dedup on this key keeps the latest row.`,
				evidence: { duplicateRows, duplicatedKeys, rowsChecked: sample.records.length, keySource: stream.primaryKeySource ?? 'inferred' },
			});
		}
		if (nullKeys > 0) {
			issues.push({
				kind: 'unexpected_nulls',
				severity: 'error',
				stream: stream.name,
				columns: stream.primaryKey,
				message: `${nullKeys} rows have no value in the key ${stream.primaryKey.join(' + ')}.`,
				evidence: { nullKeyRows: nullKeys, rowsChecked: sample.records.length },
			});
		}
	}
	return issues;
}

function orphans(model: DataModel, samples: Map<string, StreamSample>): DataQualityIssue[] {
	const issues: DataQualityIssue[] = [];
	for (const fk of model.foreignKeys) {
		const child = samples.get(fk.fromStream);
		const parent = samples.get(fk.toStream);
		if (!child || !parent || child.records.length === 0 || parent.records.length === 0) continue;
		const parentKeys = new Set<string>();
		for (const record of parent.records) {
			const key = keyOf(record, fk.toColumns);
			if (key !== undefined) parentKeys.add(key.replace(/"/g, ''));
		}
		let orphanRows = 0;
		let checked = 0;
		const orphanValues = new Set<string>();
		for (const record of child.records) {
			const key = keyOf(record, fk.fromColumns);
			if (key === undefined) continue;
			checked++;
			const normalized = key.replace(/"/g, '');
			if (!parentKeys.has(normalized)) {
				orphanRows++;
				orphanValues.add(normalized);
			}
		}
		if (orphanRows === 0) continue;
		const parentPartial = parent.status !== 'complete';
		issues.push({
			kind: 'orphaned_reference',
			severity: parentPartial ? 'info' : 'warning',
			stream: fk.fromStream,
			columns: fk.fromColumns,
			message: `${orphanRows} of ${checked} ${fk.fromStream} rows point to a ${fk.toStream} that is not in the data${parentPartial ? ' (the parent sample is partial, so some may exist upstream)' : ''}.`,
			evidence: { orphanRows, rowsChecked: checked, orphanRate: round(orphanRows / checked), distinctOrphanValues: orphanValues.size, parentStream: fk.toStream, parentSampleComplete: !parentPartial },
		});
	}
	return issues;
}

function nonNullFamilies(field: FieldProfile): Array<[string, number]> {
	const families = new Map<string, number>();
	for (const [type, count] of Object.entries(field.jsonTypes)) {
		if (type === 'null' || !count) continue;
		const family = type === 'integer' ? 'number' : type;
		families.set(family, (families.get(family) ?? 0) + count);
	}
	return [...families.entries()].sort((a, b) => b[1] - a[1]);
}

function declaredNonNull(field: FieldProfile): boolean {
	const types = field.declared?.type;
	return Array.isArray(types) && types.length > 0 && !types.includes('null');
}

function fieldIssues(stream: StreamProfile, model: DataModel, options: QualityOptions): DataQualityIssue[] {
	const issues: DataQualityIssue[] = [];
	const keys = keyColumns(model, stream.name);
	const rows = stream.recordCount;
	if (rows === 0) return issues;
	for (const field of stream.fields) {
		const isPii = Boolean(options.pii && piiFor(options.pii, stream.name, field.path));
		const topLevel = field.segments.length === 1;
		const families = nonNullFamilies(field);
		if (families.length >= 2) {
			issues.push({
				kind: 'mixed_types',
				severity: 'warning',
				stream: stream.name,
				columns: [field.path],
				message: `${field.path} holds ${families.map(([type, count]) => `${count} ${type}`).join(', ')} values.`,
				evidence: Object.fromEntries(families.map(([type, count]) => [`${type}Values`, count])),
			});
		}
		const encoded = field.stringEncoded;
		if (encoded && field.jsonTypes.string) {
			const numeric = encoded.integer + encoded.decimal + encoded.boolean;
			if (numeric > 0 && numeric >= 0.9 * field.jsonTypes.string && encoded.leadingZeros === 0 && ['integer', 'decimal', 'money', 'boolean'].includes(field.semanticType)) {
				issues.push({
					kind: 'numbers_as_strings',
					severity: 'info',
					stream: stream.name,
					columns: [field.path],
					message: `${field.path} carries ${field.semanticType === 'boolean' ? 'booleans' : 'numbers'} in strings (${numeric} of ${field.jsonTypes.string}); the schema stores them typed.`,
					evidence: { stringValues: field.jsonTypes.string, integerStrings: encoded.integer, decimalStrings: encoded.decimal, booleanStrings: encoded.boolean },
				});
			}
		}
		if (!topLevel) continue;
		if (field.nonNull === 0) {
			issues.push({ kind: 'empty_column', severity: 'info', stream: stream.name, columns: [field.path], message: `${field.path} never has a value in ${rows} rows.`, evidence: { rows } });
			continue;
		}
		const missing = Math.round(field.nullRate * field.containerCount);
		if (missing > 0 && !keys.has(field.column)) {
			if (declaredNonNull(field)) {
				issues.push({ kind: 'unexpected_nulls', severity: 'warning', stream: stream.name, columns: [field.path], message: `${field.path} is declared non-null but is empty in ${missing} of ${rows} rows.`, evidence: { missingRows: missing, rows, nullRate: round(field.nullRate) } });
			} else if (field.nullRate <= 0.02 && rows >= 50) {
				issues.push({ kind: 'unexpected_nulls', severity: 'info', stream: stream.name, columns: [field.path], message: `${field.path} is filled almost everywhere but missing in ${missing} of ${rows} rows.`, evidence: { missingRows: missing, rows, nullRate: round(field.nullRate) } });
			}
		}
		if (field.distinct === 1 && field.nonNull >= 20 && field.nullRate === 0 && !keys.has(field.column)) {
			issues.push({ kind: 'constant_column', severity: 'info', stream: stream.name, columns: [field.path], message: `${field.path} has the same value in all ${field.nonNull} rows.`, evidence: { rows: field.nonNull } });
		}
		const top = field.topK[0];
		if (top && field.distinct >= 2 && field.nonNull >= 20 && top.count / field.nonNull >= 0.95 && !keys.has(field.column)) {
			issues.push({
				kind: 'skew',
				severity: 'info',
				stream: stream.name,
				columns: [field.path],
				message: `${field.path} is dominated by one value (${Math.round((100 * top.count) / field.nonNull)}% of rows).`,
				evidence: { topShare: round(top.count / field.nonNull), distinct: field.distinct, ...(isPii ? {} : { topValue: scrubText(top.value).slice(0, 40) }) },
			});
		}
	}
	for (const field of measureColumns(stream, keys)) {
		const numeric = field.numeric;
		const p99 = numeric?.quantiles.p99;
		if (numeric && p99 !== undefined && p99 > 0 && numeric.max > 10 * p99 && field.nonNull >= 50) {
			issues.push({
				kind: 'skew',
				severity: 'info',
				stream: stream.name,
				columns: [field.path],
				message: `${field.path} has outliers: the maximum is ${round(numeric.max / p99, 1)}× the 99th percentile.`,
				evidence: { max: numeric.max, p99, p50: numeric.quantiles.p50 ?? null },
			});
		}
	}
	return issues;
}

function fkConcentration(model: DataModel, profile: DatasetProfile): DataQualityIssue[] {
	const issues: DataQualityIssue[] = [];
	for (const fk of model.foreignKeys) {
		if (fk.fromColumns.length !== 1) continue;
		const stream = profile.streams.find((candidate) => candidate.name === fk.fromStream);
		const field = stream?.fields.find((candidate) => candidate.path === fk.fromColumns[0]);
		const top = field?.topK[0];
		if (!field || !top || field.nonNull < 20 || field.distinct < 3) continue;
		const share = top.count / field.nonNull;
		if (share >= 0.5) {
			issues.push({
				kind: 'skew',
				severity: 'info',
				stream: fk.fromStream,
				columns: fk.fromColumns,
				message: `One ${fk.toStream} accounts for ${Math.round(share * 100)}% of ${fk.fromStream} rows.`,
				evidence: { topShare: round(share), distinctParents: field.distinct, parentStream: fk.toStream },
			});
		}
	}
	return issues;
}

/** The newest timestamp of a stream across its temporal top-level columns (ISO), if any. */
export function newestTimestamp(stream: StreamProfile): { column: string; max: string } | undefined {
	let best: { column: string; max: string } | undefined;
	for (const field of topLevelFields(stream)) {
		if (!isTemporal(field) || !field.temporal) continue;
		if (matchesAny(field.column, NON_EVENT_TIME_NAMES)) continue;
		if (!best || Date.parse(field.temporal.max) > Date.parse(best.max)) best = { column: field.column, max: field.temporal.max };
	}
	return best;
}

function staleness(profile: DatasetProfile, options: QualityOptions): DataQualityIssue[] {
	const now = (options.now ?? new Date()).getTime();
	const limit = options.staleAfterDays ?? 30;
	const issues: DataQualityIssue[] = [];
	for (const stream of profile.streams) {
		const newest = newestTimestamp(stream);
		if (!newest) continue;
		const ageDays = Math.floor((now - Date.parse(newest.max)) / 86_400_000);
		if (ageDays > limit) {
			issues.push({
				kind: 'stale_data',
				severity: 'warning',
				stream: stream.name,
				columns: [newest.column],
				message: `The newest ${stream.name} row is ${ageDays} days old (${newest.column} = ${newest.max.slice(0, 10)}).`,
				evidence: { newest: newest.max, ageDays, staleAfterDays: limit },
			});
		}
	}
	return issues;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };

export function findQualityIssues(profile: DatasetProfile, model: DataModel, samples: readonly StreamSample[], options: QualityOptions = {}): DataQualityIssue[] {
	const byName = new Map(samples.map((sample) => [sample.stream.name, sample]));
	const issues = [
		...duplicateKeys(model, byName),
		...orphans(model, byName),
		...profile.streams.flatMap((stream) => fieldIssues(stream, model, options)),
		...fkConcentration(model, profile),
		...staleness(profile, options),
	];
	return issues.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
