// The DataModel (lib/analysis/model.ts) from the profile and the verified keys: Postgres column types,
// primary keys, foreign keys, many-to-many and child entities. Independent of any LLM.

import { pgTypeForField } from '../../profile/pg-types';
import type { DatasetProfile, FieldProfile, StreamProfile } from '../../profile/types';
import type { StreamSample } from '../../sample/types';
import type { DataModel, ModelChildEntity, ModelColumn, ModelStream } from '../model';
import { inferKeys } from './infer-keys';
import type { InferDataModelFn, KeyInference, KeyOptions } from './types';

/** Element semantics that make a typed Postgres array (`bigint[]`, `text[]`); others stay jsonb. */
const ARRAY_ELEMENT_SEMANTICS = new Set(['integer', 'decimal', 'money', 'boolean', 'date', 'timestamp', 'timestamp_tz', 'uuid', 'identifier', 'code', 'enum', 'text', 'email', 'url', 'phone', 'ip', 'country_code', 'currency_code', 'free_text']);

/** A top-level array of scalars of one kind is a typed array; arrays of objects or mixed values stay jsonb. */
function pgType(field: FieldProfile, stream: StreamProfile | undefined): string {
	const t = field.jsonTypes;
	if (field.semanticType === 'json' && t.array && !t.object && !t.string && !t.integer && !t.number && !t.boolean && stream) {
		const element = stream.fields.find((f) => f.path === `${field.path}[]`);
		if (element && ARRAY_ELEMENT_SEMANTICS.has(element.semanticType) && !element.jsonTypes.object && !element.jsonTypes.array) {
			return `${pgTypeForField(element)}[]`;
		}
	}
	return pgTypeForField(field);
}

function column(field: FieldProfile, name: string, keyColumns: readonly string[], stream?: StreamProfile): ModelColumn {
	const c: ModelColumn = {
		name,
		pgType: pgType(field, stream),
		nullable: !keyColumns.includes(name),
		semanticType: field.semanticType,
	};
	if (field.semanticType === 'enum' && field.enumValues) c.enumValues = field.enumValues;
	return c;
}

function modelStream(p: StreamProfile, keys: KeyInference): ModelStream {
	const pk = keys.primaryKeys.find((k) => k.stream === p.name);
	const pkColumns = pk?.columns ?? [];
	const s: ModelStream = {
		name: p.name,
		primaryKey: pkColumns,
		primaryKeySource: pk?.source ?? 'none',
		columns: p.fields.filter((f) => f.segments.length === 1).map((f) => column(f, f.segments[0], pkColumns, p)),
		sampledRows: p.recordCount,
		primaryKeyScore: pk?.score ?? 0,
		role: keys.manyToMany.some((m) => m.via === 'junction' && m.stream === p.name) ? 'junction' : 'entity',
	};
	if (p.namespace !== undefined) s.namespace = p.namespace;
	if (pk?.explanation) s.primaryKeyExplanation = pk.explanation;
	if (p.defaultCursorField?.length) s.cursorField = p.defaultCursorField;
	return s;
}

function childEntity(p: StreamProfile, c: KeyInference['childEntities'][number]): ModelChildEntity {
	const prefix = `${c.path}[].`;
	const direct = p.fields.filter((f) => f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes('.') && !f.path.slice(prefix.length).includes('[]'));
	return {
		parentStream: c.parentStream,
		path: c.path,
		parentKey: c.parentKey,
		elementKey: c.elementKey,
		columns: direct.map((f) => column(f, f.path.slice(prefix.length), c.elementKey)),
	};
}

export const inferDataModel: InferDataModelFn = (
	profile: DatasetProfile,
	samples: StreamSample[],
	options: KeyOptions & { keys?: KeyInference } = {},
): DataModel => {
	const keys = options.keys ?? inferKeys(profile, samples, options);
	const byName = new Map(profile.streams.map((p) => [p.name, p]));
	return {
		streams: profile.streams.map((p) => modelStream(p, keys)),
		foreignKeys: keys.foreignKeys.map((fk) => ({
			fromStream: fk.fromStream,
			fromColumns: fk.fromColumns,
			toStream: fk.toStream,
			toColumns: fk.toColumns,
			score: fk.score,
			explanation: fk.explanation,
			kind: fk.kind,
		})),
		manyToMany: keys.manyToMany.map((m) => ({
			via: m.via,
			stream: m.stream,
			columns: m.columns,
			left: m.left,
			right: m.right,
			score: m.score,
			explanation: m.explanation,
		})),
		childEntities: keys.childEntities.map((c) => childEntity(byName.get(c.parentStream)!, c)),
	};
};
