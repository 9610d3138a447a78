// Column roles read from the profile and the vocabularies: time columns, cursors, measures, money,
// quantities, statuses, display names. Only top-level columns (what the schema turns into table columns).

import type { FieldProfile, StreamProfile } from '../../profile/types';
import type { DataModel, ModelStream } from '../model';
import {
	CURRENCY_NAMES,
	DISPLAY_NAME_NAMES,
	EVENT_TIME_NAMES,
	HEADLINE_MONEY_NAMES,
	IDENTIFIER_NAMES,
	MONEY_NAMES,
	NOT_REVENUE_NAMES,
	NON_EVENT_TIME_NAMES,
	NOT_SALES_QUANTITY,
	QUANTITY_NAMES,
	STATUS_NAMES,
	UNIT_PRICE_NAMES,
	UPDATE_TIME_NAMES,
} from '../vocabulary/columns';
import { firstMatch, matchesAny } from '../vocabulary/match';

export const TEMPORAL_TYPES = new Set(['date', 'timestamp_tz', 'timestamp', 'epoch_seconds', 'epoch_millis']);
const NUMERIC_TYPES = new Set(['integer', 'decimal', 'money']);

export function topLevelFields(stream: StreamProfile): FieldProfile[] {
	return stream.fields.filter((field) => field.segments.length === 1);
}

export function isTemporal(field: FieldProfile): boolean {
	return TEMPORAL_TYPES.has(field.semanticType);
}

/** Columns that take part in a key or a relationship of the verified model. */
export function keyColumns(model: DataModel, stream: string): Set<string> {
	const columns = new Set<string>();
	const modelStream = model.streams.find((candidate) => candidate.name === stream);
	modelStream?.primaryKey.forEach((column) => columns.add(column));
	for (const fk of model.foreignKeys) {
		if (fk.fromStream === stream) fk.fromColumns.forEach((column) => columns.add(column));
	}
	return columns;
}

/** Event time: when a row happened or was created. Ranked by the vocabulary, then by fill rate. */
export function eventTimeColumn(stream: StreamProfile): FieldProfile | undefined {
	const candidates = topLevelFields(stream).filter(
		(field) => isTemporal(field) && field.nonNull > 0 && !matchesAny(field.column, NON_EVENT_TIME_NAMES) && !matchesAny(field.column, UPDATE_TIME_NAMES),
	);
	return rankByVocabulary(candidates, EVENT_TIME_NAMES);
}

/** Update time: best incremental cursor. */
export function updateTimeColumn(stream: StreamProfile): FieldProfile | undefined {
	const candidates = topLevelFields(stream).filter((field) => isTemporal(field) && field.nonNull > 0 && matchesAny(field.column, UPDATE_TIME_NAMES));
	return rankByVocabulary(candidates, UPDATE_TIME_NAMES);
}

function rankByVocabulary(fields: FieldProfile[], vocabulary: readonly string[]): FieldProfile | undefined {
	return fields
		.map((field) => ({ field, rank: firstMatch(field.column, vocabulary)?.index ?? vocabulary.length }))
		.sort((a, b) => a.rank - b.rank || a.field.nullRate - b.field.nullRate)[0]?.field;
}

function looksLikeIdentifier(field: FieldProfile, keys: Set<string>): boolean {
	if (keys.has(field.column)) return true;
	if (field.semanticType === 'identifier' || field.semanticType === 'code' || field.semanticType.startsWith('epoch')) return true;
	return matchesAny(field.column, IDENTIFIER_NAMES);
}

/** Numeric columns worth summing or averaging (not keys, codes, ids or years). */
export function measureColumns(stream: StreamProfile, keys: Set<string>): FieldProfile[] {
	return topLevelFields(stream).filter(
		(field) => NUMERIC_TYPES.has(field.semanticType) && field.nonNull > 0 && !looksLikeIdentifier(field, keys),
	);
}

export function moneyColumns(stream: StreamProfile, keys: Set<string>): FieldProfile[] {
	return measureColumns(stream, keys).filter((field) => field.semanticType === 'money' || matchesAny(field.column, MONEY_NAMES));
}

/** The stream's headline amount (total, amount, ...); never a cost such as freight, tax or fees. */
export function headlineMoney(stream: StreamProfile, keys: Set<string>): FieldProfile | undefined {
	const money = moneyColumns(stream, keys).filter(
		(field) => matchesAny(field.column, HEADLINE_MONEY_NAMES) && !matchesAny(field.column, NOT_REVENUE_NAMES) && !matchesAny(field.column, UNIT_PRICE_NAMES.filter((name) => name !== 'price')),
	);
	return rankByVocabulary(money, HEADLINE_MONEY_NAMES);
}

export function unitPriceColumn(stream: StreamProfile, keys: Set<string>): FieldProfile | undefined {
	return rankByVocabulary(moneyColumns(stream, keys).filter((field) => matchesAny(field.column, UNIT_PRICE_NAMES)), UNIT_PRICE_NAMES);
}

export function quantityColumn(stream: StreamProfile, keys: Set<string>): FieldProfile | undefined {
	const candidates = measureColumns(stream, keys).filter(
		(field) => field.numeric?.allIntegers !== false && matchesAny(field.column, QUANTITY_NAMES) && !matchesAny(field.column, NOT_SALES_QUANTITY) && !matchesAny(field.column, MONEY_NAMES),
	);
	return rankByVocabulary(candidates, QUANTITY_NAMES);
}

export function statusColumn(stream: StreamProfile): FieldProfile | undefined {
	const candidates = topLevelFields(stream).filter(
		(field) => (field.semanticType === 'enum' || field.semanticType === 'boolean' || field.semanticType === 'text') && field.nonNull > 0 && field.distinct <= 50 && matchesAny(field.column, STATUS_NAMES),
	);
	return rankByVocabulary(candidates, STATUS_NAMES);
}

export function currencyColumn(stream: StreamProfile): FieldProfile | undefined {
	return topLevelFields(stream).find((field) => field.semanticType === 'currency_code' || (matchesAny(field.column, CURRENCY_NAMES) && field.distinct <= 300));
}

export function displayNameColumn(stream: StreamProfile, keys: Set<string>): FieldProfile | undefined {
	const candidates = topLevelFields(stream).filter(
		(field) => ['text', 'free_text', 'enum', 'identifier'].includes(field.semanticType) && !keys.has(field.column) && matchesAny(field.column, DISPLAY_NAME_NAMES),
	);
	return rankByVocabulary(candidates, DISPLAY_NAME_NAMES);
}

/** Low-cardinality columns worth grouping by. */
export function dimensionColumns(stream: StreamProfile, keys: Set<string>): FieldProfile[] {
	return topLevelFields(stream).filter(
		(field) =>
			!keys.has(field.column) &&
			field.nonNull > 0 &&
			(field.semanticType === 'enum' || field.semanticType === 'country_code' || field.semanticType === 'currency_code' || field.semanticType === 'boolean' ||
				(field.semanticType === 'text' && field.distinct > 1 && field.distinct <= 50 && field.uniqueness < 0.5)),
	);
}

/** Values a column is known to take (enum values, else the top values). */
export function knownValues(field: FieldProfile): string[] {
	return field.enumValues ?? field.topK.map((top) => top.value);
}

export function modelStreamOf(model: DataModel, name: string): ModelStream | undefined {
	return model.streams.find((stream) => stream.name === name);
}
