// Entity types (like Metabase's entity types): which stream names denote which kind of business thing,
// and the role such a stream plays in an analytical model. Names are singular word-token runs; the best
// match is the longest run, preferring one that ends at the stream name's last word (its head noun).

import type { EntityRole } from '../business/types';

export interface EntityTypeRule {
	type: string;
	label: string;
	names: string[];
	role: EntityRole;
	/** Rows describe people (customers, users, employees, contacts). */
	person?: boolean;
	/** Rows are money-bearing transactions. */
	transactional?: boolean;
}

export const ENTITY_TYPES: EntityTypeRule[] = [
	{ type: 'order_line', label: 'order line', role: 'fact', transactional: true, names: ['order line', 'order item', 'order detail', 'line item', 'invoice line', 'invoice item', 'cart item', 'purchase item', 'sale line', 'sales line', 'order product', 'invoice line item', 'checkout session line item', 'basket item'] },
	{ type: 'order', label: 'order', role: 'fact', transactional: true, names: ['order', 'purchase', 'sale', 'checkout', 'checkout session', 'cart', 'basket', 'sales order', 'purchase order'] },
	{ type: 'invoice', label: 'invoice', role: 'fact', transactional: true, names: ['invoice', 'bill', 'receipt', 'credit note'] },
	{ type: 'payment', label: 'payment', role: 'fact', transactional: true, names: ['payment', 'charge', 'transaction', 'balance transaction', 'payment intent', 'refund', 'payout', 'transfer', 'dispute', 'settlement', 'customer balance transaction'] },
	{ type: 'subscription', label: 'subscription', role: 'fact', transactional: true, names: ['subscription', 'subscription item', 'membership', 'contract', 'renewal'] },
	{ type: 'payment_method', label: 'payment method', role: 'reference', names: ['bank account', 'external account', 'external account bank account', 'card', 'external account card', 'payment method', 'payment source', 'wallet'] },
	{ type: 'plan', label: 'plan', role: 'reference', names: ['plan', 'price', 'pricing', 'tier', 'price book'] },
	{ type: 'coupon', label: 'coupon', role: 'reference', names: ['coupon', 'discount', 'promotion', 'promotion code', 'voucher', 'promo', 'promo code'] },
	{ type: 'customer', label: 'customer', role: 'dimension', person: true, names: ['customer', 'client', 'buyer', 'shopper', 'patron', 'customer demographic'] },
	{ type: 'user', label: 'user', role: 'dimension', person: true, names: ['user', 'member', 'subscriber', 'profile', 'visitor', 'student', 'patient', 'guest'] },
	{ type: 'employee', label: 'employee', role: 'dimension', person: true, names: ['employee', 'staff', 'agent', 'rep', 'worker', 'team member', 'owner', 'salesperson', 'teacher', 'doctor'] },
	{ type: 'contact', label: 'contact', role: 'dimension', person: true, names: ['contact', 'lead', 'prospect', 'person', 'people'] },
	{ type: 'company', label: 'company', role: 'dimension', names: ['company', 'organization', 'organisation', 'account', 'business', 'firm'] },
	{ type: 'supplier', label: 'supplier', role: 'dimension', names: ['supplier', 'vendor', 'manufacturer', 'merchant', 'seller'] },
	{ type: 'shipper', label: 'shipper', role: 'reference', names: ['shipper', 'carrier', 'courier', 'shipping method'] },
	{ type: 'product', label: 'product', role: 'dimension', names: ['product', 'item', 'sku', 'variant', 'article', 'good', 'merchandise', 'inventory item', 'catalog item', 'listing', 'service'] },
	{ type: 'content', label: 'content item', role: 'dimension', names: ['track', 'song', 'video', 'movie', 'film', 'episode', 'podcast', 'book', 'post', 'course', 'lesson'] },
	{ type: 'creator', label: 'creator', role: 'dimension', names: ['artist', 'author', 'creator', 'publisher', 'band', 'composer', 'studio'] },
	{ type: 'collection', label: 'collection', role: 'dimension', names: ['album', 'playlist', 'collection', 'series', 'season', 'catalog', 'catalogue'] },
	{ type: 'category', label: 'category', role: 'reference', names: ['category', 'genre', 'type', 'media type', 'tag', 'label', 'class', 'group', 'segment', 'department', 'kind', 'status'] },
	{ type: 'location', label: 'location', role: 'reference', names: ['region', 'territory', 'country', 'state', 'us state', 'city', 'location', 'address', 'store', 'warehouse', 'branch', 'site', 'zone', 'area'] },
	{ type: 'event', label: 'event', role: 'event', names: ['event', 'log', 'activity', 'click', 'pageview', 'page view', 'session', 'visit', 'audit', 'impression', 'engagement', 'message', 'email event'] },
	{ type: 'ticket', label: 'ticket', role: 'fact', names: ['ticket', 'issue', 'case', 'incident', 'conversation', 'complaint', 'request'] },
	{ type: 'deal', label: 'deal', role: 'fact', transactional: true, names: ['deal', 'opportunity', 'quote', 'pipeline', 'proposal', 'estimate'] },
	{ type: 'campaign', label: 'campaign', role: 'dimension', names: ['campaign', 'ad', 'ad set', 'adset', 'ad group', 'creative', 'newsletter', 'email campaign', 'list'] },
	{ type: 'shipment', label: 'shipment', role: 'fact', names: ['shipment', 'delivery', 'fulfillment', 'fulfilment', 'parcel'] },
	{ type: 'booking', label: 'booking', role: 'fact', transactional: true, names: ['booking', 'reservation', 'appointment', 'stay', 'enrollment', 'enrolment'] },
	{ type: 'code_change', label: 'code change', role: 'event', names: ['commit', 'pull request', 'merge request', 'release', 'deployment', 'build', 'workflow run', 'review comment', 'issue comment'] },
	{ type: 'repository', label: 'repository', role: 'dimension', names: ['repository', 'repo', 'project', 'branch', 'team'] },
	{ type: 'review', label: 'review', role: 'fact', names: ['review', 'rating', 'feedback', 'survey', 'nps', 'survey response'] },
	{ type: 'inventory', label: 'inventory level', role: 'fact', names: ['inventory', 'stock', 'stock level', 'inventory level'] },
	{ type: 'ledger', label: 'ledger entry', role: 'fact', transactional: true, names: ['journal', 'journal entry', 'ledger', 'ledger entry', 'expense', 'budget', 'gl account'] },
];

/** Entity types whose rows are about people, for PII context and business wording. */
export const PERSON_ENTITY_TYPES = new Set(ENTITY_TYPES.filter((rule) => rule.person).map((rule) => rule.type));
/** Entity types that can be "customers" of the business (whose distinct count is a KPI). */
export const CUSTOMER_LIKE_TYPES = new Set(['customer', 'user', 'contact', 'company']);
