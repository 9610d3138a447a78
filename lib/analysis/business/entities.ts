// Streams as business entities: entity type from the vocabulary, role, time column, measures, dimensions.

import type { DatasetProfile, StreamProfile } from '../../profile/types';
import type { PiiReport } from '../../pii/types';
import type { DataModel } from '../model';
import { ENTITY_TYPES, type EntityTypeRule } from '../vocabulary/entities';
import { bestMatch } from '../vocabulary/match';
import { humanize, pluralize } from '../vocabulary/names';
import { dimensionColumns, displayNameColumn, eventTimeColumn, keyColumns, measureColumns, modelStreamOf } from './columns';
import type { BusinessEntity, EntityRole } from './types';

const ENTITY_NAMES = ENTITY_TYPES.map((rule) => rule.names);
const FLAT_NAMES: string[] = [];
const FLAT_OWNER: EntityTypeRule[] = [];
ENTITY_NAMES.forEach((names, index) => {
	for (const name of names) {
		FLAT_NAMES.push(name);
		FLAT_OWNER.push(ENTITY_TYPES[index]);
	}
});

/** The entity-type rule a stream name points at, if any. */
export function entityTypeOf(streamName: string): EntityTypeRule | undefined {
	const match = bestMatch(streamName, FLAT_NAMES);
	return match ? FLAT_OWNER[match.index] : undefined;
}

function roleOf(rule: EntityTypeRule | undefined, modelRole: string | undefined, hasTime: boolean, hasMeasures: boolean): EntityRole {
	if (modelRole === 'junction' && !hasMeasures) return 'junction';
	if (modelRole === 'junction') return 'fact';
	if (rule) return rule.role;
	if (hasTime && hasMeasures) return 'fact';
	if (hasTime) return 'event';
	return 'dimension';
}

function describe(entity: Omit<BusinessEntity, 'description'>, rule: EntityTypeRule | undefined): string {
	const plural = pluralize(entity.label);
	const kind = rule && rule.label !== entity.label ? ` (${rule.label})` : '';
	const parts = [`${plural[0].toUpperCase()}${plural.slice(1)}${kind}: each row is one ${entity.label}`];
	if (entity.role === 'junction') parts[0] = `${plural[0].toUpperCase()}${plural.slice(1)}: links between the streams it references (many-to-many)`;
	if (entity.primaryKey.length > 0) parts.push(`identified by ${entity.primaryKey.join(' + ')}`);
	if (entity.timeColumn) parts.push(`dated by ${entity.timeColumn}`);
	if (entity.measures.length > 0) parts.push(`measured by ${entity.measures.slice(0, 4).join(', ')}`);
	if (entity.dimensions.length > 0) parts.push(`grouped by ${entity.dimensions.slice(0, 4).join(', ')}`);
	return `${parts.join('; ')}. ${entity.rows} rows sampled.`;
}

export function describeEntity(stream: StreamProfile, model: DataModel, pii?: PiiReport): BusinessEntity {
	const rule = entityTypeOf(stream.name);
	const modelStream = modelStreamOf(model, stream.name);
	const keys = keyColumns(model, stream.name);
	const time = eventTimeColumn(stream);
	const measures = measureColumns(stream, keys).map((field) => field.column);
	const entity: Omit<BusinessEntity, 'description'> = {
		stream: stream.name,
		entityType: rule?.type ?? 'generic',
		label: humanize(stream.name) || stream.name,
		role: roleOf(rule, modelStream?.role, Boolean(time), measures.length > 0),
		rows: stream.recordCount,
		primaryKey: modelStream?.primaryKey ?? [],
		timeColumn: time?.column ?? null,
		measures,
		dimensions: dimensionColumns(stream, keys).map((field) => field.column),
		nameColumn: displayNameColumn(stream, keys)?.column ?? null,
		containsPii: Boolean(pii?.columns.some((column) => column.stream === stream.name)),
		source: 'rules',
	};
	return { ...entity, description: describe(entity, rule) };
}

export function describeEntities(profile: DatasetProfile, model: DataModel, pii?: PiiReport): BusinessEntity[] {
	return profile.streams.map((stream) => describeEntity(stream, model, pii));
}
