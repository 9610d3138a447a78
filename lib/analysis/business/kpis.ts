// KPIs: the templates of vocabulary/kpis.ts bound to real columns of each stream.

import type { DatasetProfile, FieldProfile, StreamProfile } from '../../profile/types';
import type { DataModel } from '../model';
import { ACTIVE_STATUS_VALUES, OPEN_STATUS_VALUES, SUCCESS_STATUS_VALUES } from '../vocabulary/columns';
import { CUSTOMER_LIKE_TYPES } from '../vocabulary/entities';
import { KPI_TEMPLATES, type KpiFilterRole, type KpiTemplate } from '../vocabulary/kpis';
import { pluralize } from '../vocabulary/names';
import {
	currencyColumn,
	headlineMoney,
	keyColumns,
	knownValues,
	moneyColumns,
	quantityColumn,
	statusColumn,
	unitPriceColumn,
} from './columns';
import type { BusinessEntity, KpiDefinition, KpiFilter, KpiGrain } from './types';

const FILTER_VALUES: Record<KpiFilterRole, string[]> = {
	success_status: SUCCESS_STATUS_VALUES,
	active_status: ACTIVE_STATUS_VALUES,
	open_status: OPEN_STATUS_VALUES,
};

const normalizeValue = (value: string): string => value.toLowerCase().replace(/[_-]+/g, ' ').trim();

/** Grain from the time column's span: long histories by month, a month or more by week, else by day. */
export function grainFor(field: FieldProfile | undefined): KpiGrain {
	if (!field?.temporal) return 'month';
	const span = (Date.parse(field.temporal.max) - Date.parse(field.temporal.min)) / 86_400_000;
	if (!Number.isFinite(span) || span >= 180) return 'month';
	if (span >= 28) return 'week';
	return 'day';
}

function statusFilter(stream: StreamProfile, role: KpiFilterRole): { filter: KpiFilter; text: string } | undefined {
	const status = statusColumn(stream);
	if (!status) return undefined;
	const wanted = new Set(FILTER_VALUES[role].map(normalizeValue));
	if (status.semanticType === 'boolean') {
		return role === 'success_status' && /paid|success|complete/.test(status.column.toLowerCase())
			? { filter: { column: status.column, op: '=', value: true }, text: ` where ${status.column} is true` }
			: undefined;
	}
	const values = knownValues(status).filter((value) => wanted.has(normalizeValue(value)));
	if (values.length === 0) return undefined;
	return { filter: { column: status.column, op: 'in', value: values }, text: ` where ${status.column} is ${values.join(' or ')}` };
}

interface Binding {
	measure: KpiDefinition['measure'];
	column: string;
	parentLabels?: string;
	currency?: FieldProfile;
	integerMoney?: boolean;
}

function bindMeasure(template: KpiTemplate, stream: StreamProfile, model: DataModel, entities: BusinessEntity[]): Binding | undefined {
	const keys = keyColumns(model, stream.name);
	switch (template.measure) {
		case 'rows':
			return { measure: { kind: 'rows' }, column: '*' };
		case 'headline_money': {
			const money = headlineMoney(stream, keys);
			return money ? { measure: { kind: 'column', column: money.column }, column: money.column, currency: currencyColumn(stream), integerMoney: money.numeric?.allIntegers } : undefined;
		}
		case 'line_amount': {
			const price = unitPriceColumn(stream, keys);
			const quantity = quantityColumn(stream, keys);
			if (price && quantity) {
				const discount = stream.fields.find((field) => field.segments.length === 1 && /discount/i.test(field.column) && field.numeric);
				const note = discount ? ` (before ${discount.column})` : '';
				return { measure: { kind: 'product', columns: [price.column, quantity.column] }, column: `${price.column} × ${quantity.column}${note}` };
			}
			const amount = headlineMoney(stream, keys) ?? moneyColumns(stream, keys)[0];
			return amount ? { measure: { kind: 'column', column: amount.column }, column: amount.column, currency: currencyColumn(stream), integerMoney: amount.numeric?.allIntegers } : undefined;
		}
		case 'quantity': {
			const quantity = quantityColumn(stream, keys);
			return quantity ? { measure: { kind: 'column', column: quantity.column }, column: quantity.column } : undefined;
		}
		case 'customer_reference': {
			const fk = model.foreignKeys.find((candidate) => {
				const parent = entities.find((entity) => entity.stream === candidate.toStream);
				return candidate.fromStream === stream.name && candidate.fromColumns.length === 1 && parent !== undefined && CUSTOMER_LIKE_TYPES.has(parent.entityType);
			});
			if (!fk) return undefined;
			const parent = entities.find((entity) => entity.stream === fk.toStream);
			return { measure: { kind: 'column', column: fk.fromColumns[0] }, column: fk.fromColumns[0], parentLabels: pluralize(parent?.label ?? fk.toStream) };
		}
	}
}

