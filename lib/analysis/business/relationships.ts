// Verified relationships (from the DataModel) in business words.

import type { DataModel } from '../model';
import { humanize, pluralize, singularTokens } from '../vocabulary/names';
import type { BusinessEntity, BusinessRelationship } from './types';

function labelOf(entities: BusinessEntity[], stream: string): string {
	return entities.find((entity) => entity.stream === stream)?.label ?? humanize(stream);
}

/** Role name from the FK column when it says more than the parent's name: `support_rep_id` -> `support rep`. */
export function roleFromColumn(column: string, parentLabel: string): string {
	const role = humanize(column, { dropIdSuffix: true, keepPlural: true });
	const parentWords = new Set(singularTokens(parentLabel));
	const roleWords = singularTokens(role);
	if (roleWords.length === 0 || roleWords.every((word) => parentWords.has(word)) || ['id', 'key'].includes(role)) return parentLabel;
	return role;
}

function article(word: string): string {
	return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

export function describeRelationships(model: DataModel, entities: BusinessEntity[]): BusinessRelationship[] {
	const relationships: BusinessRelationship[] = [];
	for (const fk of model.foreignKeys) {
		const child = labelOf(entities, fk.fromStream);
		const parent = labelOf(entities, fk.toStream);
		const role = fk.fromColumns.length === 1 ? roleFromColumn(fk.fromColumns[0], parent) : parent;
		const columns = fk.fromColumns.join(', ');
		const kind = fk.kind ?? (fk.fromStream === fk.toStream ? 'self' : 'many_to_one');
		const capital = (text: string): string => `${text[0].toUpperCase()}${text.slice(1)}`;
		let description: string;
		if (kind === 'self') description = `${capital(article(child))} ${child} can refer to another ${child} through ${columns}${role !== child ? ` ("${role}")` : ''}.`;
		else if (kind === 'one_to_one') description = `Each ${child} matches at most one ${parent} through ${columns}.`;
		else if (role === parent) description = `Each ${child} belongs to one ${parent} (${columns}); ${article(parent)} ${parent} has many ${pluralize(child)}.`;
		else description = `Each ${child} has one ${parent} as its "${role}" (${columns}); ${article(parent)} ${parent} can have many ${pluralize(child)}.`;
		relationships.push({
			fromStream: fk.fromStream,
			fromColumns: fk.fromColumns,
			toStream: fk.toStream,
			toColumns: fk.toColumns,
			cardinality: kind,
			role,
			description,
			score: fk.score,
			source: 'rules',
		});
	}
	for (const link of model.manyToMany ?? []) {
		const left = labelOf(entities, link.left.stream);
		const right = labelOf(entities, link.right.stream);
		const description =
			link.via === 'junction'
				? `${pluralize(left)} and ${pluralize(right)} are linked many-to-many through ${link.stream}.`
				: `Each ${labelOf(entities, link.stream)} lists several ${pluralize(right)} in ${link.columns.join(', ')}.`;
		relationships.push({
			fromStream: link.left.stream,
			fromColumns: link.left.columns,
			toStream: link.right.stream,
			toColumns: link.right.columns,
			cardinality: 'many_to_many',
			role: right,
			description,
			score: link.score,
			source: 'rules',
		});
	}
	for (const child of model.childEntities ?? []) {
		const parent = labelOf(entities, child.parentStream);
		const childLabel = humanize(child.path);
		relationships.push({
			fromStream: child.parentStream,
			fromColumns: [child.path],
			toStream: child.parentStream,
			toColumns: child.parentKey,
			cardinality: 'parent_child',
			role: childLabel,
			description: `Each ${parent} contains a list of ${pluralize(childLabel)} (nested in ${child.path}).`,
			score: 1,
			source: 'rules',
		});
	}
	return relationships;
}
