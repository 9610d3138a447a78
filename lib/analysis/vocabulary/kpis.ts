// KPI templates: which KPI applies to which entity type, and which column roles it needs. The KPI builder
// binds each template to real columns found by the column vocabularies; a template without its columns
// is skipped.

import type { KpiAggregation } from '../business/types';

export type KpiMeasureRole =
	| 'rows'
	| 'headline_money'
	| 'line_amount'
	| 'quantity'
	| 'customer_reference';

export type KpiFilterRole = 'success_status' | 'active_status' | 'open_status';

export interface KpiTemplate {
	id: string;
	/** `{label}` / `{labels}` are the entity's singular / plural label; `{column}` the bound measure column. */
	name: string;
	description: string;
	entityTypes: string[];
	/** Also applies to any stream of these roles when its entity type is not in the list. */
	roles?: string[];
	measure: KpiMeasureRole;
	aggregation: KpiAggregation;
	/** Needs an event-time column (time series KPI). */
	needsTime: boolean;
	filter?: KpiFilterRole;
	unit: 'count' | 'currency' | 'number';
}

export const KPI_TEMPLATES: KpiTemplate[] = [
	{ id: 'revenue', name: 'Revenue ({labels})', description: 'Sum of {column} over {labels}{filter}, per period.', entityTypes: ['order', 'invoice', 'payment', 'booking', 'deal', 'subscription'], measure: 'headline_money', aggregation: 'sum', needsTime: true, filter: 'success_status', unit: 'currency' },
	{ id: 'line_revenue', name: 'Sales from {labels}', description: 'Sum of {column} over {labels}.', entityTypes: ['order_line'], measure: 'line_amount', aggregation: 'sum', needsTime: false, unit: 'currency' },
	{ id: 'units_sold', name: 'Units sold', description: 'Sum of {column} over {labels}.', entityTypes: ['order_line'], measure: 'quantity', aggregation: 'sum', needsTime: false, unit: 'number' },
	{ id: 'average_value', name: 'Average {label} value', description: 'Average {column} per {label}{filter}.', entityTypes: ['order', 'invoice', 'payment', 'booking', 'deal'], measure: 'headline_money', aggregation: 'avg', needsTime: true, filter: 'success_status', unit: 'currency' },
	{ id: 'volume', name: '{labels} per period', description: 'Number of {labels} created per period.', entityTypes: ['order', 'invoice', 'payment', 'subscription', 'ticket', 'deal', 'booking', 'shipment', 'event', 'review', 'code_change', 'ledger'], roles: ['fact', 'event'], measure: 'rows', aggregation: 'count', needsTime: true, unit: 'count' },
	{ id: 'active_customers', name: 'Active {parentLabels}', description: 'Distinct {parentLabels} with at least one {label} in the period ({column}).', entityTypes: ['order', 'invoice', 'payment', 'subscription', 'booking', 'deal'], measure: 'customer_reference', aggregation: 'count_distinct', needsTime: true, unit: 'count' },
	{ id: 'new_entities', name: 'New {labels}', description: 'Number of new {labels} per period.', entityTypes: ['customer', 'user', 'contact', 'company', 'subscription'], measure: 'rows', aggregation: 'count', needsTime: true, unit: 'count' },
	{ id: 'active_subscriptions', name: 'Active {labels}', description: 'Number of {labels} whose status is active.', entityTypes: ['subscription'], measure: 'rows', aggregation: 'count', needsTime: false, filter: 'active_status', unit: 'count' },
	{ id: 'open_items', name: 'Open {labels}', description: 'Number of {labels} still open.', entityTypes: ['ticket', 'deal'], measure: 'rows', aggregation: 'count', needsTime: false, filter: 'open_status', unit: 'count' },
];