function fill(text: string, entity: BusinessEntity, binding: Binding, filterText: string): string {
	const labels = pluralize(entity.label);
	const result = text
		.replace(/\{labels\}/g, labels)
		.replace(/\{label\}/g, entity.label)
		.replace(/\{column\}/g, binding.column)
		.replace(/\{parentLabels\}/g, binding.parentLabels ?? 'customers')
		.replace(/\{filter\}/g, filterText);
	return result[0].toUpperCase() + result.slice(1);
}

function applies(template: KpiTemplate, entity: BusinessEntity, claimed: Set<string>): boolean {
	if (template.entityTypes.includes(entity.entityType)) return true;
	return Boolean(template.roles?.includes(entity.role)) && entity.entityType === 'generic' && !claimed.has(`${template.id}:${entity.stream}`);
}

/** A parent's event time reached through a verified FK (order lines dated by their order). */
function parentTime(profile: DatasetProfile, model: DataModel, entities: BusinessEntity[], entity: BusinessEntity): { field: FieldProfile; join: NonNullable<KpiDefinition['timeJoin']> } | undefined {
	for (const fk of model.foreignKeys) {
		if (fk.fromStream !== entity.stream || fk.toStream === entity.stream) continue;
		const parent = entities.find((candidate) => candidate.stream === fk.toStream);
		if (!parent?.timeColumn || (parent.role !== 'fact' && parent.role !== 'event')) continue;
		const field = profile.streams.find((candidate) => candidate.name === fk.toStream)?.fields.find((candidate) => candidate.path === parent.timeColumn);
		if (field) return { field, join: { stream: fk.toStream, fromColumns: fk.fromColumns, toColumns: fk.toColumns } };
	}
	return undefined;
}

export function buildKpis(profile: DatasetProfile, model: DataModel, entities: BusinessEntity[]): KpiDefinition[] {
	const kpis: KpiDefinition[] = [];
	const claimed = new Set<string>();
	for (const entity of entities) {
		const stream = profile.streams.find((candidate) => candidate.name === entity.stream);
		if (!stream || (entity.role === 'junction' && entity.measures.length === 0)) continue;
		const own = entity.timeColumn ? stream.fields.find((field) => field.path === entity.timeColumn) : undefined;
		const inherited = own ? undefined : parentTime(profile, model, entities, entity);
		const timeField = own ?? inherited?.field;
		for (const template of KPI_TEMPLATES) {
			if (!applies(template, entity, claimed)) continue;
			if (template.needsTime && !timeField) continue;
			const binding = bindMeasure(template, stream, model, entities);
			if (!binding) continue;
			const filter = template.filter ? statusFilter(stream, template.filter) : undefined;
			if (template.filter && !filter && template.measure === 'rows') continue;
			claimed.add(`${template.id}:${entity.stream}`);
			const unit =
				template.unit === 'currency' && binding.integerMoney && binding.currency ? 'currency_minor' : template.unit;
			kpis.push({
				id: `${template.id}__${entity.stream}`,
				name: fill(template.name, entity, binding, ''),
				description: fill(template.description, entity, binding, filter?.text ?? ''),
				stream: entity.stream,
				measure: binding.measure,
				aggregation: template.aggregation,
				timeColumn: timeField?.column ?? null,
				...(inherited ? { timeJoin: inherited.join } : {}),
				grain: timeField ? grainFor(timeField) : null,
				filters: filter ? [filter.filter] : [],
				unit,
				...(binding.currency && template.unit === 'currency' ? { currencyColumn: binding.currency.column } : {}),
				evidence: `${entity.stream} is ${entity.entityType.replace(/_/g, ' ')} data${binding.column !== '*' ? ` with ${binding.column}` : ''}${timeField ? ` dated by ${timeField.column}` : ''}`,
				source: 'rules',
			});
		}
	}
	return kpis;
}
